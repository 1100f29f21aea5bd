package suppress

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/srcedit"
)

// Name is the name of the analyzer that reports directives needing attention.
const Name = "ignore"

const prefix = "//concvet:ignore"

// Wrap returns, for each check, a copy that honours //concvet:ignore
// directives, followed by the ignore analyzer, which requires every copy and
// reports directives that silenced nothing, lack a reason or name a check
// that is not among checks.
//
// A copy keeps the check's Name, Doc, URL, Flags, Requires and FactTypes,
// and prefixes each message it reports with "<check>: ", since go vet,
// the multichecker and golangci-lint print only "file:line:col: message".
// Its Result records which directives it used, so a check must have no
// Result of its own. Wrap panics if one does, or if a check is named ignore: both are
// programming errors in the suite.
func Wrap(checks ...*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, 0, len(checks)+1)
	for _, c := range checks {
		if c.ResultType != nil {
			panic(fmt.Sprintf("suppress.Wrap: check %s has a ResultType; a check reports diagnostics only, shared results belong in an analyzer it requires", c.Name))
		}
		if c.Name == Name {
			panic("suppress.Wrap: a check may not be named " + Name)
		}
		// Copying the struct shares the check's FlagSet maps, so flags the
		// check defined in its init stay reachable as -<check>.<flag>.
		w := *c
		run := c.Run
		name := c.Name
		w.Run = func(pass *analysis.Pass) (any, error) { return runWrapped(name, run, pass) }
		w.ResultType = usedType
		out = append(out, &w)
	}
	wrapped := slices.Clone(out)
	out = append(out, &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/concvet/concvet/internal/suppress",
		Requires: wrapped,
		Run:      func(pass *analysis.Pass) (any, error) { return runIgnore(wrapped, pass) },
	})
	return out
}

// used is a wrapped check's Result: the directives (by comment position)
// that silenced at least one of its findings in the package.
type used map[token.Pos]bool

var usedType = reflect.TypeFor[used]()

// A directive is one //concvet:ignore comment.
type directive struct {
	comment *ast.Comment
	file    *token.File
	line    int  // the comment's line, ignoring //line directives
	alone   bool // no code precedes the comment on its line
	checks  []string
	reason  string
	src     []byte // the file's content, nil if it could not be read
}

// covers reports whether a finding at line silences under d.
func (d *directive) covers(line int) bool {
	return line == d.line || d.alone && line == d.line+1
}

func (d *directive) names(check string) bool { return slices.Contains(d.checks, check) }

// directives returns the package's directives in source order. Generated
// files are skipped: a generator's directives are not the user's decisions
// (cgo's rewrites of the user's files are the user's: srcedit.Generated).
func directives(pass *analysis.Pass) []*directive {
	var out []*directive
	for _, f := range pass.Files {
		if srcedit.Generated(f) {
			continue
		}
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		var src []byte
		read := false
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, prefix)
				if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue
				}
				if !read {
					read = true
					if pass.ReadFile != nil {
						src, _ = pass.ReadFile(tf.Name())
					}
				}
				d := &directive{comment: c, file: tf, line: rawLine(tf, c.Pos()), src: src}
				d.alone = aloneOnLine(tf, src, c.Pos())
				fields := strings.Fields(rest)
				if len(fields) > 0 {
					for name := range strings.SplitSeq(fields[0], ",") {
						if name != "" && !slices.Contains(d.checks, name) {
							d.checks = append(d.checks, name)
						}
					}
					d.reason = strings.Join(fields[1:], " ")
				}
				out = append(out, d)
			}
		}
	}
	return out
}

// rawLine is pos's line in tf itself, ignoring //line directives: the
// lines of a file cgo rewrote follow the user's by such directives, and a
// directive and the finding below it must be compared, and a line deleted,
// in the file as parsed.
func rawLine(tf *token.File, pos token.Pos) int {
	return tf.PositionFor(pos, false).Line
}

// aloneOnLine reports whether only blanks precede pos on its line. When the
// source cannot be read (a driver without Pass.ReadFile), the directive is
// taken to stand alone, so that it covers the line below as well: wrongly
// silencing is less harmful there than a directive that never works.
func aloneOnLine(tf *token.File, src []byte, pos token.Pos) bool {
	start := tf.Offset(tf.LineStart(rawLine(tf, pos)))
	end := tf.Offset(pos)
	if src == nil || end > len(src) || start > end {
		return true
	}
	return len(bytes.TrimLeft(src[start:end], " \t")) == 0
}

func runWrapped(name string, run func(*analysis.Pass) (any, error), pass *analysis.Pass) (any, error) {
	type key struct {
		file *token.File
		line int
	}
	index := make(map[key][]*directive)
	for _, d := range directives(pass) {
		// A directive without a reason silences nothing: the ignore
		// analyzer asks for one, and the finding stays visible meanwhile.
		if d.reason == "" || !d.names(name) {
			continue
		}
		index[key{d.file, d.line}] = append(index[key{d.file, d.line}], d)
		if d.alone {
			index[key{d.file, d.line + 1}] = append(index[key{d.file, d.line + 1}], d)
		}
	}

	u := make(used)
	cgo := cgoFiles(pass)
	inner := *pass
	inner.Report = func(diag analysis.Diagnostic) {
		dropCgoFixes(pass, cgo, &diag)
		if tf := pass.Fset.File(diag.Pos); tf != nil && len(index) > 0 {
			if ds := index[key{tf, rawLine(tf, diag.Pos)}]; len(ds) > 0 {
				for _, d := range ds {
					u[d.comment.Pos()] = true
				}
				return
			}
		}
		// go vet and golangci-lint print only the message, so the message
		// itself must say which check to name in a directive.
		diag.Message = name + ": " + diag.Message
		pass.Report(diag)
	}
	_, err := run(&inner)
	return u, err
}

// cgoFiles returns the files of the package that cmd/cgo rewrote from the
// user's files (srcedit.CgoRewritten).
func cgoFiles(pass *analysis.Pass) map[*token.File]bool {
	var out map[*token.File]bool
	for _, f := range pass.Files {
		if srcedit.CgoRewritten(f) {
			if out == nil {
				out = map[*token.File]bool{}
			}
			out[pass.Fset.File(f.FileStart)] = true
		}
	}
	return out
}

// dropCgoFixes removes the suggested fixes of a diagnostic in a file cgo
// rewrote: their edits are offsets in cgo's copy (in the build cache), not
// in the user's file, which drivers would then leave untouched or, worse,
// edit at the wrong place. The finding itself stays, at the user's line.
func dropCgoFixes(pass *analysis.Pass, cgo map[*token.File]bool, diag *analysis.Diagnostic) {
	if len(cgo) > 0 && len(diag.SuggestedFixes) > 0 && cgo[pass.Fset.File(diag.Pos)] {
		diag.SuggestedFixes = nil
	}
}

func runIgnore(checks []*analysis.Analyzer, pass *analysis.Pass) (any, error) {
	byName := make(map[string]*analysis.Analyzer, len(checks))
	var names []string
	for _, c := range checks {
		byName[c.Name] = c
		names = append(names, c.Name)
	}
	slices.Sort(names)
	known := "the suite has no checks"
	if len(names) > 0 {
		known = "known checks are " + strings.Join(names, ", ")
	}

	cgo := cgoFiles(pass)
	report := func(d *directive, msg string, fix bool) {
		diag := analysis.Diagnostic{
			Pos:      d.comment.Pos(),
			End:      d.comment.End(),
			Category: Name,
			Message:  Name + ": " + msg,
		}
		if fix {
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "remove the directive",
				TextEdits: []analysis.TextEdit{deletion(d)},
			}}
		}
		dropCgoFixes(pass, cgo, &diag)
		pass.Report(diag)
	}

	for _, d := range directives(pass) {
		if len(d.checks) == 0 {
			report(d, "concvet:ignore directive names no check: write //concvet:ignore <check> <reason>", false)
			continue
		}
		var unused []string
		allKnown := true
		for _, name := range d.checks {
			c, ok := byName[name]
			if !ok {
				allKnown = false
				report(d, fmt.Sprintf("concvet:ignore directive names unknown check %q: %s", name, known), false)
				continue
			}
			if u, _ := pass.ResultOf[c].(used); !u[d.comment.Pos()] {
				unused = append(unused, name)
			}
		}
		if d.reason == "" {
			report(d, "concvet:ignore directive has no reason, so it silences nothing: say after the check name why the finding is wrong", false)
			continue
		}
		if len(unused) == 0 {
			continue
		}
		list := strings.Join(unused, ",")
		if allKnown && len(unused) == len(d.checks) {
			report(d, fmt.Sprintf("concvet:ignore directive for %s silences nothing: remove it", list), true)
		} else {
			report(d, fmt.Sprintf("concvet:ignore directive for %s silences nothing: remove %s from it", list, list), false)
		}
	}
	return nil, nil
}

// deletion removes directive d: the whole line when it stands alone, else
// the comment and the blanks before it.
func deletion(d *directive) analysis.TextEdit {
	tf := d.file
	pos, end := d.comment.Pos(), d.comment.End()
	if d.src == nil {
		return analysis.TextEdit{Pos: pos, End: end}
	}
	if d.alone {
		pos = tf.LineStart(d.line)
		if d.line < tf.LineCount() {
			end = tf.LineStart(d.line + 1)
		} else {
			end = token.Pos(tf.Base() + tf.Size())
		}
		return analysis.TextEdit{Pos: pos, End: end}
	}
	off := tf.Offset(pos)
	if off <= len(d.src) {
		trimmed := len(bytes.TrimRight(d.src[:off], " \t"))
		pos -= token.Pos(off - trimmed)
	}
	return analysis.TextEdit{Pos: pos, End: end}
}

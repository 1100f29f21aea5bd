package analyzers_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concvet/concvet/analyzers"
)

var update = flag.Bool("update", false, "rewrite the table of checks in ../README.md from analyzers.Suite and the corpus judgements (and, with -corpus, the judgements file)")

// ignoreName is the analyzer, added by suppress.Wrap, that reports
// //concvet:ignore directives that silence nothing. It is the one analyzer
// of the Suite without a package of its own under analyzers/.
const ignoreName = "ignore"

// TestSuiteAnalyzers checks the shape of every analyzer in the Suite: valid,
// uniquely named after its package, documented.
func TestSuiteAnalyzers(t *testing.T) {
	if len(analyzers.Suite) == 0 {
		t.Fatal("analyzers.Suite is empty")
	}
	if err := analysis.Validate(analyzers.Suite); err != nil {
		t.Fatalf("analysis.Validate(Suite): %v", err)
	}

	seen := make(map[string]bool)
	for _, a := range analyzers.Suite {
		if seen[a.Name] {
			t.Errorf("two analyzers in Suite are named %q", a.Name)
		}
		seen[a.Name] = true

		if _, err := summary(a); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}

		if a.Name == ignoreName {
			continue
		}
		// The check lives in analyzers/<Name>, a package named <Name>.
		dir := a.Name
		name, err := packageName(dir)
		if err != nil {
			t.Errorf("%s: the check's package analyzers/%s: %v", a.Name, dir, err)
			continue
		}
		if name != a.Name {
			t.Errorf("%s: analyzers/%s declares package %s, want %s", a.Name, dir, name, a.Name)
		}
	}
	if !seen[ignoreName] {
		t.Errorf("Suite has no %q analyzer reporting unused //concvet:ignore directives", ignoreName)
	}

	// Every check package under analyzers/ is in the Suite: none is forgotten.
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "testdata" || e.Name() == "internal" {
			continue
		}
		if _, err := packageName(e.Name()); err != nil {
			continue // not a Go package
		}
		if !seen[e.Name()] {
			t.Errorf("analyzers/%s is a package but no analyzer of that name is in Suite", e.Name())
		}
	}
}

// packageName returns the package clause shared by the non-test Go files of
// dir.
func packageName(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	name := ""
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		if name != "" && af.Name.Name != name {
			return "", fmt.Errorf("files declare packages %s and %s", name, af.Name.Name)
		}
		name = af.Name.Name
	}
	if name == "" {
		return "", fmt.Errorf("no Go files")
	}
	return name, nil
}

// summary returns the first line of a's Doc after checking that it is a
// one-line summary: non-empty, short, without a final period, not repeating
// the name, and followed by a blank line if the Doc goes on.
func summary(a *analysis.Analyzer) (string, error) {
	first, rest, more := strings.Cut(a.Doc, "\n")
	first = strings.TrimSpace(first)
	switch {
	case first == "":
		return "", fmt.Errorf("Doc is empty or starts with a blank line")
	case utf8.RuneCountInString(first) > 100:
		return "", fmt.Errorf("Doc's first line is %d characters; a summary fits in 100: %q", utf8.RuneCountInString(first), first)
	case strings.HasSuffix(first, "."):
		return "", fmt.Errorf("Doc's first line ends with a period: %q", first)
	case strings.HasPrefix(first, a.Name+":"):
		return "", fmt.Errorf("Doc's first line repeats the name (use analyzerutil-style extraction that strips it): %q", first)
	case more && strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0]) != "":
		return "", fmt.Errorf("Doc's first line is not followed by a blank line: %q", first)
	}
	return first, nil
}

// TestGuide runs the whole Suite at once over the concurrency guide turned
// into code (../testdata/src/guide/...) and compares the findings with the
// // want comments there: every finding must be wanted, every want matched.
//
// A want is `// want "regexp"...` (also after other comment text, as in
// analysistest); its regexp is matched against "<check>: <message>". Files
// holding a bug carry a marker naming the check that should report it —
// // LEAK(<check>), // RACE(<check>), // DEADLOCK(<check>) or
// // PANIC(<check>) — on the line the finding belongs to. Files with no
// marker are correct code: they must have no want, so no finding there can
// be accepted. And once a check is in the Suite, every marker naming it must
// carry a want: the guide's bugs are the suite's recall floor.
func TestGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	testdata, pkgs := loadTestdata(t, "guide/...")

	inSuite := make(map[string]bool)
	for _, a := range analyzers.Suite {
		inSuite[a.Name] = true
	}

	// Expectations, keyed by file:line.
	type want struct {
		re      *regexp.Regexp
		matched bool
	}
	wants := make(map[string][]*want)
	markers := make(map[string][]string) // file:line -> checks
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			fileMarked, fileWants := false, []string(nil)
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					posn := p.Fset.Position(c.Slash)
					key := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
					where := rel(testdata, key)
					for _, m := range markerRE.FindAllStringSubmatch(c.Text, -1) {
						check := m[2]
						if !inSuite[check] {
							t.Errorf("%s: %s names no check of the Suite", where, m[0])
						}
						markers[key] = append(markers[key], check)
						fileMarked = true
					}
					pats, err := parseWant(c.Text)
					if err != nil {
						t.Errorf("%s: %v", where, err)
						continue
					}
					for _, pat := range pats {
						re, err := regexp.Compile(pat)
						if err != nil {
							t.Errorf("%s: want %q: %v", where, pat, err)
							continue
						}
						wants[key] = append(wants[key], &want{re: re})
						fileWants = append(fileWants, key)
					}
				}
			}
			if !fileMarked {
				for _, key := range fileWants {
					t.Errorf("%s: a want in a file with no LEAK/RACE/DEADLOCK/PANIC marker; correct code must stay silent", rel(testdata, key))
				}
			}
		}
	}
	markedLines := make([]string, 0, len(markers))
	for key := range markers {
		markedLines = append(markedLines, key)
	}
	slices.Sort(markedLines)
	for _, key := range markedLines {
		for _, check := range markers[key] {
			if inSuite[check] && len(wants[key]) == 0 {
				t.Errorf("%s: marked for %s, which is in the Suite, but has no // want: the check must report the guide's bug", rel(testdata, key), check)
			}
		}
	}

	graph, err := checker.Analyze(analyzers.Suite, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var unexpected []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		for _, d := range act.Diagnostics {
			if d.Category != "" && d.Category != act.Analyzer.Name {
				t.Errorf("%s: diagnostic category %q, want the check's name", act.Analyzer.Name, d.Category)
			}
			posn := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
			text := d.Message // suppress.Wrap prefixes it with the check's name
			ok := false
			for _, w := range wants[key] {
				if !w.matched && w.re.MatchString(text) {
					w.matched, ok = true, true
					break
				}
			}
			if !ok {
				hint := ""
				if checks, marked := markers[key]; marked {
					hint = fmt.Sprintf(" (the line is marked for %s: add a // want)", strings.Join(checks, ", "))
				}
				unexpected = append(unexpected, fmt.Sprintf("%s:%d: unexpected finding %s%s", rel(testdata, posn.Filename), posn.Line, text, hint))
			}
		}
	}
	slices.Sort(unexpected)
	for _, u := range unexpected {
		t.Error(u)
	}
	keys := make([]string, 0, len(wants))
	for key := range wants {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		for _, w := range wants[key] {
			if !w.matched {
				t.Errorf("%s: no finding matched want %q", rel(testdata, key), w.re)
			}
		}
	}
}

// loadTestdata loads the packages matching pattern from ../testdata, a
// GOPATH tree, with their syntax and types; it stops the test on any load
// error. It returns the absolute path of ../testdata.
func loadTestdata(t *testing.T, pattern string) (string, []*packages.Package) {
	t.Helper()
	testdata, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(testdata, "src"),
		Env: append(os.Environ(),
			"GOPATH="+testdata,
			"GO111MODULE=off",
			"GOFLAGS=",
			"GOWORK=off",
		),
	}
	pkgs, err := packages.Load(cfg, pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no packages match %s under %s", pattern, testdata)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("loading %s: %v", p.PkgPath, e)
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	return testdata, pkgs
}

var markerRE = regexp.MustCompile(`\b(LEAK|RACE|DEADLOCK|PANIC)\((\w+)\)`)

// parseWant returns the quoted patterns of a `// want "re" ...` comment, or
// nil if c is not one. As in analysistest, "// want" may follow other text
// within the comment.
func parseWant(c string) ([]string, error) {
	text, ok := strings.CutPrefix(c, "//")
	if !ok {
		return nil, nil
	}
	if i := strings.Index(text, "// want"); i >= 0 {
		text = text[i+len("// "):]
	}
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, "want")
	if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return nil, nil
	}
	var pats []string
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil, fmt.Errorf("malformed want at %q: patterns must be quoted strings", rest)
		}
		pat, err := strconv.Unquote(q)
		if err != nil {
			return nil, err
		}
		pats = append(pats, pat)
		rest = rest[len(q):]
	}
	if len(pats) == 0 {
		return nil, fmt.Errorf("want without a pattern")
	}
	return pats, nil
}

func rel(base, path string) string {
	if r, err := filepath.Rel(base, path); err == nil {
		return r
	}
	return path
}

const (
	tableBegin = "<!-- checks:begin -->"
	tableEnd   = "<!-- checks:end -->"
)

// checksTable renders the README's table of checks from the Suite.
// The precision column is computed from the corpus judgements
// (judgementsFile).
func checksTable(t *testing.T) string {
	_, judgements, err := readJudgements(judgementsFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("| check | what it finds | precision on corpus |\n")
	b.WriteString("|---|---|---|\n")
	for _, a := range analyzers.Suite {
		sum, err := summary(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		name := "`" + a.Name + "`"
		if a.Name != ignoreName {
			name = fmt.Sprintf("[`%s`](analyzers/%s)", a.Name, a.Name)
		}
		p := "—"
		if a.Name != ignoreName {
			p = precisionColumn(judgements, a.Name)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, strings.ReplaceAll(sum, "|", `\|`), p)
	}
	return b.String()
}

// TestREADMEChecksTable keeps the README's table of checks equal to the one
// built from the Suite and the corpus judgements: it fails when the README
// and the judgements file disagree; with -update it rewrites the README.
func TestREADMEChecksTable(t *testing.T) {
	const readme = "../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(data, []byte(tableBegin))
	current, after, ok2 := bytes.Cut(rest, []byte(tableEnd))
	if !ok1 || !ok2 {
		t.Fatalf("%s lacks the %s … %s block", readme, tableBegin, tableEnd)
	}
	want := "\n" + checksTable(t)
	if string(current) == want {
		return
	}
	if *update {
		var out bytes.Buffer
		out.Write(before)
		out.WriteString(tableBegin)
		out.WriteString(want)
		out.WriteString(tableEnd)
		out.Write(after)
		if err := os.WriteFile(readme, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the table of checks in %s", readme)
		return
	}
	t.Errorf("the table of checks in %s is out of date with analyzers.Suite and %s; run\n\tgo test ./analyzers -run TestREADMEChecksTable -update\nwant:\n%s\ngot:\n%s", readme, judgementsFile, want, current)
}

package vetrun

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// A FixResult says what ApplyFixes did.
type FixResult struct {
	Fixes, Applied, Skipped int // Skipped: edits a generated file
	Files                   int // files written or diffed
	// Left are the diagnostics whose fix was not applied (or that have
	// none), by index in ApplyFixes's diags, in order.
	Left []Left
}

// Left is a diagnostic ApplyFixes left as it is, and why ("" when it has
// no fix).
type Left struct {
	Index int
	Why   string
}

type edit struct {
	start, end int
	text       string
}

// ApplyFixes applies the first suggested fix of each diagnostic, as the
// x/tools drivers' -fix does: a fix is applied whole or not at all; it is
// dropped when one of its edits overlaps an edit of a fix already taken
// (an identical edit, such as the same fix reported for a file in two
// units, merges), or touches a generated file. Each changed file is
// gofmt'ed when it parses. With diff set, the files are left alone and a
// unified diff of each is written to out instead.
func ApplyFixes(files *Files, diags []analysis.Diagnostic, diff bool, out io.Writer) (FixResult, error) {
	var res FixResult
	taken := make(map[string][]edit) // by file, sorted, not overlapping
	generated := make(map[string]bool)
	isGenerated := func(name string) bool {
		g, ok := generated[name]
		if !ok {
			data, _ := files.Content(name)
			f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.PackageClauseOnly|parser.ParseComments)
			g = err == nil && ast.IsGenerated(f)
			generated[name] = g
		}
		return g
	}
fixes:
	for i, d := range diags {
		if len(d.SuggestedFixes) == 0 {
			res.Left = append(res.Left, Left{i, ""})
			continue
		}
		res.Fixes++
		left := func(why string) { res.Left = append(res.Left, Left{i, why}) }
		fix := d.SuggestedFixes[0]
		next := make(map[string][]edit)
		for _, te := range fix.TextEdits {
			tf := files.Fset.File(te.Pos)
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			if tf == nil || files.Fset.File(end) != tf {
				left("its fix spans files it cannot edit")
				continue fixes
			}
			name := tf.Name()
			if isGenerated(name) {
				res.Skipped++
				left("its fix edits a generated file")
				continue fixes
			}
			e := edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)}
			if e.end < e.start {
				left("its fix is malformed")
				continue fixes
			}
			cur, ok := next[name]
			if !ok {
				cur = slices.Clone(taken[name])
			}
			cur, ok = insert(cur, e)
			if !ok {
				left("its fix overlaps one applied before it (run -fix again)")
				continue fixes
			}
			next[name] = cur
		}
		for name, edits := range next {
			taken[name] = edits
		}
		res.Applied++
	}

	names := make([]string, 0, len(taken))
	for name := range taken {
		names = append(names, name)
	}
	slices.Sort(names)
	var writeErr error
	for _, name := range names {
		before, _ := files.Content(name)
		after := apply(before, taken[name])
		if formatted, err := format.Source(after); err == nil {
			after = formatted
		}
		if bytes.Equal(before, after) {
			continue
		}
		res.Files++
		if diff {
			io.WriteString(out, unified(name+" (old)", name+" (new)", before, after))
			continue
		}
		info, err := os.Stat(name)
		mode := os.FileMode(0o644)
		if err == nil {
			mode = info.Mode().Perm()
		}
		if err := os.WriteFile(name, after, mode); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	return res, writeErr
}

// insert adds e to the sorted, non-overlapping edits, unless it conflicts
// with one of them; an identical edit is merged.
func insert(edits []edit, e edit) ([]edit, bool) {
	for _, o := range edits {
		if o == e {
			return edits, true
		}
		// Two insertions at one point have no order; otherwise edits
		// conflict when their ranges share a byte.
		if o.start == e.start && o.end == o.start && e.end == e.start ||
			e.start < o.end && o.start < e.end ||
			e.start == e.end && o.start < e.start && e.start < o.end ||
			o.start == o.end && e.start < o.start && o.start < e.end {
			return edits, false
		}
	}
	i, _ := slices.BinarySearchFunc(edits, e, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	return slices.Insert(edits, i, e), true
}

func apply(src []byte, edits []edit) []byte {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// FixSummary is the message of the x/tools drivers when some fixes were
// not applied; "" when all were.
func FixSummary(res FixResult, diff bool) string {
	bad := res.Fixes - res.Applied - res.Skipped
	if bad == 0 {
		return ""
	}
	if diff {
		return fmt.Sprintf("%d of %s skipped (e.g. due to conflicts)", bad, plural(res.Fixes, "fix", "fixes"))
	}
	return fmt.Sprintf("applied %d of %s; %s updated. (Re-run the command to apply more.)",
		res.Applied, plural(res.Fixes, "fix", "fixes"), plural(res.Files, "file", "files"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

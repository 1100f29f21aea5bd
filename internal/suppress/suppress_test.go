package suppress_test

import (
	"go/ast"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/concvet/concvet/internal/suppress"
)

// gostmt is a fake check: it reports every go statement. It requires
// inspect and has a flag so that the test can see both survive wrapping.
var gostmt = &analysis.Analyzer{
	Name:     "gostmt",
	Doc:      "report every go statement\n\nA fake check for the suppress tests.",
	URL:      "https://example.com/gostmt",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for n := range in.PreorderSeq((*ast.GoStmt)(nil)) {
			pass.Reportf(n.Pos(), "go statement")
		}
		return nil, nil
	},
}

var gostmtVerbose = gostmt.Flags.Bool("verbose", false, "a flag that must survive wrapping")

// deferstmt is a second fake check, so that directives can name two checks
// and a directive for one can be seen not to silence the other.
var deferstmt = &analysis.Analyzer{
	Name: "deferstmt",
	Doc:  "report every defer statement",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if d, ok := n.(*ast.DeferStmt); ok {
					pass.ReportRangef(d, "defer statement")
				}
				return true
			})
		}
		return nil, nil
	},
}

var suite = suppress.Wrap(gostmt, deferstmt)

func TestSilence(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), suite[0], "silence")
}

func TestIgnore(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), suite[2], "directives")
	for _, r := range results {
		if !slices.IsSortedFunc(r.Diagnostics, func(a, b analysis.Diagnostic) int { return int(a.Pos - b.Pos) }) {
			t.Errorf("ignore reported out of source order")
		}
	}
}

func TestWrapKeepsAnalyzer(t *testing.T) {
	if len(suite) != 3 || suite[2].Name != suppress.Name {
		t.Fatalf("Wrap returned %d analyzers ending in %q, want the 2 checks then %s", len(suite), suite[len(suite)-1].Name, suppress.Name)
	}
	w := suite[0]
	if w == gostmt {
		t.Fatal("Wrap returned the check itself, not a copy")
	}
	if w.Name != gostmt.Name || w.Doc != gostmt.Doc || w.URL != gostmt.URL ||
		!slices.Equal(w.Requires, gostmt.Requires) || !slices.Equal(w.FactTypes, gostmt.FactTypes) {
		t.Errorf("wrapped check differs from the check: %+v", w)
	}
	if err := w.Flags.Set("verbose", "true"); err != nil || !*gostmtVerbose {
		t.Errorf("setting the wrapped check's flag did not reach the check: %v", err)
	}
	if !slices.Equal(suite[2].Requires, suite[:2]) {
		t.Errorf("ignore requires %v, want the wrapped checks", suite[2].Requires)
	}
	if err := analysis.Validate(suite); err != nil {
		t.Error(err)
	}
	if first, _, _ := strings.Cut(suite[2].Doc, "\n"); !strings.HasPrefix(first, "report ") || strings.HasSuffix(first, ".") {
		t.Errorf("ignore's Doc summary %q should be a lower-case phrase without final period", first)
	}
}

func TestWrapRejectsResult(t *testing.T) {
	for _, a := range []*analysis.Analyzer{
		{Name: "withresult", Doc: "x", ResultType: reflect.TypeFor[int](), Run: gostmt.Run},
		{Name: suppress.Name, Doc: "x", Run: gostmt.Run},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Wrap(%s) did not panic", a.Name)
				}
			}()
			suppress.Wrap(a)
		}()
	}
}

package plugin

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestForGolangciDiagnostic(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("/src/a.go", -1, 100)
	a.SetLines([]int{0, 10, 20, 30})
	b := fset.AddFile("/src/b.go", -1, 100)
	b.SetLines([]int{0, 10, 20})

	for _, tc := range []struct {
		in   analysis.Diagnostic
		want string
	}{
		{analysis.Diagnostic{Pos: a.Pos(12), Message: "wgadd: what goes wrong"}, "what goes wrong"},
		{analysis.Diagnostic{Pos: a.Pos(12), Message: "what goes wrong"}, "what goes wrong"},
		{analysis.Diagnostic{Pos: a.Pos(12), Message: "wgadd: x", Related: []analysis.RelatedInformation{
			{Pos: a.Pos(25), Message: "the Wait"},
			{Pos: b.Pos(15), Message: "the Add"},
			{Pos: token.NoPos, Message: "somewhere"},
		}}, "x [the Wait: line 3; the Add: b.go:2; somewhere]"},
	} {
		got := forGolangciDiagnostic(fset, "wgadd", tc.in)
		if got.Message != tc.want || got.Related != nil {
			t.Errorf("forGolangciDiagnostic(%q) = %q, %v; want %q, no related", tc.in.Message, got.Message, got.Related, tc.want)
		}
	}
}

package engine

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// probeProg runs the engine on testdata package pkg and returns its Prog.
func probeProg(t *testing.T, pkg string) *Prog {
	t.Helper()
	var prog *Prog
	capture := &analysis.Analyzer{
		Name:     "capture",
		Doc:      "capture the engine's result",
		Requires: []*analysis.Analyzer{Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			prog = pass.ResultOf[Analyzer].(*Prog)
			if prog != nil {
				prog.ensure()
			}
			return nil, nil
		},
	}
	analysistest.Run(&silentT{t}, analysistest.TestData(), capture, pkg)
	return prog
}

// silentT drops analysistest's complaints about // want comments.
type silentT struct{ *testing.T }

func (t *silentT) Errorf(format string, args ...any) {}

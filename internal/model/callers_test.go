package model_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/model"
)

// callersProbe reports, as a fact-like diagnostic on each function of
// the package, how many calls Model.Callers returns when it says they
// are all of them.
var callersProbe = &analysis.Analyzer{
	Name:     "callersprobe",
	Doc:      "report the functions whose calls are all known",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, fn := range m.SourceFuncs() {
			calls, known := m.Callers(fn)
			if !known {
				continue
			}
			name := fn.Name()
			if fn.Parent() != nil {
				name = "lit"
			}
			pass.Reportf(fn.Pos(), "%s: %d calls, all known", name, len(calls))
		}
		return nil, nil
	},
}

func TestCallers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), callersProbe, "callers")
}

package model_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// condProbe reports, at each Cond.Wait of the package, the lock
// Model.CondLock gives for its Cond, or "unknown".
var condProbe = &analysis.Analyzer{
	Name:     "condprobe",
	Doc:      "report the lock of each Cond.Wait's Cond",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, fn := range m.SourceFuncs() {
			for _, blk := range fn.Blocks {
				for _, in := range blk.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok || !model.IsCondMethod(call.Call.StaticCallee(), "Wait") {
						continue
					}
					l := "unknown"
					if r, ok := m.CondLock(call.Call.Args[0]); ok {
						l = r.String()
					}
					pass.Reportf(call.Pos(), "Wait: %s", l)
				}
			}
		}
		return nil, nil
	},
}

func TestCondLock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), condProbe, "cond")
}

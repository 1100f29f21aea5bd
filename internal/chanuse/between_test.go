package chanuse_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/chanuse"
	"github.com/concvet/concvet/internal/model"
)

// betweenProbe reports, in each function of testdata/src/between, the
// calls of mark() that Between gives for the calls of from() and to().
var betweenProbe = &analysis.Analyzer{
	Name:     "betweenprobe",
	Doc:      "report the mark() calls between from() and to()",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, fn := range m.SourceFuncs() {
			var from, to ssa.Instruction
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					switch callee(in) {
					case "from":
						from = in
					case "to":
						to = in
					}
				}
			}
			if from == nil {
				continue
			}
			for _, in := range chanuse.Between(m, from, to) {
				if callee(in) == "mark" {
					pass.Reportf(in.Pos(), "between")
				}
			}
		}
		return nil, nil
	},
}

func callee(in ssa.Instruction) string {
	if c, ok := in.(*ssa.Call); ok {
		if f := c.Call.StaticCallee(); f != nil {
			return f.Name()
		}
	}
	return ""
}

func TestBetween(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), betweenProbe, "between")
}

package model_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// heldProbe reports, at every call of a function named probe, the mutexes
// HeldAt and MayHeldAt return there.
var heldProbe = &analysis.Analyzer{
	Name:     "heldprobe",
	Doc:      "report the mutexes held at probe() calls",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, fn := range m.SourceFuncs() {
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					if callee := call.Call.StaticCallee(); callee == nil || callee.Name() != "probe" {
						continue
					}
					pass.Reportf(call.Pos(), "must=[%s] may=[%s]", held(m.HeldAt(call)), held(m.MayHeldAt(call)))
				}
			}
		}
		return nil, nil
	},
}

func held(hs []model.Held) string {
	var s []string
	for _, h := range hs {
		name := h.Mutex.String()
		if h.Read {
			name += "(read)"
		}
		if h.Lock == nil || !h.Lock.Mutex.Same(h.Mutex) {
			name += "(no acquirer)"
		}
		s = append(s, name)
	}
	return strings.Join(s, " ")
}

func TestHeldAt(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), heldProbe, "locks")
}

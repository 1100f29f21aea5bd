package model_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// orderProbe states the ordering between goroutines and their spawner: at
// every call of s() in a spawning function it reports "concurrent" when the
// call can run while the goroutine's g() calls (all of them, or the one
// before which the goroutine signals) are pending; at a spawn, "repeats"
// when its goroutines can run in several instances and "overlaps" when it
// can run at the same time as an earlier spawn of the function.
var orderProbe = &analysis.Analyzer{
	Name:     "orderprobe",
	Doc:      "report the ordering of goroutines and spawners",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, s := range m.Spawns {
			var gs []ssa.Instruction
			if s.Target != nil {
				for _, fn := range m.SyncBody(s.Target) {
					gs = append(gs, callsOf(fn, "g")...)
				}
			}
			var a ssa.Instruction
			if len(gs) > 0 {
				a = gs[0]
			}
			for _, p := range callsOf(s.Func.Fn, "s") {
				if m.RunsWith(s, a, p, nil) {
					pass.Reportf(p.Pos(), "concurrent")
				}
			}
			if m.Repeats(s, a, nil) {
				pass.Reportf(s.Pos, "repeats")
			}
			for _, t := range s.Func.Spawns {
				if t.Pos < s.Pos && m.Overlap(t, s, nil, nil, nil) {
					pass.Reportf(s.Pos, "overlaps")
				}
			}
			if a != nil && m.WaitsBefore(s, a) {
				pass.Reportf(a.Pos(), "waits before")
			}
			if a != nil && m.WaitsForTurn(s, a) {
				pass.Reportf(a.Pos(), "waits for turn")
			}
		}
		return nil, nil
	},
}

// callsOf returns the calls of functions named name in fn, in order.
func callsOf(fn *ssa.Function, name string) []ssa.Instruction {
	var out []ssa.Instruction
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == name {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func TestOrder(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), orderProbe, "order")
}

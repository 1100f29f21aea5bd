package model_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// pathsProbe walks, from each call of start() in testdata/src/paths, the
// paths WalkPaths follows (and, for each call of a function named bound*,
// the paths WalkCall follows through it), with a visitor that holds on hold(), frees on
// free() and ends the path on end(); it reports at each seen() the states
// it was reached in, and at start() when the budget (40 blocks for
// functions named budget*, else 10,000) ran out.
var pathsProbe = &analysis.Analyzer{
	Name:     "pathsprobe",
	Doc:      "report the states WalkPaths reaches each seen() in",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		const free, held = 0, 1
		states := map[ssa.Instruction][2]bool{}
		for _, fn := range m.SourceFuncs() {
			for _, blk := range fn.Blocks {
				for _, in := range blk.Instrs {
					name := callee(in)
					if name != "start" && !strings.HasPrefix(name, "bound") {
						continue
					}
					budget := 10000
					if strings.HasPrefix(fn.Name(), "budget") {
						budget = 40
					}
					walk := func(visit model.PathVisitor) bool { return m.WalkPaths(in, free, budget, visit) }
					if name != "start" {
						call := in.(*ssa.Call)
						walk = func(visit model.PathVisitor) bool {
							return m.WalkCall(call, call.Call.StaticCallee(), free, budget, visit)
						}
					}
					ok := walk(func(in ssa.Instruction, st uint8) (uint8, bool) {
						switch callee(in) {
						case "hold":
							return held, false
						case "free":
							return free, false
						case "end":
							return st, true
						case "seen":
							s := states[in]
							s[st] = true
							states[in] = s
						}
						return st, false
					})
					if !ok {
						pass.Reportf(in.Pos(), "budget")
					}
				}
			}
		}
		for s, st := range states {
			var names []string
			if st[free] {
				names = append(names, "free")
			}
			if st[held] {
				names = append(names, "held")
			}
			pass.Reportf(s.Pos(), "seen: %s", strings.Join(names, " "))
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

func TestWalkPaths(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pathsProbe, "paths")
}

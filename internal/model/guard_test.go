package model_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/model"
)

// guardProbe reports every access Guarded collects: read or write, the
// mutexes held (by the function, or "caller"), and the flags, with the
// variable's inferred guard.
var guardProbe = &analysis.Analyzer{
	Name:     "guardprobe",
	Doc:      "report the accesses of model.Guarded",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, gv := range m.Guarded() {
			guard := "-"
			if gv.Guard != nil {
				guard = gv.Guard.Name()
			}
			for _, a := range gv.Accesses {
				kind := "read"
				if a.Write {
					kind = "write"
				}
				if a.MapWrite {
					kind = "mapwrite"
				}
				var held []string
				for _, h := range a.Held {
					s := h.Mutex.String()
					if h.Read {
						s += "(read)"
					}
					if h.Caller {
						s += "(caller)"
					}
					held = append(held, s)
				}
				var flags []string
				for _, f := range []struct {
					on   bool
					name string
				}{{a.Shared, "shared"}, {a.Entry, "entry"}, {a.Unknown, "unknown"}} {
					if f.on {
						flags = append(flags, f.name)
					}
				}
				pass.Reportf(a.Instr.Pos(), "%s %s guard=%s held=[%s] %s", kind, gv.Var.Name(), guard, strings.Join(held, " "), strings.Join(flags, ","))
			}
		}
		return nil, nil
	},
}

func TestGuarded(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), guardProbe, "guard")
}

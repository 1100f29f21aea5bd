package model_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/model"
)

// flowProbe reports, at every context constructor, where its cancel
// function flows, and whether the fields and globals it is stored in are
// read.
var flowProbe = &analysis.Analyzer{
	Name:     "flowprobe",
	Doc:      "report the flows of cancel functions",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, f := range m.Funcs {
			for _, cc := range f.Contexts {
				pass.Reportf(cc.Pos, "flows %s", describe(m, m.FuncFlows(cc.Cancel)))
			}
		}
		if len(m.SourceFuncs()) == 0 {
			pass.Reportf(pass.Files[0].Package, "no source funcs")
		}
		return nil, nil
	},
}

func describe(m *model.Model, flows []model.Flow) string {
	var parts []string
	for _, f := range flows {
		s := f.Kind.String()
		switch f.Kind {
		case model.FlowArg:
			name := "?"
			if f.Callee != nil {
				name = f.Callee.Name()
			}
			s += fmt.Sprintf("(%s,%d)", name, f.Arg)
		case model.FlowReturn:
			s += fmt.Sprintf("(%d)", f.Result)
		case model.FlowField:
			s += fmt.Sprintf("(%s read=%t)", f.Field.Name(), m.FieldRead(f.Field))
		case model.FlowGlobal:
			s += fmt.Sprintf("(%s read=%t)", f.Global.Name(), m.GlobalRead(f.Global))
		case model.FlowCapture:
			s += describe(m, f.Inner)
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestFuncFlows(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), flowProbe, "flow")
}

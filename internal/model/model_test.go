package model_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/model"
)

// probe reports every fact of the model as a diagnostic, so the testdata's
// // want comments state what the model must know, line by line.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the concurrency model's facts",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, s := range m.Spawns {
			target := "?"
			if s.Callee != nil {
				target = s.Callee.Name()
			} else if s.Target != nil {
				target = "literal"
			}
			var caps []string
			for _, c := range s.Captures {
				caps = append(caps, c.Name)
			}
			msg := fmt.Sprintf("spawn %s runs %s loops=%d args=%d captures=[%s]", s.Kind, target, len(s.Loops), len(s.Args), strings.Join(caps, " "))
			if s.Group.Valid() {
				msg += " group=" + s.Group.String()
			}
			if s.Body != nil {
				msg += " body"
			}
			pass.Reportf(s.Pos, "%s", msg)
		}
		for _, c := range m.Chans {
			pass.Reportf(c.Pos, "make cap=%d ops=%d", c.Cap, len(c.Ops))
		}
		for _, f := range m.Funcs {
			for _, op := range f.ChanOps {
				msg := fmt.Sprintf("%s %s", op.Kind, op.Chan)
				if op.Select != nil {
					msg += fmt.Sprintf(" in select of %d", len(op.Select.Cases))
					if op.Select.HasDefault {
						msg += " with default"
					}
				}
				if op.Deferred {
					msg += " deferred"
				}
				if !op.Blocking() {
					msg += " nonblocking"
				}
				pass.Reportf(op.Pos, "%s", msg)
			}
			for _, op := range f.LockOps {
				msg := fmt.Sprintf("%s %s", op.Kind, op.Mutex)
				if op.Deferred {
					msg += " deferred"
				}
				pass.Reportf(op.Pos, "%s", msg)
			}
			for _, op := range f.WGOps {
				msg := fmt.Sprintf("wg.%s %s", op.Kind, op.WG)
				if op.DeltaOK && op.Kind == model.Add {
					msg += fmt.Sprintf(" delta=%d", op.Delta)
				}
				if op.Deferred {
					msg += " deferred"
				}
				pass.Reportf(op.Pos, "%s", msg)
			}
			for _, c := range f.Contexts {
				pass.Reportf(c.Pos, "%s cancel=%v", c.Name, c.Cancel != nil)
			}
		}
		return nil, nil
	},
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "basic", "generic", "nocon")
}

// callsProbe reports the operations the model derives from facts, and how
// goroutine Refs translate to the spawner's.
var callsProbe = &analysis.Analyzer{
	Name:     "callsprobe",
	Doc:      "report calls with facts and spawn translations",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		describe := func(ops []model.CallOp) string {
			var parts []string
			for _, o := range ops {
				parts = append(parts, o.Op+" "+o.Ref.String())
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		for _, f := range m.Funcs {
			for _, c := range f.Calls {
				pass.Reportf(c.Pos, "call %s %s", c.Callee.Name(), describe(c.Ops))
			}
		}
		for _, s := range m.Spawns {
			if ops := m.SpawnOps(s); len(ops) > 0 && s.Target.Blocks == nil {
				pass.Reportf(s.Pos, "spawn %s %s", s.Callee.Name(), describe(ops))
			}
			if s.Body == nil {
				continue
			}
			for _, f := range m.SyncFuncs(s.Target) {
				for _, w := range f.WGOps {
					inner := w.WG
					outer := m.InSpawner(s, inner)
					kind := "captured"
					if inner.Param() != nil {
						kind = "param"
					}
					for _, sw := range s.Func.WGOps {
						if sw.WG.Same(outer) && sw.Kind == model.Wait {
							pass.Reportf(s.Pos, "%s %s is spawner's %s", kind, inner, sw.WG)
						}
					}
				}
			}
		}
		return nil, nil
	},
}

func TestCalls(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), callsProbe, "calls")
}

// TestFacts checks the ParamOps facts through the model analyzer itself.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), model.Analyzer, "lib", "uselib")
}

// TestFastPath checks that a package with nothing to model gets an empty
// model without SSA.
func TestFastPath(t *testing.T) {
	got := modelOf(t, "nocon")
	if got == nil || got.SSA != nil || len(got.Funcs) != 0 {
		t.Fatalf("package with no concurrency: got model %+v, want empty without SSA", got)
	}
}

// modelOf runs the model over the testdata package pkg and returns it.
func modelOf(t *testing.T, pkg string) *model.Model {
	var got *model.Model
	a := &analysis.Analyzer{
		Name:     "capture",
		Doc:      "capture the model",
		Requires: []*analysis.Analyzer{model.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			got = pass.ResultOf[model.Analyzer].(*model.Model)
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, pkg)
	return got
}

// TestHelpers checks the CFG and type helpers checks share: OnCycle,
// IsContext and CallSyntax, on the basic package.
func TestHelpers(t *testing.T) {
	var m *model.Model
	a := &analysis.Analyzer{
		Name:     "helpers",
		Doc:      "capture the model",
		Requires: []*analysis.Analyzer{model.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			m = pass.ResultOf[model.Analyzer].(*model.Model)
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, "helpers")
	if m == nil {
		t.Fatal("no model")
	}
	inLoop, outside := 0, 0
	for _, f := range m.Funcs {
		for _, op := range f.WGOps {
			if got := m.CallSyntax(op.Instr); got == nil || got != op.Syntax {
				t.Errorf("CallSyntax(%v) = %v, want the op's syntax %v", op.Instr, got, op.Syntax)
			}
			// In helpers.fill, Add is in the range loop and Wait after it.
			switch op.Kind {
			case model.Add:
				inLoop++
				if !model.OnCycle(op.Instr.Block()) {
					t.Errorf("Add at %v: OnCycle = false, want true", op.Pos)
				}
			case model.Wait:
				outside++
				if model.OnCycle(op.Instr.Block()) {
					t.Errorf("Wait at %v: OnCycle = true, want false", op.Pos)
				}
			}
		}
	}
	if inLoop == 0 || outside == 0 {
		t.Errorf("helpers has %d Adds and %d Waits, want both", inLoop, outside)
	}
	ctx := types.NewNamed(types.NewTypeName(0, types.NewPackage("context", "context"), "Context", nil), types.NewInterfaceType(nil, nil), nil)
	if !model.IsContext(ctx) || model.IsContext(types.Typ[types.Int]) || model.IsContext(nil) {
		t.Error("IsContext does not tell context.Context from other types")
	}
	syncPkg := types.NewPackage("sync", "sync")
	mu := types.NewNamed(types.NewTypeName(0, syncPkg, "Mutex", nil), types.NewStruct(nil, nil), nil)
	wg := types.NewNamed(types.NewTypeName(0, syncPkg, "WaitGroup", nil), types.NewStruct(nil, nil), nil)
	if !model.IsSync(mu, "Mutex", "RWMutex") || !model.IsSync(types.NewPointer(mu), "Mutex") || model.IsSync(wg, "Mutex") || model.IsSync(nil, "Mutex") {
		t.Error("IsSync does not tell sync.Mutex and *sync.Mutex from other types")
	}
	if model.IsSyncPointer(mu, "Mutex") || !model.IsSyncPointer(types.NewPointer(mu), "Mutex") {
		t.Error("IsSyncPointer does not require a pointer")
	}
	pkg := types.NewPackage("p", "p")
	hits := types.NewField(0, pkg, "Hits", types.Typ[types.Int64], false)
	stats := types.NewNamed(types.NewTypeName(0, pkg, "Stats", nil), types.NewStruct([]*types.Var{hits}, []string{`json:"hits"`}), nil)
	pkg.Scope().Insert(stats.Obj())
	if named, st, i, ok := model.DeclaringType(hits); !ok || named != stats || st.Tag(i) != `json:"hits"` {
		t.Errorf("DeclaringType(Hits) = %v, %v, %d, %v; want Stats and its tag", named, st, i, ok)
	}
	if _, _, _, ok := model.DeclaringType(types.NewVar(0, pkg, "x", types.Typ[types.Int])); ok {
		t.Error("DeclaringType of a variable that is not a field: ok")
	}
}

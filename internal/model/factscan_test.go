package model_test

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concvet/concvet/internal/model"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFactsOnlyScan checks the facts-only fast path (mayHaveFacts): over
// every package of the model's testdata, a facts-only run exports the same
// facts as a full one, and it skips SSA for a package that imports sync
// but has nothing a fact can come from.
func TestFactsOnlyScan(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(analysistest.TestData(), "src"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "golang.org" {
			pkgs = append(pkgs, e.Name())
		}
	}
	facts := func(factsOnly bool) map[string][]string {
		model.FactsOnly = factsOnly
		defer func() { model.FactsOnly = false }()
		out := map[string][]string{}
		for _, r := range analysistest.Run(&quiet{t}, analysistest.TestData(), model.Analyzer, pkgs...) {
			for obj, fs := range r.Facts {
				for _, f := range fs {
					name := "package"
					if obj != nil {
						name = obj.String()
					}
					out[r.Pass.Pkg.Path()] = append(out[r.Pass.Pkg.Path()], fmt.Sprintf("%s: %v", name, f))
				}
			}
		}
		for _, fs := range out {
			slices.Sort(fs)
		}
		return out
	}
	full, only := facts(false), facts(true)
	n := 0
	for pkg, want := range full {
		n += len(want)
		if got := only[pkg]; !slices.Equal(got, want) {
			t.Errorf("%s: facts-only run exports\n\t%v\nfull run\n\t%v", pkg, got, want)
		}
	}
	for pkg, got := range only {
		if _, ok := full[pkg]; !ok {
			t.Errorf("%s: facts-only run exports %v, full run none", pkg, got)
		}
	}
	if n < 10 {
		t.Fatalf("only %d facts over the testdata: the comparison tests nothing", n)
	}

	for _, factsOnly := range []bool{false, true} {
		model.FactsOnly = factsOnly
		got := modelOf(t, "nofacts")
		model.FactsOnly = false
		if built := got != nil && got.SSA != nil; built == factsOnly {
			t.Errorf("nofacts, facts-only %v: SSA built %v", factsOnly, built)
		}
	}

	// Which functions a facts-only run builds with their bodies.
	model.FactsOnly = true
	got := modelOf(t, "prune")
	model.FactsOnly = false
	if got == nil || got.SSA == nil {
		t.Fatal("prune: no SSA in a facts-only run")
	}
	for name, want := range map[string]bool{"Notify": true, "relay": true, "Relay": true, "BumpAll": true, "format": false, "Pad": false} {
		fn := got.SSA.Func(name)
		if fn == nil {
			t.Fatalf("prune: no function %s", name)
		}
		if built := fn.Blocks != nil; built != want {
			t.Errorf("prune: %s built with its body %v, want %v", name, built, want)
		}
	}
	counter := got.SSA.Prog.FuncValue(lookupMethod(t, got, "counter", "bump"))
	count := got.SSA.Prog.FuncValue(lookupMethod(t, got, "counter", "Count"))
	if counter.Blocks == nil || count.Blocks != nil {
		t.Errorf("prune: counter.bump built %v (want true), counter.Count built %v (want false)", counter.Blocks != nil, count.Blocks != nil)
	}
}

// lookupMethod finds method name of the pointer to the package's type tname.
func lookupMethod(t *testing.T, m *model.Model, tname, name string) *types.Func {
	t.Helper()
	tn, _ := m.Pkg.Scope().Lookup(tname).(*types.TypeName)
	if tn == nil {
		t.Fatalf("no type %s", tname)
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, m.Pkg, name)
	fn, _ := obj.(*types.Func)
	if fn == nil {
		t.Fatalf("no method %s.%s", tname, name)
	}
	return fn
}

// quiet is a testing.T on which the testdata's // want comments (written
// for other tests' probes) are not errors.
type quiet struct{ *testing.T }

func (q *quiet) Errorf(format string, args ...any) {}

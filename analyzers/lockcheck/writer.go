package lockcheck

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// A recursive RLock deadlocks only when a writer calls Lock between the two
// read locks: writerMayRun looks for that writer.

// writerMayRun reports whether some goroutine may write-lock mu while f
// holds it for reading. When f belongs to a test (TestXxx, BenchmarkXxx,
// FuzzXxx: the testing package runs them, one at a time unless they call
// Parallel), what runs with it is the goroutines it starts, directly or
// through the functions of the package it calls: one of them, or code they
// call, must Lock mu. Any other function may be called while other
// goroutines call the package's other functions: a Lock of mu anywhere in
// the package (or code the check cannot see) is a writer.
func (c *checker) writerMayRun(f *model.Func, mu model.Ref) bool {
	root := f.Fn
	for root.Parent() != nil {
		root = root.Parent()
	}
	if !isTestRoot(root) {
		if len(mu.Fields) > 0 && mu.Fields[len(mu.Fields)-1].Pkg() != c.pass.Pkg {
			return true // the other package's code can lock it
		}
		return c.locksSomewhere(c.pkgFuncs(), mu)
	}
	var spawned []*ssa.Function
	for _, g := range c.reachable([]*ssa.Function{root}) {
		mf := c.m.Func(g)
		if mf == nil {
			continue
		}
		for _, s := range mf.Spawns {
			if s.Target == nil {
				continue // a goroutine the check cannot see
			}
			spawned = append(spawned, s.Target)
		}
	}
	return c.locksSomewhere(c.reachable(spawned), mu)
}

// isTestRoot reports whether fn is a test, benchmark or fuzz target of a
// _test.go file: func TestXxx(t *testing.T) and the like.
func isTestRoot(fn *ssa.Function) bool {
	if fn.Signature.Recv() != nil || fn.Signature.Params().Len() != 1 || fn.Pkg == nil {
		return false
	}
	pos := fn.Prog.Fset.Position(fn.Pos())
	if !strings.HasSuffix(pos.Filename, "_test.go") {
		return false
	}
	p, ok := types.Unalias(fn.Signature.Params().At(0).Type()).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	for _, k := range []struct{ prefix, typ string }{{"Test", "T"}, {"Benchmark", "B"}, {"Fuzz", "F"}} {
		if strings.HasPrefix(fn.Name(), k.prefix) && n.Obj().Name() == k.typ {
			return true
		}
	}
	return false
}

// pkgFuncs returns every function of the package the model knows.
func (c *checker) pkgFuncs() []*ssa.Function {
	var out []*ssa.Function
	for _, f := range c.m.Funcs {
		out = append(out, f.Fn)
	}
	return out
}

// reachable returns fns and what they can run in their own goroutine or
// start: their literals and the functions of the package they call
// statically, transitively.
func (c *checker) reachable(fns []*ssa.Function) []*ssa.Function {
	seen := map[*ssa.Function]bool{}
	var out []*ssa.Function
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		if fn == nil || seen[fn] {
			return
		}
		seen[fn] = true
		out = append(out, fn)
		for _, anon := range fn.AnonFuncs {
			visit(anon)
		}
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := call.Common().StaticCallee()
				if callee == nil {
					continue
				}
				if o := callee.Origin(); o != nil {
					callee = o
				}
				if callee.Pkg == c.m.SSA {
					visit(callee)
				}
			}
		}
	}
	for _, fn := range fns {
		visit(fn)
	}
	return out
}

// locksSomewhere reports whether one of fns write-locks mu, directly or
// through a call whose fact says it locks it (for a mutex of another
// package's type, the facts are all that is seen). Mutexes are matched by their
// field (any value's mu field of the same struct type) or, for a package
// variable, by the variable; any other mutex (a parameter's, a local
// variable captured by the goroutines) is matched by any Lock of a mutex
// that is not a field.
func (c *checker) locksSomewhere(fns []*ssa.Function, mu model.Ref) bool {
	match := func(r model.Ref) bool {
		switch {
		case len(mu.Fields) > 0:
			return len(r.Fields) > 0 && r.Fields[len(r.Fields)-1] == mu.Fields[len(mu.Fields)-1]
		case isGlobal(mu.Root):
			return r.Same(mu)
		default:
			return len(r.Fields) == 0
		}
	}
	for _, fn := range fns {
		mf := c.m.Func(fn)
		if mf == nil {
			continue
		}
		for _, op := range mf.LockOps {
			if op.Kind == model.Lock && match(op.Mutex) {
				return true
			}
		}
		for _, call := range mf.Calls {
			for _, o := range call.Ops {
				if o.Op == model.OpLock && match(o.Ref) {
					return true
				}
			}
		}
	}
	return false
}

func isGlobal(v ssa.Value) bool {
	_, ok := v.(*ssa.Global)
	return ok
}

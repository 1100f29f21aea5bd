package condwait

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// Wait that nothing can wake: a Cond held in an unexported field (or an
// unexported package variable) that the package only waits on. No code of
// the package calls Signal or Broadcast on it, and no other code can: the
// Cond is made here (sync.NewCond, or a sync.Cond value in the struct) and
// used only to call its methods, never handed out (a method value such as
// c.Broadcast, an argument, a return, an interface). Every goroutine that
// reaches the Wait blocks forever.

// condClass is what a Cond is known by: its field or package variable.
type condClass struct {
	v       *types.Var
	waits   []*ssa.Call
	signals int
	escapes bool // handed to code the check cannot see
}

// condClasses collects the package's Conds held in fields and package
// variables, with their Waits, Signals and Broadcasts.
func (c *checker) condClasses() map[*types.Var]*condClass {
	classes := map[*types.Var]*condClass{}
	classOf := func(v *types.Var) *condClass {
		cl := classes[v]
		if cl == nil {
			cl = &condClass{v: v}
			// Other packages can reach an exported one.
			cl.escapes = v.Exported() || v.Pkg() != c.pass.Pkg
			classes[v] = cl
		}
		return cl
	}
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if fa, ok := instr.(*ssa.FieldAddr); ok {
					if v := fieldOf(fa); v != nil && model.IsSync(v.Type(), "Cond") {
						cl := classOf(v)
						for _, r := range referrers(fa) {
							cl.addrUse(r, fa)
						}
					}
					continue
				}
				// Package variables are used through their *ssa.Global.
				for _, op := range instr.Operands(nil) {
					if g, ok := (*op).(*ssa.Global); ok {
						if gv, ok := g.Object().(*types.Var); ok && model.IsSync(gv.Type(), "Cond") {
							classOf(gv).addrUse(instr, g)
						}
					}
				}
			}
		}
	}
	return classes
}

// referrers returns v's referrers; nil when go/ssa keeps none.
func referrers(v ssa.Value) []ssa.Instruction {
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	return nil
}

// addrUse classifies r, a use of addr, where the class's Cond is kept: for
// a sync.Cond value addr is the *sync.Cond itself; for a *sync.Cond, loads
// give the pointer and stores must store one made here.
func (cl *condClass) addrUse(r ssa.Instruction, addr ssa.Value) {
	if _, isPtr := cl.v.Type().Underlying().(*types.Pointer); !isPtr {
		cl.pointerUse(r, addr)
		return
	}
	switch r := r.(type) {
	case *ssa.DebugRef:
	case *ssa.UnOp:
		if r.Op != token.MUL {
			cl.escapes = true
			return
		}
		for _, u := range referrers(r) {
			cl.pointerUse(u, r)
		}
	case *ssa.Store:
		if r.Addr != addr || !madeHere(r.Val) {
			cl.escapes = true // the field handed out, or a Cond from elsewhere
		}
	default:
		cl.escapes = true
	}
}

// pointerUse classifies r, a use of p, a *sync.Cond of the class: a call
// of Wait, Signal or Broadcast on it, or c.L; any other use hands it to
// code the check cannot see (a copy, an argument, a method value).
func (cl *condClass) pointerUse(r ssa.Instruction, p ssa.Value) {
	switch r := r.(type) {
	case *ssa.DebugRef, *ssa.FieldAddr: // c.L: reading or setting the locker
		return
	case *ssa.Call:
		if len(r.Call.Args) == 1 && r.Call.Args[0] == p {
			callee := r.Call.StaticCallee()
			switch {
			case model.IsCondMethod(callee, "Wait"):
				cl.waits = append(cl.waits, r)
				return
			case model.IsCondMethod(callee, "Signal", "Broadcast"):
				cl.signals++
				return
			}
		}
	}
	cl.escapes = true
}

// madeHere reports whether v is a Cond this package makes: a call of
// sync.NewCond, or a new sync.Cond.
func madeHere(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Call:
		return model.IsNewCond(v.Call.StaticCallee())
	case *ssa.Alloc:
		return model.IsSync(v.Type(), "Cond")
	}
	return false
}

// neverSignalled reports the Waits on Conds nothing can Signal or
// Broadcast.
func (c *checker) neverSignalled() {
	classes := slices.SortedFunc(maps.Values(c.condClasses()), func(a, b *condClass) int { return cmp.Compare(a.v.Pos(), b.v.Pos()) })
	for _, cl := range classes {
		if cl.escapes || cl.signals > 0 || len(cl.waits) == 0 {
			continue
		}
		for _, w := range cl.waits {
			syntax := c.m.CallSyntax(w)
			if syntax == nil {
				continue
			}
			name := "c"
			if sel, ok := ast.Unparen(syntax.Fun).(*ast.SelectorExpr); ok {
				name = types.ExprString(sel.X)
			}
			c.pass.Report(analysis.Diagnostic{
				Pos: syntax.Pos(),
				Message: fmt.Sprintf("%s.Wait blocks forever: nothing calls Signal or Broadcast on %s, and no other package can reach it (call %s.Broadcast, or Signal, where the condition it waits for changes)",
					name, cl.v.Name(), name),
				Related: []analysis.RelatedInformation{{Pos: cl.v.Pos(), Message: cl.v.Name() + " is declared here"}},
			})
		}
	}
}

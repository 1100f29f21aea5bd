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
			classes[v] = cl
		}
		return cl
	}
	// uses classifies the uses of a *sync.Cond value.
	var uses func(cl *condClass, v ssa.Value)
	uses = func(cl *condClass, v ssa.Value) {
		refs := v.Referrers()
		if refs == nil {
			cl.escapes = true
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.FieldAddr:
				// c.L: reading or setting the locker.
			case *ssa.Call:
				callee := r.Call.StaticCallee()
				switch {
				case len(r.Call.Args) == 1 && r.Call.Args[0] == v && isCondMethod(callee, "Wait"):
					cl.waits = append(cl.waits, r)
				case len(r.Call.Args) == 1 && r.Call.Args[0] == v && (isCondMethod(callee, "Signal") || isCondMethod(callee, "Broadcast")):
					cl.signals++
				default:
					cl.escapes = true
				}
			default:
				cl.escapes = true
			}
		}
	}
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				var addr ssa.Value
				var v *types.Var
				switch a := instr.(type) {
				case *ssa.FieldAddr:
					st, ok := a.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
					if !ok {
						continue
					}
					addr, v = a, st.Field(a.Field)
				default:
					// Package variables are used through their *ssa.Global.
					for _, op := range instr.Operands(nil) {
						if g, ok := (*op).(*ssa.Global); ok && isCondType(deref(g.Type())) {
							if gv, ok := g.Object().(*types.Var); ok {
								c.condAddr(classOf(gv), g, instr, uses)
							}
						}
					}
					continue
				}
				if !isCondType(v.Type()) {
					continue
				}
				cl := classOf(v)
				if v.Pkg() != c.pass.Pkg || v.Exported() {
					cl.escapes = true
					continue
				}
				c.condAddrAll(cl, addr, uses)
			}
		}
	}
	return classes
}

// isCondType reports whether t is sync.Cond or *sync.Cond.
func isCondType(t types.Type) bool {
	return model.IsSync(t, "Cond") || model.IsSync(deref(t), "Cond")
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// condAddrAll classifies every use of addr, the address of a field or
// variable holding a Cond.
func (c *checker) condAddrAll(cl *condClass, addr ssa.Value, uses func(*condClass, ssa.Value)) {
	refs := addr.Referrers()
	if refs == nil {
		cl.escapes = true
		return
	}
	for _, r := range *refs {
		c.condAddr(cl, addr, r, uses)
	}
}

// condAddr classifies one use r of addr, the address of a field or
// variable holding a Cond (a sync.Cond value: addr is the *sync.Cond; a
// *sync.Cond: addr is where it is kept).
func (c *checker) condAddr(cl *condClass, addr ssa.Value, r ssa.Instruction, uses func(*condClass, ssa.Value)) {
	if cl.v.Exported() || cl.v.Pkg() != c.pass.Pkg {
		cl.escapes = true
		return
	}
	_, isPtr := cl.v.Type().Underlying().(*types.Pointer)
	byValue := !isPtr
	switch r := r.(type) {
	case *ssa.DebugRef:
	case *ssa.UnOp:
		if r.Op != token.MUL || byValue {
			cl.escapes = true // a copy of the Cond
			return
		}
		uses(cl, r)
	case *ssa.Store:
		if r.Addr != addr || byValue {
			cl.escapes = true
			return
		}
		if !madeHere(r.Val) {
			cl.escapes = true // a Cond from elsewhere
		}
	default:
		if !byValue {
			cl.escapes = true
			return
		}
		// &x.cond used directly: its uses are those of the pointer.
		if _, ok := r.(*ssa.FieldAddr); ok {
			return // x.cond.L
		}
		if call, ok := r.(*ssa.Call); ok {
			callee := call.Call.StaticCallee()
			if len(call.Call.Args) == 1 && call.Call.Args[0] == addr {
				switch {
				case isCondMethod(callee, "Wait"):
					cl.waits = append(cl.waits, call)
					return
				case isCondMethod(callee, "Signal"), isCondMethod(callee, "Broadcast"):
					cl.signals++
					return
				}
			}
		}
		cl.escapes = true
	}
}

// madeHere reports whether v is a Cond this package makes: a call of
// sync.NewCond, or a new sync.Cond.
func madeHere(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		return callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "sync" && callee.Name() == "NewCond"
	case *ssa.Alloc:
		return model.IsSync(deref(v.Type()), "Cond")
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

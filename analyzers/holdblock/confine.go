package holdblock

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// sameIn reports whether r, seen in function f, and o name the same object:
// Same, Same after translating a parameter of f to the argument of a spawn
// that starts f, or fields of receivers of the same type.
func (c *checker) sameIn(f *model.Func, r, o model.Ref) bool {
	if c.same(r, o) {
		return true
	}
	for _, s := range f.SpawnedBy {
		if t := c.m.InSpawner(s, r); c.same(t, o) {
			return true
		}
	}
	return false
}

// same reports whether r and o are Same, or the same field path of two
// pointer receivers of methods of the same type (the documented
// assumption).
func (c *checker) same(r, o model.Ref) bool {
	if r.Same(o) {
		return true
	}
	if len(r.Fields) == 0 || len(r.Fields) != len(o.Fields) {
		return false
	}
	for i := range r.Fields {
		if r.Fields[i].Origin() != o.Fields[i].Origin() {
			return false
		}
	}
	a, b := recvType(r.Root), recvType(o.Root)
	return a != nil && a == b
}

// recvType returns the type name of v when v is the pointer receiver of a
// method, or nil.
func recvType(v ssa.Value) *types.TypeName {
	p, ok := v.(*ssa.Parameter)
	if !ok {
		return nil
	}
	fn := p.Parent()
	if fn == nil || fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Params[0] != p {
		return nil
	}
	ptr, ok := types.Unalias(p.Type()).(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return nil
	}
	return n.Origin().Obj()
}

// confined reports whether every operation on the channel r names is in
// this package and resolves to r: a channel made here that is only
// operated on, or an unexported field or package variable that is.
func (c *checker) confined(r model.Ref) bool {
	switch root := r.Root.(type) {
	case *ssa.MakeChan:
		return len(r.Fields) == 0 && c.valueConfined(root, home{}, map[ssa.Value]bool{})
	case *ssa.Global:
		if len(r.Fields) > 0 {
			return c.fieldConfined(r.Fields[len(r.Fields)-1])
		}
		return c.globalConfined(root)
	case *ssa.Parameter:
		if len(r.Fields) == 0 || recvType(root) == nil {
			return false
		}
		return c.fieldConfined(r.Fields[len(r.Fields)-1])
	}
	return false
}

// fieldConfined reports whether the channel field f is unexported and every
// use of it in the package is a channel operation (see valueConfined), or a
// store of a channel made here.
func (c *checker) fieldConfined(f *types.Var) bool {
	f = f.Origin()
	if ok, done := c.fields[f]; done {
		return ok
	}
	ok := !f.Exported()
	if ok {
		if _, isChan := f.Type().Underlying().(*types.Chan); !isChan {
			ok = false
		}
	}
	for _, fn := range c.m.SourceFuncs() {
		if !ok {
			break
		}
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				switch in := in.(type) {
				case *ssa.FieldAddr:
					if fieldOf(in.X.Type(), in.Field) == f && !c.addrConfined(in, home{field: f}) {
						ok = false
					}
				case *ssa.Field:
					if fieldOf(in.X.Type(), in.Field) == f && !c.valueConfined(in, home{field: f}, map[ssa.Value]bool{}) {
						ok = false
					}
				}
			}
		}
	}
	c.fields[f] = ok
	return ok
}

// fieldOf returns the origin of field i of the struct t is or points to.
func fieldOf(t types.Type, i int) *types.Var {
	if f := model.StructField(t, i); f != nil {
		return f.Origin()
	}
	return nil
}

// addrConfined reports whether the address of the field (or package
// variable) holding a channel is only loaded for confined uses and stored
// to with channels made here.
func (c *checker) addrConfined(a ssa.Value, h home) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		if !c.useConfined(a, ref, h) {
			return false
		}
	}
	return true
}

// useConfined checks one use of the address a of a variable holding a
// channel.
func (c *checker) useConfined(a ssa.Value, ref ssa.Instruction, h home) bool {
	switch r := ref.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.UnOp:
		return r.Op == token.MUL && c.valueConfined(r, h, map[ssa.Value]bool{})
	case *ssa.Store:
		if r.Addr != a {
			return false
		}
		switch v := r.Val.(type) {
		case *ssa.MakeChan:
			return c.valueConfined(v, h, map[ssa.Value]bool{})
		case *ssa.Const:
			return v.IsNil()
		}
	}
	return false
}

func (c *checker) globalConfined(g *ssa.Global) bool {
	if ok, done := c.globals[g]; done {
		return ok
	}
	ok := !token.IsExported(g.Name())
	if ok {
		if p, isPtr := g.Type().(*types.Pointer); !isPtr {
			ok = false
		} else if _, isChan := p.Elem().Underlying().(*types.Chan); !isChan {
			ok = false
		}
	}
	// A package variable has no referrers in SSA: find its uses.
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				if !ok {
					break
				}
				for _, op := range in.Operands(nil) {
					if *op == ssa.Value(g) && !c.useConfined(g, in, home{global: g}) {
						ok = false
					}
				}
			}
		}
	}
	c.globals[g] = ok
	return ok
}

// home is the variable whose channel is being checked: a field or a
// package variable, where storing the channel is no escape.
type home struct {
	field  *types.Var
	global *ssa.Global
}

func (h home) is(addr ssa.Value) bool {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		return h.field != nil && fieldOf(a.X.Type(), a.Field) == h.field.Origin()
	case *ssa.Global:
		return h.global != nil && a == h.global
	}
	return false
}

// valueConfined reports whether the channel value v is only operated on:
// sent on, received from, closed, measured, compared, captured by a
// literal, passed to a literal or to a function started with go (whose
// parameter is then confined), kept in a local variable, or stored into
// its home (the field or package variable being checked).
func (c *checker) valueConfined(v ssa.Value, h home, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.DebugRef, *ssa.BinOp:
		case *ssa.Send:
			if r.X == v {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.ARROW {
				return false
			}
		case *ssa.Select:
			for _, st := range r.States {
				if st.Send == v {
					return false
				}
			}
		case *ssa.ChangeType:
			if !c.valueConfined(r, h, seen) {
				return false
			}
		case *ssa.Store:
			if r.Val != v {
				return false
			}
			switch addr := r.Addr.(type) {
			case *ssa.Alloc:
				if !c.cellConfined(addr, h, seen) {
					return false
				}
			default:
				if !h.is(addr) {
					return false
				}
			}
		case *ssa.MakeClosure:
			lit, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == v && (i >= len(lit.FreeVars) || !c.valueConfined(lit.FreeVars[i], h, seen)) {
					return false
				}
			}
		case ssa.CallInstruction:
			common := r.Common()
			if bi, ok := common.Value.(*ssa.Builtin); ok {
				switch bi.Name() {
				case "close", "len", "cap":
					continue
				}
				return false
			}
			if common.Value == v {
				return false
			}
			callee := common.StaticCallee()
			_, isGo := r.(*ssa.Go)
			if callee == nil || callee.Pkg != c.m.SSA || len(callee.Blocks) == 0 || (callee.Parent() == nil && !isGo) {
				return false
			}
			for i, a := range common.Args {
				if a == v && (i >= len(callee.Params) || !c.valueConfined(callee.Params[i], h, seen)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// cellConfined checks a local variable (or a literal's captured variable)
// holding the channel.
func (c *checker) cellConfined(a ssa.Value, h home, seen map[ssa.Value]bool) bool {
	if seen[a] {
		return true
	}
	seen[a] = true
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef, *ssa.Store:
			if st, ok := r.(*ssa.Store); ok && st.Addr != a {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !c.valueConfined(r, h, seen) {
				return false
			}
		case *ssa.MakeClosure:
			lit, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == a && (i >= len(lit.FreeVars) || !c.cellConfined(lit.FreeVars[i], h, seen)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

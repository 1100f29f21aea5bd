package model

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// resolve returns the Ref of the object v denotes: the storage a pointer
// points to, or the channel a channel value is. It follows captures to the
// enclosing function, parameters of literals called at exactly one place to
// the argument, loads of variables stored once to the stored value, field
// selections, conversions, and phis whose edges agree.
func (b *builder) resolve(v ssa.Value) Ref {
	if r, ok := b.refs[v]; ok {
		return r
	}
	b.refs[v] = Ref{Root: v} // a cycle through phis resolves to the value itself
	r := b.resolve1(v)
	b.refs[v] = r
	return r
}

func (b *builder) resolve1(v ssa.Value) Ref {
	switch v := v.(type) {
	case *ssa.FreeVar:
		fn := v.Parent()
		if mcs := b.closures[fn]; len(mcs) == 1 {
			if i := slices.Index(fn.FreeVars, v); i >= 0 && i < len(mcs[0].Bindings) {
				return b.resolve(mcs[0].Bindings[i])
			}
		}
	case *ssa.Parameter:
		fn := v.Parent()
		if fn.Parent() != nil && !b.escapes[fn] && len(b.calls[fn]) == 1 {
			args := b.calls[fn][0].Common().Args
			if i := slices.Index(fn.Params, v); i >= 0 && i < len(args) {
				return b.resolve(args[i])
			}
		}
	case *ssa.FieldAddr:
		if f := StructField(v.X.Type(), v.Field); f != nil {
			return b.resolve(v.X).with(f)
		}
	case *ssa.Field:
		if f := StructField(v.X.Type(), v.Field); f != nil {
			return b.resolve(v.X).with(f)
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			switch x := v.X.(type) {
			case *ssa.Alloc:
				if st := singleStore(x); st != nil {
					return b.resolve(st.Val)
				}
				return Ref{Root: x}
			case *ssa.FieldAddr, *ssa.Global, *ssa.FreeVar:
				// A field or package variable holding the object: the
				// object is named by where it is held.
				r := b.resolve(x)
				if a, ok := r.Root.(*ssa.Alloc); ok && len(r.Fields) == 0 {
					if st := singleStore(a); st != nil {
						return b.resolve(st.Val)
					}
				}
				return r
			}
		}
	case *ssa.ChangeType:
		return b.resolve(v.X)
	case *ssa.Phi:
		var r Ref
		for i, e := range v.Edges {
			er := b.resolve(e)
			if i == 0 {
				r = er
			} else if !r.Same(er) {
				return Ref{Root: v}
			}
		}
		if r.Valid() {
			return r
		}
	}
	return Ref{Root: v}
}

func (r Ref) with(f *types.Var) Ref {
	if r.Root == nil {
		return r
	}
	return Ref{Root: r.Root, Fields: append(slices.Clip(r.Fields), f)}
}

// StructField returns field i of the struct that t is, or points to.
func StructField(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i)
	}
	return nil
}

// singleStore returns the only store to a local variable's storage, or nil
// when there are several or its address escapes to code that may store.
func singleStore(a *ssa.Alloc) *ssa.Store {
	var store *ssa.Store
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != a {
				return nil // the address itself is stored elsewhere
			}
			if store != nil {
				return nil
			}
			store = r
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			// Captured: the closure may assign the variable.
			if assignsCapture(r, a) {
				return nil
			}
		default:
			return nil
		}
	}
	return store
}

// assignsCapture reports whether the literal of mc stores to the free
// variable bound to a.
func assignsCapture(mc *ssa.MakeClosure, a *ssa.Alloc) bool {
	fn := mc.Fn.(*ssa.Function)
	for i, bnd := range mc.Bindings {
		if bnd != a || i >= len(fn.FreeVars) {
			continue
		}
		for _, ref := range *fn.FreeVars[i].Referrers() {
			switch ref.(type) {
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				return true
			}
		}
	}
	return false
}

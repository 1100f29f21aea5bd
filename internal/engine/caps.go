package engine

import (
	"go/token"
	"go/types"

	"github.com/concvet/concvet/internal/model"
	"golang.org/x/tools/go/ssa"
)

// capInfo is what the package does, anywhere, with the channel or sync
// value held in a field or package variable.
type capInfo struct {
	caps Caps
	// cap is the buffer size of every channel stored there, when they are
	// all made with one constant size; -1 when unknown, -2 when none is
	// stored.
	cap int64
}

// capsOf returns what code other than the exploration may do with the value
// held in field or package variable v: everything the package does with it
// anywhere, and everything when code outside the package can reach it.
func (p *Prog) capsOf(v *types.Var) capInfo {
	v = v.Origin()
	if v.Pkg() != p.Pkg {
		if n := fieldOwner(v); n == "time.Timer.C" || n == "time.Ticker.C" {
			return capInfo{caps: CapSend, cap: 1}
		}
		return capInfo{caps: CapAll, cap: -1}
	}
	if v.Exported() {
		return capInfo{caps: CapAll, cap: -1}
	}
	ci, ok := p.caps[v]
	if !ok {
		return capInfo{cap: -1}
	}
	if ci.cap == -2 {
		ci.cap = -1
	}
	return ci
}

// fieldOwner names a field of a struct of another package ("time.Timer.C"),
// or "".
func fieldOwner(v *types.Var) string {
	if !v.IsField() || v.Pkg() == nil {
		return ""
	}
	for _, name := range []string{"Timer", "Ticker"} {
		if obj := v.Pkg().Scope().Lookup(name); obj != nil {
			if s, ok := obj.Type().Underlying().(*types.Struct); ok {
				for i := range s.NumFields() {
					if s.Field(i) == v {
						return v.Pkg().Path() + "." + name + "." + v.Name()
					}
				}
			}
		}
	}
	return ""
}

// computeCaps walks every instruction of the package once.
func (p *Prog) computeCaps(funcs []*ssa.Function) {
	add := func(v *types.Var, c Caps) {
		if v == nil {
			return
		}
		v = v.Origin()
		ci, ok := p.caps[v]
		if !ok {
			ci.cap = -2
		}
		ci.caps |= c
		p.caps[v] = ci
	}
	stored := func(v *types.Var, val ssa.Value) {
		if v == nil {
			return
		}
		v = v.Origin()
		ci, ok := p.caps[v]
		if !ok {
			ci.cap = -2
		}
		switch x := val.(type) {
		case *ssa.MakeChan:
			n, ok := constInt(x.Size)
			switch {
			case !ok:
				ci.cap = -1
			case ci.cap == -2:
				ci.cap = n
			case ci.cap != n:
				ci.cap = -1
			}
			// The channel made here is the field's: what is done with it
			// through the variable it was made in is done to the field
			// (go-ethereum's Sync stores errc in an event and receives
			// from errc).
			if refs := x.Referrers(); refs != nil {
				c := &classifier{p: p, seen: map[ssa.Value]bool{}}
				for _, r := range *refs {
					if st, ok := r.(*ssa.Store); ok && st.Val == x && storesField(st, v) {
						continue
					}
					ci.caps |= c.ref(x, r)
				}
			}
		case *ssa.Const:
		default:
			if _, isChan := val.Type().Underlying().(*types.Chan); isChan {
				ci.caps = CapAll
			}
		}
		p.caps[v] = ci
	}
	for _, fn := range funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.FieldAddr:
					f := model.StructField(in.X.Type(), in.Field)
					if f == nil {
						continue
					}
					c := &classifier{p: p, seen: map[ssa.Value]bool{}}
					add(f, c.addr(in, func(val ssa.Value) { stored(f, val) }))
				case *ssa.Field:
					if f := model.StructField(in.X.Type(), in.Field); f != nil {
						c := &classifier{p: p, seen: map[ssa.Value]bool{}}
						add(f, c.value(in))
					}
				}
				for _, op := range instr.Operands(nil) {
					g, ok := (*op).(*ssa.Global)
					if !ok {
						continue
					}
					v, _ := g.Object().(*types.Var)
					if v == nil {
						continue
					}
					c := &classifier{p: p, seen: map[ssa.Value]bool{}}
					add(v, c.use(g, instr, func(val ssa.Value) { stored(v, val) }))
				}
			}
		}
	}
}

// bindCaps returns, per free variable of literal fn, what fn does with a
// channel bound there (CapAll for any other value).
func (p *Prog) bindCaps(fn *ssa.Function) []Caps {
	caps := make([]Caps, len(fn.FreeVars))
	for i, fv := range fn.FreeVars {
		caps[i] = CapAll
		c := &classifier{p: p, seen: map[ssa.Value]bool{}}
		t := fv.Type().Underlying()
		if ptr, ok := t.(*types.Pointer); ok {
			// A captured variable: the literal's loads of it are the
			// channel; a store makes it anything.
			if _, ok := ptr.Elem().Underlying().(*types.Chan); ok {
				stored := false
				caps[i] = c.addr(fv, func(ssa.Value) { stored = true })
				if stored {
					caps[i] = CapAll
				}
			}
		} else if _, ok := t.(*types.Chan); ok {
			caps[i] = c.value(fv)
		}
	}
	return caps
}

// storesField reports whether st stores into field v of a struct.
func storesField(st *ssa.Store, v *types.Var) bool {
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	f := model.StructField(fa.X.Type(), fa.Field)
	return f != nil && f.Origin() == v
}

// classifier follows a channel or sync value through the package, each
// value once per query. The caps of a value are memoised in the Prog,
// except those computed below a value already met in the query (a cycle
// through phis, loads and stores, or recursive calls): those are partial.
type classifier struct {
	p     *Prog
	seen  map[ssa.Value]bool
	cycle bool
}

// addr classifies the uses of the address of a field or variable; onStore
// sees each value stored there.
func (c *classifier) addr(a ssa.Value, onStore func(ssa.Value)) Caps {
	refs := a.Referrers()
	if refs == nil {
		return 0
	}
	var caps Caps
	for _, r := range *refs {
		caps |= c.use(a, r, onStore)
	}
	return caps
}

// use classifies one use r of address a.
func (c *classifier) use(a ssa.Value, r ssa.Instruction, onStore func(ssa.Value)) Caps {
	switch r := r.(type) {
	case *ssa.DebugRef, *ssa.FieldAddr, *ssa.IndexAddr:
		return 0
	case *ssa.UnOp:
		if r.Op == token.MUL {
			return c.value(r)
		}
	case *ssa.Store:
		if r.Addr == a && r.Val != a {
			if onStore != nil {
				onStore(r.Val)
			}
			return 0
		}
	case ssa.CallInstruction:
		return c.callArg(r, a)
	}
	return CapAll
}

// value classifies the uses of a channel (or sync pointer) value v.
func (c *classifier) value(v ssa.Value) Caps {
	if caps, ok := c.p.valueCaps[v]; ok {
		return caps
	}
	if c.seen[v] {
		c.cycle = true
		return 0
	}
	// seen is never cleared during one query: each value is classified
	// once, so a query is linear in the uses it reaches (clearing it made
	// loads and stores of one variable exponential: net/http). The query's
	// own result is the union over all it reaches; a value met again
	// contributes nothing the second time, so what was computed below a
	// revisit is partial and not memoised.
	c.seen[v] = true
	outer := c.cycle
	c.cycle = false
	caps := c.value1(v)
	if !c.cycle {
		c.p.valueCaps[v] = caps
	}
	c.cycle = c.cycle || outer
	return caps
}

func (c *classifier) value1(v ssa.Value) Caps {
	refs := v.Referrers()
	if refs == nil {
		return 0
	}
	var caps Caps
	for _, r := range *refs {
		caps |= c.ref(v, r)
		if caps == CapAll {
			return caps
		}
	}
	return caps
}

// ref classifies one use r of the channel (or sync pointer) value v.
func (c *classifier) ref(v ssa.Value, r ssa.Instruction) Caps {
	var caps Caps
	switch r := r.(type) {
	case *ssa.DebugRef, *ssa.BinOp:
	case *ssa.Send:
		if r.X == v {
			return CapAll
		}
		caps |= CapSend
	case *ssa.UnOp:
		switch r.Op {
		case token.ARROW:
			caps |= CapRecv
		case token.MUL:
			caps |= c.value(r)
		default:
			return CapAll
		}
	case *ssa.Select:
		for _, st := range r.States {
			if st.Send == v {
				return CapAll
			}
			if st.Chan == v {
				if st.Dir == types.SendOnly {
					caps |= CapSend
				} else {
					caps |= CapRecv
				}
			}
		}
	case *ssa.Phi, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface:
		caps |= c.value(r.(ssa.Value))
	case *ssa.MakeClosure:
		fn := r.Fn.(*ssa.Function)
		for i, b := range r.Bindings {
			if b == v && i < len(fn.FreeVars) {
				caps |= c.value(fn.FreeVars[i])
			}
		}
	case *ssa.Store:
		if r.Val != v {
			return 0
		}
		if alloc, ok := r.Addr.(*ssa.Alloc); ok {
			return c.addr(alloc, nil)
		}
		return CapAll
	case ssa.CallInstruction:
		caps |= c.callArg(r, v)
	case *ssa.FieldAddr, *ssa.Field:
		// A struct reached through the value: its fields are
		// classified on their own.
	default:
		return CapAll
	}
	return caps
}

// callArg classifies passing v to the call r.
func (c *classifier) callArg(r ssa.CallInstruction, v ssa.Value) Caps {
	common := r.Common()
	if bi, ok := common.Value.(*ssa.Builtin); ok {
		switch bi.Name() {
		case "close":
			return CapClose
		case "len", "cap":
			return 0
		}
		return CapAll
	}
	if common.IsInvoke() || common.Value == v {
		return CapAll
	}
	callee := common.StaticCallee()
	if callee == nil {
		return CapAll
	}
	var caps Caps
	for i, a := range common.Args {
		if a != v {
			continue
		}
		obj, _ := callee.Object().(*types.Func)
		if obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "sync" && model.RecvName(obj) != "" && i == 0 {
			switch obj.Name() {
			case "Add", "Done", "Go":
				caps |= CapDone
			case "Signal", "Broadcast":
				caps |= CapSignal
			}
			continue
		}
		if obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "golang.org/x/sync/errgroup" {
			if obj.Name() == "Go" || obj.Name() == "TryGo" {
				caps |= CapDone
			}
			continue
		}
		o := callee.Origin()
		if o == nil {
			o = callee
		}
		if o.Pkg != nil && o.Pkg.Pkg == c.p.Pkg && len(o.Blocks) > 0 {
			if i < len(o.Params) {
				caps |= c.value(o.Params[i])
			}
			continue
		}
		if obj == nil {
			return CapAll
		}
		po := c.p.m.ParamOpsOf(obj)
		if po == nil {
			return CapAll
		}
		for _, op := range po.Ops {
			if op.Param != i {
				continue
			}
			if op.Path != "" {
				return CapAll
			}
			switch op.Op {
			case model.OpSend, model.OpBareSend, model.OpSendLoop:
				caps |= CapSend
			case model.OpRecv:
				caps |= CapRecv
			case model.OpClose:
				caps |= CapClose
			case model.OpAdd, model.OpDone, model.OpGo:
				caps |= CapDone
			case model.OpCall:
				return CapAll
			}
		}
	}
	return caps
}

package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// FlowKind says what happens to a function value (a cancel, stop or cleanup
// function) at one of the places it flows to.
type FlowKind int

const (
	FlowCall    FlowKind = iota // called: f()
	FlowDefer                   // deferred: defer f()
	FlowGo                      // started as a goroutine: go f()
	FlowArg                     // passed to a call (Callee, Arg)
	FlowReturn                  // returned (Result)
	FlowField                   // stored in a struct field (Field)
	FlowGlobal                  // stored in a package variable (Global)
	FlowElem                    // stored in a slice, array or map element, or sent on a channel
	FlowCapture                 // captured by a literal whose body uses it (Closure, Inner)
	FlowOther                   // anything else: converted to an interface, stored through a pointer…
)

func (k FlowKind) String() string {
	return [...]string{"call", "defer", "go", "arg", "return", "field", "global", "elem", "capture", "other"}[k]
}

// Flow is one place a function value goes to. Instr is always an
// instruction of the function that holds the value: for a capture, the
// MakeClosure that binds it.
type Flow struct {
	Kind  FlowKind
	Instr ssa.Instruction
	Pos   token.Pos

	Callee *types.Func // FlowArg: the static callee, when known
	Arg    int         // FlowArg: the argument's index (receiver first)
	Result int         // FlowReturn: the result's index
	Field  *types.Var  // FlowField: the field (its generic origin)
	Global *ssa.Global // FlowGlobal

	Closure *ssa.Function // FlowCapture: the literal
	Inner   []Flow        // FlowCapture: the flows inside the literal

	// ViaPhi reports that the value reached this flow through a phi: on
	// some paths the flow sees another value (nil, another function).
	ViaPhi bool
}

// FuncFlows returns where the function value v goes within its function:
// the calls, defers, returns, stores and captures that use it, following
// copies (phis, conversions, local variables and their loads). Comparisons
// (f != nil) are not flows. The flows are in instruction order.
func (m *Model) FuncFlows(v ssa.Value) []Flow {
	if v == nil {
		return nil
	}
	w := &flowWalker{seen: map[ssa.Value]bool{}}
	w.value(v)
	return w.out
}

// FuncValues returns the values of v's function that hold the function
// value v on some path: v itself, the phis and conversions it flows into,
// and the loads of local variables it is stored in, in the order found.
func (m *Model) FuncValues(v ssa.Value) []ssa.Value {
	if v == nil {
		return nil
	}
	w := &flowWalker{seen: map[ssa.Value]bool{}}
	w.value(v)
	return w.values
}

type flowWalker struct {
	seen   map[ssa.Value]bool
	out    []Flow
	values []ssa.Value
	phi    int // depth of phis on the current walk
}

func (w *flowWalker) add(f Flow) {
	if f.Pos == token.NoPos && f.Instr != nil {
		f.Pos = f.Instr.Pos()
	}
	f.ViaPhi = w.phi > 0
	w.out = append(w.out, f)
}

// value follows the uses of v, a value equal to the function.
func (w *flowWalker) value(v ssa.Value) {
	if w.seen[v] {
		return
	}
	w.seen[v] = true
	if _, isAlloc := v.(*ssa.Alloc); !isAlloc {
		w.values = append(w.values, v)
	}
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.BinOp:
			// f == nil, f != nil
		case *ssa.Phi:
			w.phi++
			w.value(r)
			w.phi--
		case *ssa.ChangeType:
			w.value(r)
		case ssa.CallInstruction:
			common := r.Common()
			if common.Value == v && !common.IsInvoke() {
				kind := FlowCall
				switch r.(type) {
				case *ssa.Defer:
					kind = FlowDefer
				case *ssa.Go:
					kind = FlowGo
				}
				w.add(Flow{Kind: kind, Instr: r})
			}
			args := common.Args
			off := 0
			if common.IsInvoke() {
				if common.Value == v {
					w.add(Flow{Kind: FlowOther, Instr: r})
				}
				off = 1
			}
			var callee *types.Func
			if sc := common.StaticCallee(); sc != nil {
				if o := sc.Origin(); o != nil {
					sc = o
				}
				callee, _ = sc.Object().(*types.Func)
			}
			for i, a := range args {
				if a == v {
					w.add(Flow{Kind: FlowArg, Instr: r, Callee: callee, Arg: i + off})
				}
			}
		case *ssa.Return:
			for i, res := range r.Results {
				if res == v {
					w.add(Flow{Kind: FlowReturn, Instr: r, Result: i})
				}
			}
		case *ssa.Store:
			if r.Val != v {
				w.add(Flow{Kind: FlowOther, Instr: r}) // v is the address?
				continue
			}
			w.store(r)
		case *ssa.MapUpdate:
			w.add(Flow{Kind: FlowElem, Instr: r})
		case *ssa.Send:
			w.add(Flow{Kind: FlowElem, Instr: r})
		case *ssa.MakeClosure:
			// A function value bound directly (rare: the literal is a
			// bound method or the variable is never reassigned).
			w.capture(r, v)
		default:
			w.add(Flow{Kind: FlowOther, Instr: r})
		}
	}
}

// store follows a store of the function value.
func (w *flowWalker) store(st *ssa.Store) {
	switch addr := st.Addr.(type) {
	case *ssa.Alloc:
		w.alloc(addr, st)
	case *ssa.FieldAddr:
		if f := StructField(addr.X.Type(), addr.Field); f != nil {
			w.add(Flow{Kind: FlowField, Instr: st, Field: f.Origin()})
			return
		}
		w.add(Flow{Kind: FlowOther, Instr: st})
	case *ssa.Global:
		w.add(Flow{Kind: FlowGlobal, Instr: st, Global: addr})
	case *ssa.IndexAddr:
		w.add(Flow{Kind: FlowElem, Instr: st})
	default:
		w.add(Flow{Kind: FlowOther, Instr: st})
	}
}

// alloc follows a local variable that holds the function value: its loads
// are the value again, literals that capture it see it, and any other use
// of its address hands it on.
func (w *flowWalker) alloc(a *ssa.Alloc, st *ssa.Store) {
	if w.seen[a] {
		return
	}
	w.seen[a] = true
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != a {
				w.add(Flow{Kind: FlowOther, Instr: r})
			}
		case *ssa.UnOp:
			if r.Op == token.MUL {
				w.value(r)
			} else {
				w.add(Flow{Kind: FlowOther, Instr: r})
			}
		case *ssa.MakeClosure:
			w.capture(r, a)
		default:
			w.add(Flow{Kind: FlowOther, Instr: r})
		}
	}
}

// capture follows v (the function value, or the local variable holding it)
// into the literal that mc makes.
func (w *flowWalker) capture(mc *ssa.MakeClosure, v ssa.Value) {
	lit, ok := mc.Fn.(*ssa.Function)
	if !ok {
		w.add(Flow{Kind: FlowOther, Instr: mc})
		return
	}
	inner := &flowWalker{seen: map[ssa.Value]bool{}}
	for i, b := range mc.Bindings {
		if b != v || i >= len(lit.FreeVars) {
			continue
		}
		fv := lit.FreeVars[i]
		if _, isPtr := v.(*ssa.Alloc); isPtr {
			for _, ref := range *fv.Referrers() {
				switch r := ref.(type) {
				case *ssa.DebugRef:
				case *ssa.UnOp:
					if r.Op == token.MUL {
						inner.value(r)
						continue
					}
					inner.add(Flow{Kind: FlowOther, Instr: r})
				case *ssa.Store:
					if r.Addr == fv {
						continue // the literal assigns the variable
					}
					inner.add(Flow{Kind: FlowOther, Instr: r})
				case *ssa.MakeClosure:
					inner.captureFree(r, fv)
				default:
					inner.add(Flow{Kind: FlowOther, Instr: r})
				}
			}
		} else {
			inner.value(fv)
		}
	}
	if len(inner.out) > 0 {
		w.add(Flow{Kind: FlowCapture, Instr: mc, Closure: lit, Inner: inner.out})
	}
}

// captureFree follows a free variable (a pointer to the captured variable)
// into a nested literal.
func (w *flowWalker) captureFree(mc *ssa.MakeClosure, fv *ssa.FreeVar) {
	lit, ok := mc.Fn.(*ssa.Function)
	if !ok {
		w.add(Flow{Kind: FlowOther, Instr: mc})
		return
	}
	inner := &flowWalker{seen: map[ssa.Value]bool{}}
	for i, b := range mc.Bindings {
		if b != fv || i >= len(lit.FreeVars) {
			continue
		}
		for _, ref := range *lit.FreeVars[i].Referrers() {
			switch r := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.UnOp:
				if r.Op == token.MUL {
					inner.value(r)
					continue
				}
				inner.add(Flow{Kind: FlowOther, Instr: r})
			case *ssa.Store:
				if r.Addr == lit.FreeVars[i] {
					continue
				}
				inner.add(Flow{Kind: FlowOther, Instr: r})
			case *ssa.MakeClosure:
				inner.captureFree(r, lit.FreeVars[i])
			default:
				inner.add(Flow{Kind: FlowOther, Instr: r})
			}
		}
	}
	if len(inner.out) > 0 {
		w.add(Flow{Kind: FlowCapture, Instr: mc, Closure: lit, Inner: inner.out})
	}
}

// SourceFuncs returns every source function of the package (declared
// functions, methods, their literals and the package initialiser) in source
// order, whether or not it performs an operation.
func (m *Model) SourceFuncs() []*ssa.Function {
	if m == nil || m.b == nil {
		return nil
	}
	return m.b.funcs
}

// FieldRead reports whether code of the package reads field f (compared by
// generic origin) for any use other than a comparison: calls it, passes,
// returns or copies it, or takes its address for anything but a store.
// It reports true when it cannot tell.
func (m *Model) FieldRead(f *types.Var) bool {
	if m == nil || m.b == nil || f == nil {
		return true
	}
	f = f.Origin()
	found := false
	m.b.eachInstr(func(instr ssa.Instruction) {
		switch in := instr.(type) {
		case *ssa.FieldAddr:
			if g := StructField(in.X.Type(), in.Field); g != nil && g.Origin() == f && addrRead(in) {
				found = true
			}
		case *ssa.Field:
			if g := StructField(in.X.Type(), in.Field); g != nil && g.Origin() == f && valueUsed(in) {
				found = true
			}
		}
	})
	return found
}

// GlobalRead reports whether code of the package reads package variable g
// for any use other than a comparison. It reports true when it cannot tell.
func (m *Model) GlobalRead(g *ssa.Global) bool {
	if m == nil || m.b == nil || g == nil {
		return true
	}
	found := false
	m.b.eachInstr(func(instr ssa.Instruction) {
		for _, op := range instr.Operands(nil) {
			if *op != ssa.Value(g) {
				continue
			}
			if st, ok := instr.(*ssa.Store); ok && st.Addr == ssa.Value(g) && st.Val != ssa.Value(g) {
				continue
			}
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.MUL && !valueUsed(u) {
				continue
			}
			found = true
		}
	})
	return found
}

func (b *builder) eachInstr(visit func(ssa.Instruction)) {
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				visit(instr)
			}
		}
	}
}

// addrRead reports whether the address a is used for anything but stores
// and loads whose value is only compared.
func addrRead(a ssa.Value) bool {
	for _, ref := range *a.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != a {
				return true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || valueUsed(r) {
				return true
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			// A path further in: another field, read on its own.
		default:
			return true
		}
	}
	return false
}

// valueUsed reports whether v is used for anything but comparisons.
func valueUsed(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch ref.(type) {
		case *ssa.DebugRef, *ssa.BinOp:
		default:
			return true
		}
	}
	return false
}

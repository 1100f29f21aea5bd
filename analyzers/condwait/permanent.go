package condwait

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// A Wait under `if !cond` and outside a loop is safe when cond, once true,
// stays true and every Signal and Broadcast of the Cond comes after cond
// has been made true: sync.Cond has no spurious wake-ups, so when Wait
// returns a Signal or Broadcast has happened since the waiter found cond
// false, cond was true then, and nothing made it false again. (From
// go-ethereum's miner: Resolve waits for the full payload, which update
// sets before its Broadcast and nothing resets.)
//
// The condition is a field of the value holding the Cond (or a package
// variable, next to a Cond in a package variable) compared with nil, or a
// bool field or variable: `if p.full == nil { p.cond.Wait() }`,
// `if !s.ready { s.cond.Wait() }`. It is permanent when every store to it
// in the package, other than the initialisation of a value being built,
// stores a value that is not the nil constant (for a nil comparison) or the
// constant true (for a bool), its address goes nowhere else, the struct
// holding it is never overwritten whole, and it and the Cond are
// unexported (no other package can store or signal). A stored pointer is
// taken to be non-nil.

// A condition never made true, or a Cond never signalled, proves nothing:
// the Wait stays reported.

// state is the waited-for condition: the object holding it, and what
// makes it true.
type state struct {
	field  *types.Var // the struct field; nil for a package variable
	global *types.Var // the package variable
	isNil  bool       // the waiter waits while it is nil (else: while it is false)
}

// permanentWait reports whether the Wait wait, in the body of ifStmt and
// not in a loop, is guarded by a permanent condition on the Cond it waits
// on (see above).
func (c *checker) permanentWait(ifStmt *ast.IfStmt, wait *ast.CallExpr) bool {
	if ifStmt.Init != nil || wait.Pos() < ifStmt.Body.Pos() || wait.End() > ifStmt.Body.End() {
		return false
	}
	sel, ok := ast.Unparen(wait.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	condRoot, condField, condGlobal, ok := c.location(sel.X)
	if !ok {
		return false
	}
	st, x, ok := c.waitedState(ifStmt.Cond)
	if !ok {
		return false
	}
	root, _, _, ok := c.location(x)
	if !ok || root != condRoot || (condGlobal == nil) != (st.global == nil) {
		return false
	}
	for _, v := range []*types.Var{condField, condGlobal, st.field, st.global} {
		if v != nil && v.Exported() {
			return false
		}
	}
	return c.neverUndone(st) && c.signalsAfter(st, condField, condGlobal)
}

// location splits e, a selector path x.f.g or an identifier, into the
// object at its root (a variable; nil for a package variable path), the
// last field (nil for an identifier) and, for a package-level variable,
// that variable.
func (c *checker) location(e ast.Expr) (root types.Object, field, global *types.Var, ok bool) {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, isVar := info.Uses[e].(*types.Var)
		if !isVar || v.Parent() != c.pass.Pkg.Scope() {
			return nil, nil, nil, false
		}
		return nil, nil, v, true
	case *ast.SelectorExpr:
		s := info.Selections[e]
		if s == nil || s.Kind() != types.FieldVal {
			return nil, nil, nil, false
		}
		f, _ := s.Obj().(*types.Var)
		x := ast.Unparen(e.X)
		for {
			inner, isSel := x.(*ast.SelectorExpr)
			if !isSel {
				break
			}
			if is := info.Selections[inner]; is == nil || is.Kind() != types.FieldVal {
				return nil, nil, nil, false
			}
			x = ast.Unparen(inner.X)
		}
		id, isID := x.(*ast.Ident)
		if !isID || info.Uses[id] == nil {
			return nil, nil, nil, false
		}
		return info.Uses[id], f, nil, true
	}
	return nil, nil, nil, false
}

// waitedState recognises the if's condition: x == nil, nil == x, !x (x a
// bool), x == false; it returns the state and x.
func (c *checker) waitedState(cond ast.Expr) (state, ast.Expr, bool) {
	info := c.pass.TypesInfo
	var x ast.Expr
	isNil := false
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op != token.NOT {
			return state{}, nil, false
		}
		x = e.X
	case *ast.BinaryExpr:
		if e.Op != token.EQL {
			return state{}, nil, false
		}
		a, b := e.X, e.Y
		if isNilExpr(info, a) || isFalse(info, a) {
			a, b = b, a
		}
		switch {
		case isNilExpr(info, b):
			x, isNil = a, true
		case isFalse(info, b):
			x = a
		default:
			return state{}, nil, false
		}
	default:
		return state{}, nil, false
	}
	if !isNil {
		t := info.TypeOf(x)
		if t == nil {
			return state{}, nil, false
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
			return state{}, nil, false
		}
	}
	_, field, global, ok := c.location(x)
	if !ok {
		return state{}, nil, false
	}
	return state{field: field, global: global, isNil: isNil}, x, true
}

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

func isFalse(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
}

// addrOf reports whether v is the address of st's storage.
func (st state) addrOf(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return st.field != nil && fieldOf(v) == st.field
	case *ssa.Global:
		return st.global != nil && v.Object() == st.global
	}
	return false
}

func fieldOf(fa *ssa.FieldAddr) *types.Var {
	return model.StructField(fa.X.Type(), fa.Field)
}

// makesTrue reports whether storing v makes the condition true: not the
// nil constant (a nil comparison), the constant true (a bool).
func (st state) makesTrue(v ssa.Value) bool {
	k, isConst := v.(*ssa.Const)
	if st.isNil {
		return !isConst || !k.IsNil()
	}
	return isConst && k.Value != nil && k.Value.Kind() == constant.Bool && constant.BoolVal(k.Value)
}

// fresh reports whether addr is a field of a value the function is
// building (a composite literal's allocation): its initialisation.
func fresh(addr ssa.Value) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	_, ok = fa.X.(*ssa.Alloc)
	return ok
}

// neverUndone reports whether no code of the package makes the condition
// false again once true: every store to it makes it true (or initialises
// a new value), its address is only loaded and stored, and no store
// overwrites the whole struct holding it.
func (c *checker) neverUndone(st state) bool {
	made := false
	var holder types.Type
	if st.field != nil {
		t, _, _, ok := model.DeclaringType(st.field)
		if !ok {
			return false
		}
		holder = t
	}
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.FieldAddr:
					if !st.addrOf(in) {
						continue
					}
					for _, ref := range *in.Referrers() {
						switch r := ref.(type) {
						case *ssa.Store:
							if r.Addr != in {
								return false // the address itself is stored
							}
							if !st.makesTrue(r.Val) && !fresh(in) {
								return false
							}
							made = made || st.makesTrue(r.Val)
						case *ssa.UnOp:
							if r.Op != token.MUL {
								return false
							}
						case *ssa.DebugRef:
						default:
							return false // &x.f handed to other code
						}
					}
				case *ssa.Store:
					if st.global != nil {
						if g, ok := in.Addr.(*ssa.Global); ok && g.Object() == st.global {
							if !st.makesTrue(in.Val) {
								return false
							}
							made = true
						}
						continue
					}
					// *p = T{…} overwrites the field, except in an
					// allocation being initialised.
					if p, ok := in.Addr.Type().Underlying().(*types.Pointer); ok && types.Identical(p.Elem(), holder) {
						if _, isAlloc := in.Addr.(*ssa.Alloc); !isAlloc {
							return false
						}
					}
				}
			}
		}
	}
	if !made {
		return false // never made true: nothing is known
	}
	if st.global != nil {
		// The variable's address must go nowhere but loads and stores.
		for _, fn := range c.m.SourceFuncs() {
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					for _, op := range instr.Operands(nil) {
						g, ok := (*op).(*ssa.Global)
						if !ok || g.Object() != st.global {
							continue
						}
						switch r := instr.(type) {
						case *ssa.Store:
							if r.Val == g {
								return false
							}
						case *ssa.UnOp:
							if r.Op != token.MUL {
								return false
							}
						case *ssa.DebugRef:
						default:
							return false
						}
					}
				}
			}
		}
	}
	return true
}

// signalsAfter reports whether every Signal and Broadcast of the Cond (the
// field condField, or the package variable condGlobal) in the package
// runs only after the condition has been made true on every path from its
// function's entry: a store that makes it true, or a branch taken because
// it was true, on the same value that holds the Cond. The Cond's value
// must be used only to call its methods.
func (c *checker) signalsAfter(st state, condField, condGlobal *types.Var) bool {
	signals := 0
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				load, ok := instr.(*ssa.UnOp)
				if !ok || load.Op != token.MUL {
					continue
				}
				var root ssa.Value
				switch a := load.X.(type) {
				case *ssa.FieldAddr:
					if condField == nil || fieldOf(a) != condField {
						continue
					}
					root = a.X
				case *ssa.Global:
					if condGlobal == nil || a.Object() != condGlobal {
						continue
					}
				default:
					continue
				}
				for _, ref := range *load.Referrers() {
					call, ok := ref.(*ssa.Call)
					if !ok || len(call.Call.Args) == 0 || call.Call.Args[0] != load {
						if _, dbg := ref.(*ssa.DebugRef); dbg {
							continue
						}
						return false // the Cond goes elsewhere
					}
					callee := call.Call.StaticCallee()
					switch {
					case model.IsCondMethod(callee, "Wait"):
					case model.IsCondMethod(callee, "Signal", "Broadcast"):
						if !madeTrueBefore(c.m, st, root, call) {
							return false
						}
						signals++
					default:
						return false
					}
				}
			}
		}
	}
	return signals > 0 // with no signal at all, nothing is known
}

// madeTrueBefore reports whether every path from the entry of call's
// function to call passes a store making the condition true on root (the
// value holding the Cond; nil for package variables), or an edge taken
// because the condition was true.
func madeTrueBefore(m *model.Model, st state, root ssa.Value, call *ssa.Call) bool {
	fn := call.Parent()
	if len(fn.Blocks) == 0 {
		return false
	}
	on := func(addr ssa.Value) bool {
		if !st.addrOf(addr) {
			return false
		}
		if fa, ok := addr.(*ssa.FieldAddr); ok {
			return fa.X == root
		}
		return true
	}
	// good reports whether instr makes the condition true.
	good := func(instr ssa.Instruction) bool {
		s, ok := instr.(*ssa.Store)
		return ok && on(s.Addr) && st.makesTrue(s.Val)
	}
	// trueEdge returns the successor of b taken when the condition is
	// true, or -1.
	trueEdge := func(b *ssa.BasicBlock) int {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			return -1
		}
		isLoad := func(v ssa.Value) bool {
			u, ok := v.(*ssa.UnOp)
			return ok && u.Op == token.MUL && on(u.X)
		}
		if st.isNil {
			cmp, ok := ifi.Cond.(*ssa.BinOp)
			if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
				return -1
			}
			x, y := cmp.X, cmp.Y
			if k, ok := x.(*ssa.Const); ok && k.IsNil() {
				x, y = y, x
			}
			if k, ok := y.(*ssa.Const); !ok || !k.IsNil() || !isLoad(x) {
				return -1
			}
			if cmp.Op == token.NEQ {
				return 0 // x != nil: the then edge
			}
			return 1
		}
		if isLoad(ifi.Cond) {
			return 0
		}
		return -1
	}
	// A path from the entry that reaches call without passing a good
	// point, or an edge taken because the condition was true: the Signal
	// may come first.
	stop := map[ssa.Instruction]bool{}
	br := model.Branches{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if good(instr) {
				stop[instr] = true
			}
		}
		if len(b.Succs) == 2 {
			if t := trueEdge(b); t >= 0 {
				br[b.Instrs[len(b.Instrs)-1].(*ssa.If)] = 1 - t
			}
		}
	}
	return !m.EntryReaches(call, stop, br)
}

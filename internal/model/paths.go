package model

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A PathVisitor is told, in order, each instruction a path of WalkPaths
// executes, with the path's state there (the visitor's own value: a lock
// held or not, a flag). It returns the state after the instruction and
// whether the path ends at it.
type PathVisitor func(in ssa.Instruction, state uint8) (next uint8, end bool)

// WalkPaths follows the paths of from's function that begin after from,
// in the state given, and tells visit their instructions. Unlike the
// reachability searches of graph.go it is path-sensitive, so that a check
// does not follow a path no execution takes:
//
//   - an If on a constant, or on a boolean flag (a phi with a constant
//     edge: locked := false; if … { mu.Lock(); locked = true }) whose
//     value the path set, takes that branch;
//   - an If on the condition of an If that guards from's block (every
//     path to it took one branch of that If) takes the same branch, until
//     the path computes that condition again (the next iteration);
//   - two Ifs on one SSA value take the same branch on a path, until the
//     path computes the value again.
//
// A path ends where visit ends it, at a return, and at an end that is not
// one (a panic, a call that never returns). Each block is entered once per
// state and branch decisions. At most budget blocks are entered; WalkPaths
// reports false when the paths needed more (their answer is partial).
func (m *Model) WalkPaths(from ssa.Instruction, state uint8, budget int, visit PathVisitor) bool {
	at := from.Block()
	if at == nil {
		return true
	}
	return walkPaths(at, m.Index(at, from)+1, guardsOf(at), nil, state, budget, visit)
}

// WalkCall is WalkPaths over the whole of callee, from its entry, for the
// call made by call: a parameter the call gives a boolean constant has
// that value on every path (get(k, false) takes the branches of
// if !locked).
func (m *Model) WalkCall(call ssa.CallInstruction, callee *ssa.Function, state uint8, budget int, visit PathVisitor) bool {
	if len(callee.Blocks) == 0 {
		return true
	}
	bound := map[ssa.Value]bool{}
	args := call.Common().Args
	for i, p := range callee.Params {
		if i < len(args) {
			if IsBoolConst(args[i], true) {
				bound[p] = true
			} else if IsBoolConst(args[i], false) {
				bound[p] = false
			}
		}
	}
	return walkPaths(callee.Blocks[0], 0, nil, bound, state, budget, visit)
}

// callBudget bounds CallReaches: the blocks of the callee it enters.
const callBudget = 5000

// CallReaches reports whether callee, called by call, reaches an
// instruction target accepts on some path the call's boolean constants
// leave (WalkCall): a helper that waits only when told to (if wait {
// wg.Wait() }) does not when told not to. It reports false when the paths
// took more than callBudget blocks without reaching one.
func (m *Model) CallReaches(call ssa.CallInstruction, callee *ssa.Function, target func(ssa.Instruction) bool) bool {
	reached := false
	m.WalkCall(call, callee, 0, callBudget, func(in ssa.Instruction, st uint8) (uint8, bool) {
		if target(in) {
			reached = true
		}
		return st, reached
	})
	return reached
}

// BoolArgs reports whether call gives a boolean constant to a parameter:
// WalkCall then follows fewer paths than the callee has.
func BoolArgs(call ssa.CallInstruction) bool {
	for _, a := range call.Common().Args {
		if IsBoolConst(a, true) || IsBoolConst(a, false) {
			return true
		}
	}
	return false
}

// walkPaths is WalkPaths from instruction i of block at, under guards,
// with the values of bound known.
func walkPaths(at *ssa.BasicBlock, start int, guards guards, bound map[ssa.Value]bool, state uint8, budget int, visit PathVisitor) bool {
	flags := boolFlags(at.Parent())
	flags.bound = bound
	conds := repeatedConds(at.Parent())
	type key struct {
		b            *ssa.BasicBlock
		state        uint8
		guarded      bool
		known, val   uint64 // the flags set on the path
		dknown, dval uint64 // the path's decisions on conds
	}
	seen := map[key]bool{}
	var walk func(b, pred *ssa.BasicBlock, from int, state uint8, guarded bool, known, val, dknown, dval uint64)
	walk = func(b, pred *ssa.BasicBlock, from int, state uint8, guarded bool, known, val, dknown, dval uint64) {
		if budget--; budget < 0 {
			return
		}
		if from == 0 {
			if guarded && guards.computedIn(b) {
				guarded = false
			}
			known, val = flags.enter(b, pred, known, val)
			dknown &^= conds.computedIn(b) // a new iteration computes them again
			k := key{b, state, guarded, known, val, dknown, dval}
			if seen[k] {
				return
			}
			seen[k] = true
		}
		for _, in := range b.Instrs[from:] {
			var end bool
			if state, end = visit(in, state); end {
				return
			}
		}
		succs := b.Succs
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && len(succs) == 2 {
			dir, ok := flags.lookup(iff.Cond, known, val)
			if !ok && guarded {
				dir, ok = guards.lookup(iff.Cond)
			}
			bit, repeated := conds.bits[iff.Cond]
			if !ok && repeated && dknown&(1<<bit) != 0 {
				dir, ok = dval&(1<<bit) != 0, true
			}
			if ok {
				if dir {
					succs = succs[:1]
				} else {
					succs = succs[1:]
				}
			} else if repeated {
				// One value takes one outcome on a path: the next if
				// on it goes the same way.
				walk(succs[0], b, 0, state, guarded, known, val, dknown|1<<bit, dval|1<<bit)
				walk(succs[1], b, 0, state, guarded, known, val, dknown|1<<bit, dval&^(1<<bit))
				return
			}
		}
		for _, s := range succs {
			walk(s, b, 0, state, guarded, known, val, dknown, dval)
		}
	}
	walk(at, nil, start, state, len(guards) > 0, 0, 0, 0, 0)
	return budget >= 0
}

// condSet numbers the values that two or more ifs of a function branch
// on (if fast { … } … if !fast { … }: go/ssa builds both on fast), so
// that a walk takes, at the second, the branch the first took on its
// path. At most 64; a block that computes one starts a new decision (the
// next iteration of a loop).
type condSet struct {
	bits map[ssa.Value]uint
	in   map[*ssa.BasicBlock]uint64 // the conds each block computes
}

func repeatedConds(fn *ssa.Function) condSet {
	uses := map[ssa.Value]int{}
	var order []ssa.Value
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if uses[iff.Cond] == 0 {
				order = append(order, iff.Cond)
			}
			uses[iff.Cond]++
		}
	}
	cs := condSet{bits: map[ssa.Value]uint{}, in: map[*ssa.BasicBlock]uint64{}}
	for _, v := range order {
		if uses[v] < 2 || len(cs.bits) == 64 {
			continue
		}
		bit := uint(len(cs.bits))
		cs.bits[v] = bit
		if in, ok := v.(ssa.Instruction); ok && in.Block() != nil {
			cs.in[in.Block()] |= 1 << bit
		}
	}
	return cs
}

// computedIn returns the conds b computes.
func (cs condSet) computedIn(b *ssa.BasicBlock) uint64 { return cs.in[b] }

// flagSet numbers the boolean phis of a function with a constant edge: the
// flags code sets next to a lock (locked := false; if !ok { mu.Lock();
// locked = true } … if locked { mu.Unlock() }), whose value along a path
// the walk tracks; and the values a walk knows from the start (a call's
// constant arguments).
type flagSet struct {
	bits  map[*ssa.Phi]uint
	bound map[ssa.Value]bool
}

func boolFlags(fn *ssa.Function) flagSet {
	fs := flagSet{bits: map[*ssa.Phi]uint{}}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			phi, ok := in.(*ssa.Phi)
			if !ok {
				break // phis come first
			}
			if t, ok := phi.Type().Underlying().(*types.Basic); !ok || t.Kind() != types.Bool {
				continue
			}
			if len(fs.bits) < 64 && slices.ContainsFunc(phi.Edges, func(e ssa.Value) bool { return IsBoolConst(e, true) || IsBoolConst(e, false) }) {
				fs.bits[phi] = uint(len(fs.bits))
			}
		}
	}
	return fs
}

// enter updates the known flag values when the path enters b from pred.
func (fs flagSet) enter(b, pred *ssa.BasicBlock, known, val uint64) (uint64, uint64) {
	if len(fs.bits) == 0 || pred == nil {
		return known, val
	}
	pi := slices.Index(b.Preds, pred)
	nk, nv := known, val
	for _, in := range b.Instrs {
		phi, ok := in.(*ssa.Phi)
		if !ok {
			break
		}
		bit, tracked := fs.bits[phi]
		if !tracked {
			continue
		}
		nk &^= 1 << bit
		nv &^= 1 << bit
		if pi < 0 || pi >= len(phi.Edges) {
			continue
		}
		// Phis read the values at the end of pred: the old state.
		if d, ok := fs.lookup(phi.Edges[pi], known, val); ok {
			nk |= 1 << bit
			if d {
				nv |= 1 << bit
			}
		}
	}
	return nk, nv
}

// lookup returns the value of v when it is a constant, a value bound
// from the start or a flag known on the path (or the negation of one).
func (fs flagSet) lookup(v ssa.Value, known, val uint64) (bool, bool) {
	if IsBoolConst(v, true) {
		return true, true
	}
	if IsBoolConst(v, false) {
		return false, true
	}
	if d, ok := fs.bound[v]; ok {
		return d, true
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.NOT {
		d, ok := fs.lookup(u.X, known, val)
		return !d, ok
	}
	phi, ok := v.(*ssa.Phi)
	if !ok {
		return false, false
	}
	bit, tracked := fs.bits[phi]
	if !tracked || known&(1<<bit) == 0 {
		return false, false
	}
	return val&(1<<bit) != 0, true
}

// guards are the branch conditions known at a block: the conditions of the
// ifs whose one branch every path to the block takes.
type guards []guard

type guard struct {
	cond ssa.Value
	dir  bool
}

// guardsOf returns the guards of b: for each dominator d of b (b included)
// entered only from an if, the if's condition and the branch d is on.
func guardsOf(b *ssa.BasicBlock) guards {
	var gs guards
	for d := b; d != nil; d = d.Idom() {
		if len(d.Preds) != 1 {
			continue
		}
		p := d.Preds[0]
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok || len(p.Succs) != 2 || p.Succs[0] == p.Succs[1] {
			continue
		}
		gs = append(gs, guard{iff.Cond, p.Succs[0] == d})
	}
	return gs
}

// computedIn reports whether b computes the condition of a guard (or the
// address it loads).
func (gs guards) computedIn(b *ssa.BasicBlock) bool {
	for _, g := range gs {
		for v := g.cond; v != nil; {
			in, ok := v.(ssa.Instruction)
			if !ok {
				break
			}
			if in.Block() == b {
				return true
			}
			v = nil
			if u, ok := in.(*ssa.UnOp); ok && u.Op == token.MUL {
				v = u.X
			}
		}
	}
	return false
}

// lookup returns the direction of a guard on the same condition as v: the
// same value, or a load of the same variable or field with no store to it
// in the function.
func (gs guards) lookup(v ssa.Value) (bool, bool) {
	for _, g := range gs {
		if sameCond(g.cond, v) {
			return g.dir, true
		}
	}
	return false, false
}

func sameCond(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	// Two loads of the same field of the same value (if c.shared … if
	// c.shared).
	fa, ok1 := la.X.(*ssa.FieldAddr)
	fb, ok2 := lb.X.(*ssa.FieldAddr)
	if ok1 && ok2 {
		return fa.X == fb.X && fa.Field == fb.Field
	}
	// Two loads of the same variable.
	return la.X == lb.X
}

// IsBoolConst reports whether v is the boolean constant want.
func IsBoolConst(v ssa.Value, want bool) bool {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Bool {
		return false
	}
	return constant.BoolVal(k.Value) == want
}

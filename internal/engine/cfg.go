package engine

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// LoopExits answers "can this loop ever end its goroutine?" for the loop
// statement spanning [lo, hi) in fn: found reports that fn has a loop
// there, exits that a return, a panic or a call that never returns is
// reachable from its head. Edges the engine knows are never taken do not
// count: the end of a range over a channel that nothing can close (a
// timer's or ticker's C, time.Tick).
func (p *Prog) LoopExits(fn *ssa.Function, lo, hi token.Pos) (found, exits bool) {
	p.ensureCaps()
	p.buildMu.Lock()
	f := p.funcOf(fn)
	p.buildMu.Unlock()
	if f == nil || f.Fn == nil {
		return false, false
	}
	// The loop's blocks: those with code inside the statement; its entry
	// is the one that comes before all others.
	var region []*ssa.BasicBlock
	for _, b := range f.Fn.Blocks {
		for _, instr := range b.Instrs {
			if pos := instr.Pos(); pos.IsValid() && lo <= pos && pos < hi {
				region = append(region, b)
				break
			}
		}
	}
	var head *ssa.BasicBlock
	for _, b := range region {
		all := true
		for _, o := range region {
			if !b.Dominates(o) {
				all = false
				break
			}
		}
		if all {
			head = b
			break
		}
	}
	if head == nil {
		return false, false
	}
	seen := make([]bool, len(f.Blocks))
	stack := []int{head.Index}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		b := f.Blocks[i]
		for _, op := range b.Ops {
			if op.Kind == OpFail && op.Aux == 1 {
				return true, true
			}
		}
		if b.Term.Kind == TermReturn || b.Term.Kind == TermExit {
			return true, true
		}
		for k, s := range b.Term.succs() {
			if k == 1 && f.neverFalse(b, b.Term.Cond) {
				continue
			}
			stack = append(stack, int(s))
		}
	}
	return true, false
}

// neverFalse reports whether cond, the condition of b's If, is the ok of a
// range over a channel that nothing can close.
func (f *Func) neverFalse(b *Block, cond Arg) bool {
	if cond < 0 {
		return false
	}
	for _, op := range b.Ops {
		if op.Kind != OpRecv || op.Dst2 != int32(cond) {
			continue
		}
		return f.unclosable(op.A)
	}
	return false
}

// unclosable reports whether the channel in slot a comes from a timer or
// ticker (time.Tick, or the C field of a time.Timer or time.Ticker).
func (f *Func) unclosable(a Arg) bool {
	if a < 0 {
		return false
	}
	def := f.def(int32(a))
	if def == nil {
		return false
	}
	switch def.Kind {
	case OpEnvChan:
		return true
	case OpLoad:
		if fd := f.def(int32(def.A)); fd != nil && fd.Kind == OpField && fd.Field != nil && fd.Field.Type != nil && fd.Field.Type.Elem != nil {
			x := fd.Field.Type.Elem
			return x.Kind == ObjChan && x.Caps&CapClose == 0 && x.Caps&CapSend != 0
		}
	case OpCopy:
		return f.unclosable(def.A)
	}
	return false
}

// def returns the op that writes slot s (the first, when several do).
func (f *Func) def(s int32) *Op {
	if s < 0 {
		return nil
	}
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			if op.Dst == s {
				return op
			}
		}
	}
	return nil
}

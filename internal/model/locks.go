package model

import (
	"cmp"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Held is a mutex held at a point of a function.
type Held struct {
	Mutex Ref
	// Read reports that the mutex is held only for reading (RLock): a
	// mutex both locked and read-locked is reported once, with Read false.
	Read bool
	// Lock is an operation of the function that acquires the mutex (in the
	// same mode) and reaches the point; the earliest in the source when
	// several do. For a mutex acquired by a call of a lock helper (a
	// function whose LockEffects fact says it returns holding it), Lock is
	// an operation standing for that call (not in Func.LockOps) and Call is
	// the call.
	Lock *LockOp
	Call *LockCall
}

// HeldAt returns the mutexes held on every path from the entry of instr's
// function to instr, by that function's own operations and its calls of
// lock helpers (see LockCall): Lock and RLock, and calls of functions that
// return holding a mutex, acquire; Unlock and RUnlock, and calls of
// functions that release one, release; TryLock and TryRLock acquire on the
// branch where they returned true (when the result is tested directly by
// an if). A deferred Unlock releases only when the function returns, so the
// mutex stays held until then; a deferred Lock is ignored. Nothing is held
// at the entry: locks a caller or the spawner of a goroutine holds are not
// included. The result is in the order of the mutexes' first operation.
func (m *Model) HeldAt(instr ssa.Instruction) []Held {
	return m.heldAt(instr, true)
}

// MayHeldAt is HeldAt for the mutexes held on at least one path to instr.
func (m *Model) MayHeldAt(instr ssa.Instruction) []Held {
	return m.heldAt(instr, false)
}

func (m *Model) heldAt(instr ssa.Instruction, must bool) []Held {
	if m == nil || instr == nil || instr.Block() == nil {
		return nil
	}
	f := m.Func(instr.Parent())
	if f == nil || f.locks == nil {
		return nil
	}
	ls := f.locks
	state := ls.may[instr.Block().Index]
	if must {
		state = ls.must[instr.Block().Index]
	}
	if state == nil { // unreachable block
		return nil
	}
	state = slices.Clone(state)
	at := m.Index(instr.Block(), instr)
	for _, in := range ls.blockOps[instr.Block().Index] {
		if m.Index(instr.Block(), in) >= at {
			break
		}
		ls.transfer(state, in)
	}
	var out []Held
	for i, r := range ls.mutexes {
		w, rd := state.has(2*i), state.has(2*i+1)
		if !w && !rd {
			continue
		}
		h := Held{Mutex: r, Read: !w}
		h.Lock = ls.acquirer(i, h.Read, instr)
		if h.Lock != nil && m.b != nil && m.b.lf != nil {
			h.Call = m.b.lf.helper[h.Lock]
		}
		out = append(out, h)
	}
	return out
}

// lockState is the lock-state analysis of one function: the mutexes it
// operates on and, per block, the set held at the block's entry (nil for a
// block no path reaches).
type lockState struct {
	m       *Model
	f       *Func
	mutexes []Ref
	ops     map[ssa.Instruction]*LockOp // non-deferred operations
	extra   []*LockOp                   // the operations of lock helper calls
	must    []bits
	may     []bits
	// blockOps lists, per block, the instructions of ops in it, in order:
	// the only ones the transfer function acts on.
	blockOps [][]ssa.Instruction
	// acquirers lists, per mutex and mode (2i locked, 2i+1 read-locked),
	// the operations acquiring it, in source order.
	acquirers [][]*LockOp
}

// bits is a set of lock bits: 2i is "mutex i locked", 2i+1 "read-locked".
type bits []uint64

func newBits(n int) bits { return make(bits, (n+63)/64) }

func (s bits) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s bits) set(i int)      { s[i/64] |= 1 << (i % 64) }
func (s bits) clear(i int)    { s[i/64] &^= 1 << (i % 64) }

// computeLocks runs the analysis for every function with a non-deferred
// acquiring operation.
func (b *builder) computeLocks() {
	for _, f := range b.m.Funcs {
		if f.Fn == nil || len(f.Fn.Blocks) == 0 || !slices.ContainsFunc(f.LockOps, func(op *LockOp) bool {
			return !op.Deferred && op.Kind != Unlock && op.Kind != RUnlock
		}) {
			continue
		}
		f.locks = newLockState(b.m, f, nil)
	}
}

// newLockState computes the lock state of f from its operations and extra,
// the operations its calls of lock helpers amount to.
func newLockState(m *Model, f *Func, extra []*LockOp) *lockState {
	ls := &lockState{m: m, f: f, ops: map[ssa.Instruction]*LockOp{}, extra: extra}
	for _, op := range slices.Concat(f.LockOps, extra) {
		if op.Deferred || !op.Mutex.Valid() {
			continue
		}
		if _, dup := ls.ops[op.Instr]; dup {
			continue // a helper acting on two mutexes: the first only
		}
		ls.ops[op.Instr] = op
		if ls.index(op.Mutex) < 0 {
			ls.mutexes = append(ls.mutexes, op.Mutex)
		}
	}
	n := 2 * len(ls.mutexes)
	blocks := f.Fn.Blocks
	ls.blockOps = make([][]ssa.Instruction, len(blocks))
	for _, blk := range blocks {
		for _, in := range blk.Instrs {
			if ls.ops[in] != nil {
				ls.blockOps[blk.Index] = append(ls.blockOps[blk.Index], in)
			}
		}
	}
	ls.acquirers = make([][]*LockOp, n)
	for _, op := range slices.Concat(f.LockOps, extra) {
		if op.Deferred || ls.ops[op.Instr] != op || op.Kind == Unlock || op.Kind == RUnlock {
			continue
		}
		i := 2 * ls.index(op.Mutex)
		if op.Kind == RLock || op.Kind == TryRLock {
			i++
		}
		ls.acquirers[i] = append(ls.acquirers[i], op)
	}
	for _, ops := range ls.acquirers {
		slices.SortStableFunc(ops, func(a, b *LockOp) int { return cmp.Compare(a.Pos, b.Pos) })
	}
	ls.must = make([]bits, len(blocks))
	ls.may = make([]bits, len(blocks))
	ls.must[0], ls.may[0] = newBits(n), newBits(n)
	if rec := f.Fn.Recover; rec != nil {
		ls.must[rec.Index], ls.may[rec.Index] = newBits(n), newBits(n)
	}
	// Iterate to a fixpoint: may only grows, must only shrinks once a
	// block has been reached.
	for changed := true; changed; {
		changed = false
		for _, blk := range blocks {
			if ls.must[blk.Index] == nil {
				continue
			}
			mustOut := slices.Clone(ls.must[blk.Index])
			mayOut := slices.Clone(ls.may[blk.Index])
			for _, in := range ls.blockOps[blk.Index] {
				ls.transfer(mustOut, in)
				ls.transfer(mayOut, in)
			}
			for si, succ := range blk.Succs {
				mu, ma := ls.edge(blk, si, mustOut), ls.edge(blk, si, mayOut)
				if ls.join(succ.Index, mu, ma) {
					changed = true
				}
			}
		}
	}
	return ls
}

// join merges the states flowing into block i and reports a change.
func (ls *lockState) join(i int, must, may bits) bool {
	if ls.must[i] == nil {
		ls.must[i], ls.may[i] = slices.Clone(must), slices.Clone(may)
		return true
	}
	changed := false
	for w := range must {
		if nm := ls.must[i][w] & must[w]; nm != ls.must[i][w] {
			ls.must[i][w], changed = nm, true
		}
		if nm := ls.may[i][w] | may[w]; nm != ls.may[i][w] {
			ls.may[i][w], changed = nm, true
		}
	}
	return changed
}

// edge returns the state along blk's si-th successor edge: a TryLock
// tested by blk's if acquires on the true edge only.
func (ls *lockState) edge(blk *ssa.BasicBlock, si int, out bits) bits {
	iff, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
	if !ok || si != 0 {
		return out
	}
	call, ok := iff.Cond.(*ssa.Call)
	if !ok {
		return out
	}
	op := ls.ops[call]
	if op == nil || (op.Kind != TryLock && op.Kind != TryRLock) {
		return out
	}
	out = slices.Clone(out)
	i := ls.index(op.Mutex)
	if op.Kind == TryLock {
		out.set(2 * i)
	} else {
		out.set(2*i + 1)
	}
	return out
}

func (ls *lockState) transfer(s bits, in ssa.Instruction) {
	op := ls.ops[in]
	if op == nil {
		return
	}
	i := ls.index(op.Mutex)
	switch op.Kind {
	case Lock:
		s.set(2 * i)
	case RLock:
		s.set(2*i + 1)
	case Unlock:
		s.clear(2 * i)
	case RUnlock:
		s.clear(2*i + 1)
	}
}

func (ls *lockState) index(r Ref) int {
	return slices.IndexFunc(ls.mutexes, r.Same)
}

// acquirer returns the earliest operation acquiring mutex i in the given
// mode that reaches instr.
func (ls *lockState) acquirer(i int, read bool, instr ssa.Instruction) *LockOp {
	k := 2 * i
	if read {
		k++
	}
	for _, op := range ls.acquirers[k] {
		if op.Instr == instr || ls.m.Reaches(op.Instr, instr) {
			return op
		}
	}
	return nil
}

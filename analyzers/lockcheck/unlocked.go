package lockcheck

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// Unlock of an unlocked mutex: a release that runs after the function
// itself released the mutex on every path to it, with no acquisition in
// between. sync ends the program ("fatal error: sync: unlock of unlocked
// mutex"; recover cannot catch it). Two shapes:
//
//   - an Unlock (or RUnlock, or a call of a helper that releases) where the
//     mutex is released on every path: a second Unlock;
//   - a return, reached with the mutex released on every path, where a
//     deferred Unlock of it registered on every path runs: an early
//     Unlock before a return under defer mu.Unlock().
//
// "On every path" is a must analysis over the function's control flow: a
// path the conditions cannot take still counts, so a flag set next to the
// first Unlock (unlocked = true … if !unlocked { mu.Unlock() }) or two ifs
// on one condition never make a finding. Nothing is known at the entry:
// a function that unlocks a lock its caller holds (a …Locked helper) is
// released only after its own release.

// release is a release of a mutex by the function: its own Unlock or
// RUnlock, or a call of a helper that releases it (LockCall, EffectReleases).
type release struct {
	op   *model.LockOp
	pos  token.Pos
	name string // the mutex, as the source names it
	call *model.LockCall
}

// unlockedTwice reports the releases of an already released mutex in f.
func (c *checker) unlockedTwice(f *model.Func) {
	var mutexes []model.Ref
	index := func(r model.Ref) int {
		for i, m := range mutexes {
			if m.Same(r) {
				return i
			}
		}
		return -1
	}
	// The operations that change the state, per instruction: a release
	// sets the mutex's bit, an acquisition (or a call that may lock it)
	// clears it.
	type event struct {
		mutex   int
		release *release // nil: acquires
	}
	events := map[ssa.Instruction][]event{}
	addEvent := func(instr ssa.Instruction, r model.Ref, rel *release) {
		if !r.Valid() {
			return
		}
		i := index(r)
		if i < 0 {
			if rel == nil {
				return // acquired only: never released here
			}
			mutexes = append(mutexes, r)
			i = len(mutexes) - 1
		}
		events[instr] = append(events[instr], event{i, rel})
	}
	// Releases first, so that every mutex released has an index.
	for _, op := range f.LockOps {
		if !op.Deferred && releases(op.Kind) {
			addEvent(op.Instr, op.Mutex, &release{op: op, pos: op.Pos, name: c.mutexName(op)})
		}
	}
	calls := c.m.LockCalls(f)
	for _, lc := range calls {
		if !lc.Deferred && lc.Effect == model.EffectReleases && lc.Op != nil {
			addEvent(lc.Instr, lc.Mutex, &release{op: lc.Op, pos: lc.Pos, name: c.callMutexName(lc), call: lc})
		}
	}
	if len(mutexes) == 0 || len(mutexes) > 64 {
		return
	}
	for _, op := range f.LockOps {
		if !op.Deferred && !releases(op.Kind) {
			addEvent(op.Instr, op.Mutex, nil) // Lock, RLock, TryLock
		}
	}
	for _, lc := range calls {
		if !lc.Deferred && lc.Effect == model.EffectHolds {
			addEvent(lc.Instr, lc.Mutex, nil)
		}
	}
	for _, call := range f.Calls {
		for _, o := range call.Ops {
			if o.Op == model.OpLock || o.Op == model.OpRLock {
				addEvent(call.Instr, o.Ref, nil) // may return holding it
			}
		}
	}
	// Read locks are counted: a mutex read-locked while it may already be
	// read-locked here is released by its first RUnlock only partly.
	for _, op := range f.LockOps {
		if op.Deferred || op.Kind != model.RLock && op.Kind != model.TryRLock {
			continue
		}
		if i := index(op.Mutex); i >= 0 {
			for _, h := range c.m.MayHeldAt(op.Instr) {
				if h.Mutex.Same(op.Mutex) {
					mutexes[i] = model.Ref{}
				}
			}
		}
	}
	// A literal or goroutine of f, or another function handed the mutex,
	// may lock it between two releases here (a handoff): such mutexes are
	// left alone.
	for i := range mutexes {
		if c.unlockedElsewhere(f, mutexes[i]) || c.lockedElsewhere(f, mutexes[i]) {
			mutexes[i] = model.Ref{}
		}
	}

	blocks := f.Fn.Blocks
	full := uint64(1)<<len(mutexes) - 1
	if len(mutexes) == 64 {
		full = ^uint64(0)
	}
	// in[b]: the mutexes released on every path to b's entry. The entry
	// and the recover block (no predecessors) start with none.
	in := make([]uint64, len(blocks))
	for _, b := range blocks {
		if b.Index != 0 && len(b.Preds) > 0 {
			in[b.Index] = full
		}
	}
	transfer := func(b *ssa.BasicBlock, state uint64, visit func(instr ssa.Instruction, state uint64)) uint64 {
		for _, instr := range b.Instrs {
			if visit != nil {
				visit(instr, state)
			}
			for _, e := range events[instr] {
				if e.release != nil {
					state |= 1 << e.mutex
				} else {
					state &^= 1 << e.mutex
				}
			}
		}
		return state
	}
	for changed := true; changed; {
		changed = false
		for _, b := range blocks {
			out := transfer(b, in[b.Index], nil)
			for _, s := range b.Succs {
				if n := in[s.Index] & out; n != in[s.Index] {
					in[s.Index] = n
					changed = true
				}
			}
		}
	}

	reported := map[token.Pos]bool{}
	report := func(rel *release, related []analysis.RelatedInformation, msg string) {
		if reported[rel.pos] {
			return
		}
		reported[rel.pos] = true
		c.pass.Report(analysis.Diagnostic{Pos: rel.pos, Message: msg, Related: related})
	}
	// earlier returns the release of mutex i that reaches at, the last
	// in the source of those before it (when at has a position: an
	// implicit return at the end of the function has none): the first
	// Unlock of the two.
	earlier := func(i int, at ssa.Instruction) *release {
		var best *release
		limit := posOf(at)
		for instr, evs := range events {
			for _, e := range evs {
				if e.mutex != i || e.release == nil || instr == at || !c.m.Reaches(instr, at) {
					continue
				}
				if limit.IsValid() && e.release.pos >= limit {
					continue
				}
				if best == nil || e.release.pos > best.pos {
					best = e.release
				}
			}
		}
		return best
	}
	for _, b := range blocks {
		transfer(b, in[b.Index], func(instr ssa.Instruction, state uint64) {
			for _, e := range events[instr] {
				if e.release == nil || !mutexes[e.mutex].Valid() || state&(1<<e.mutex) == 0 {
					continue
				}
				first := earlier(e.mutex, instr)
				if first == nil {
					continue
				}
				report(e.release, []analysis.RelatedInformation{{Pos: first.pos, Message: first.name + " is unlocked here first"}},
					fmt.Sprintf("%s of %s, which is already unlocked on every path here: the program stops with \"fatal error: sync: unlock of unlocked mutex\" (remove one of the two)", releaseName(e.release), e.release.name))
			}
			ret, ok := instr.(*ssa.Return)
			if !ok {
				return
			}
			for _, op := range f.LockOps {
				if !op.Deferred || !releases(op.Kind) || !c.m.Dominates(op.Instr, ret) {
					continue
				}
				i := index(op.Mutex)
				if i < 0 || !mutexes[i].Valid() || state&(1<<i) == 0 || deferredAcquire(f, op.Mutex) {
					continue
				}
				first := earlier(i, ret)
				if first == nil {
					continue
				}
				report(first, []analysis.RelatedInformation{{Pos: op.Pos, Message: "the deferred " + c.mutexName(op) + "." + op.Kind.String() + " runs at return"}},
					fmt.Sprintf("%s of %s before a return, and the deferred %s.%s unlocks it again at return: the program stops with \"fatal error: sync: unlock of unlocked mutex\" (drop this %s, or the defer)", releaseName(first), first.name, c.mutexName(op), op.Kind.String(), releaseName(first)))
			}
		})
	}
}

// deferredAcquire reports whether f defers a Lock or RLock of mu: run
// before an earlier deferred Unlock (defers run last first), it takes the
// mutex back for it (mu.Unlock(); defer mu.Lock() under defer
// mu.Unlock(): unlock for a while, relock at return).
func deferredAcquire(f *model.Func, mu model.Ref) bool {
	for _, op := range f.LockOps {
		if op.Deferred && acquires(op.Kind) && op.Mutex.Same(mu) {
			return true
		}
	}
	return false
}

// releaseName says what the release is: "Unlock", "RUnlock", or the
// helper's call.
func releaseName(r *release) string {
	if r.call != nil {
		return calleeName(r.call)
	}
	return r.op.Kind.String()
}

// posOf is the position of a call instruction or a return.
func posOf(instr ssa.Instruction) token.Pos {
	if c, ok := instr.(ssa.CallInstruction); ok {
		return c.Pos()
	}
	return instr.Pos()
}

// lockedElsewhere reports whether a literal of f or a goroutine it
// starts may lock mu: code f's own lock state does not follow.
func (c *checker) lockedElsewhere(f *model.Func, mu model.Ref) bool {
	return c.nestedOps(f, mu, acquires, model.OpLock, model.OpRLock)
}

// mismatchedReleases reports an Unlock of an RWMutex held only for
// reading, and an RUnlock of one held for writing, on every path: sync
// ends the program ("fatal error: sync: Unlock of unlocked RWMutex",
// "sync: RUnlock of unlocked RWMutex") and the lock taken is never
// released. deferredMismatch reports the deferred ones.
func (c *checker) mismatchedReleases(f *model.Func) {
	for _, op := range f.LockOps {
		if op.Deferred || !op.RW || !releases(op.Kind) || !op.Mutex.Valid() {
			continue
		}
		for _, h := range c.m.HeldAt(op.Instr) {
			if !h.Mutex.Same(op.Mutex) || h.Lock == nil {
				continue
			}
			want := model.Unlock
			if h.Read {
				want = model.RUnlock
			}
			if op.Kind == want || c.handedOff(f, op.Mutex) || c.unlockedElsewhere(f, op.Mutex) {
				continue
			}
			mode, fatal := "read-locked", "Unlock"
			if !h.Read {
				mode, fatal = "locked", "RUnlock"
			}
			name := c.mutexName(op)
			c.pass.Report(analysis.Diagnostic{
				Pos:     op.Pos,
				Message: fmt.Sprintf("%s.%s while %s is %s: the program stops with \"fatal error: sync: %s of unlocked RWMutex\" and the lock is never released (call %s.%s)", name, op.Kind, name, mode, fatal, name, want),
				Related: c.heldRelated(h),
			})
		}
	}
}

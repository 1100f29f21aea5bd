package lockcheck

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// Re-entry through a call whose constant arguments decide that the callee
// locks: a helper that locks only when told to (if !locked { mu.Lock() })
// has no LockEffects fact, since it does not lock on every path; called
// with the constant that makes it lock, while the caller holds the mutex,
// it deadlocks all the same.

// boundBudget bounds the walk of a callee's paths for one call and mutex.
const boundBudget = 5000

// boundLock is the lock a call makes on every path its constant
// arguments leave.
type boundLock struct {
	pos  token.Pos // the callee's Lock, or its call of a lock helper
	read bool      // every such lock is an RLock
}

// boundLocks reports, through report, the calls of f of a function of the
// package with a boolean constant argument that, with those constants,
// locks a mutex f holds on every path (and releases it on none first).
func (c *checker) boundLocks(f *model.Func, report func(key ssa.Instruction, what string, d analysis.Diagnostic)) {
	for _, blk := range f.Fn.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok || !model.BoolArgs(call) {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee == f.Fn || callee.Pkg != c.m.SSA || len(callee.Blocks) == 0 || callee.Origin() != nil || callee.TypeParams().Len() > 0 || lockedConvention(callee.Name()) {
				continue
			}
			cf := c.m.Func(callee)
			if cf == nil || !locksAny(c.m, cf) || c.m.Oversized(c.pass, c.pass.Analyzer.Name, callee) {
				continue
			}
			for _, h := range c.m.HeldAt(call) {
				if h.Lock == nil || c.lockCallFor(f, call, h.Mutex) {
					continue
				}
				l, ok := c.lockedFor(call, callee, cf, h.Mutex)
				if !ok || c.handedOff(f, h.Mutex) || c.unlockedElsewhereBut(f, h.Mutex, call) || h.Read && l.read && (unshared(h.Mutex) || !c.writerMayRun(f, h.Mutex)) {
					continue
				}
				name := c.heldName(h)
				verb, holds := "locks", "holds"
				if l.read {
					verb = "read-locks"
				}
				if h.Read {
					holds = "read-locks"
				}
				why := "the call deadlocks"
				if h.Read && l.read {
					why = "a writer calling Lock in between blocks it forever"
				} else if h.Read {
					why = "a read lock cannot be upgraded, the call deadlocks"
				}
				pos := call.Pos()
				if syn := c.m.CallSyntax(call); syn != nil {
					pos = syn.Pos()
				}
				d := analysis.Diagnostic{
					Pos: pos,
					Message: fmt.Sprintf("%s %s %s when called with %s, and this goroutine already %s it: %s (pass the value that says the lock is held, or release it first)",
						callee.Name(), verb, name, boundArgs(call, callee), holds, why),
					Related: append(c.heldRelated(h), analysis.RelatedInformation{Pos: l.pos, Message: callee.Name() + " " + verb + " " + name + " here"}),
				}
				var held ssa.Instruction
				if h.Lock != nil {
					held = h.Lock.Instr
				}
				report(held, callee.Name()+" "+name, d)
				break
			}
		}
	}
}

// locksAny reports whether f locks a mutex itself or through a lock
// helper: only then can a call of it lock one again.
func locksAny(m *model.Model, f *model.Func) bool {
	for _, op := range f.LockOps {
		if !op.Deferred && acquires(op.Kind) {
			return true
		}
	}
	for _, lc := range m.LockCalls(f) {
		if !lc.Deferred && (lc.Effect == model.EffectLocks || lc.Effect == model.EffectHolds) {
			return true
		}
	}
	return false
}

// lockCallFor reports whether call is a call of a lock helper that locks
// mu on every path: the LockCalls check reports it already.
func (c *checker) lockCallFor(f *model.Func, call *ssa.Call, mu model.Ref) bool {
	for _, lc := range c.m.LockCalls(f) {
		if lc.Instr == ssa.CallInstruction(call) && lc.Mutex.Same(mu) && (lc.Effect == model.EffectLocks || lc.Effect == model.EffectHolds) {
			return true
		}
	}
	return false
}

// lockedFor reports whether callee, called by call, locks mu (in the
// caller's terms) on every path from its entry that the call's constant
// arguments leave, before it releases mu, returns, or gives up (TryLock):
// model.WalkCall, with the budget. It returns the first such lock.
func (c *checker) lockedFor(call *ssa.Call, callee *ssa.Function, cf *model.Func, mu model.Ref) (boundLock, bool) {
	type ev struct {
		lock, read bool
		pos        token.Pos
	}
	evs := map[ssa.Instruction]ev{}
	for _, op := range cf.LockOps {
		if op.Deferred {
			continue
		}
		if r, ok := c.m.InCaller(call, callee, op.Mutex); ok && r.Same(mu) {
			evs[op.Instr] = ev{lock: op.Kind == model.Lock || op.Kind == model.RLock, read: op.Kind == model.RLock, pos: op.Pos}
		}
	}
	for _, lc := range c.m.LockCalls(cf) {
		if lc.Deferred {
			continue
		}
		if r, ok := c.m.InCaller(call, callee, lc.Mutex); ok && r.Same(mu) {
			evs[lc.Instr] = ev{lock: lc.Effect == model.EffectLocks || lc.Effect == model.EffectHolds, read: lc.Read, pos: lc.Pos}
		}
	}
	var first boundLock
	found, escapes, allRead := false, false, true
	ok := c.m.WalkCall(call, callee, 0, boundBudget, func(in ssa.Instruction, st uint8) (uint8, bool) {
		if e, ok := evs[in]; ok {
			if !e.lock {
				escapes = true // released (or tried) first: the caller's lock is let go
			} else {
				if !found || e.pos < first.pos {
					first.pos = e.pos
				}
				found = true
				allRead = allRead && e.read
			}
			return st, true
		}
		if _, ok := in.(*ssa.Return); ok {
			escapes = true // a path that returns without locking
			return st, true
		}
		if call, ok := in.(ssa.CallInstruction); ok && call.Common().IsInvoke() {
			if n := call.Common().Method.Name(); n == "Unlock" || n == "RUnlock" {
				escapes = true // a release through an interface (c.L.Unlock()) may be mu's
				return st, true
			}
		}
		return st, false
	})
	first.read = allRead
	return first, ok && found && !escapes
}

// boundArgs describes the constant arguments of call (locked=false).
func boundArgs(call *ssa.Call, callee *ssa.Function) string {
	var parts []string
	args := call.Call.Args
	for i, p := range callee.Params {
		if i >= len(args) {
			break
		}
		if model.IsBoolConst(args[i], true) {
			parts = append(parts, p.Name()+"=true")
		} else if model.IsBoolConst(args[i], false) {
			parts = append(parts, p.Name()+"=false")
		}
	}
	return strings.Join(parts, ", ")
}

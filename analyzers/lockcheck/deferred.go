package lockcheck

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
)

// deferredMismatch reports a deferred Lock, RLock, Unlock or RUnlock of a
// mutex the function holds on every path to the defer statement, when the
// deferred call is not the release of the lock held: defer mu.Lock() or
// defer mu.RLock() while holding mu (the call runs at return, with mu still
// held), defer mu.RUnlock() after mu.Lock() and defer mu.Unlock() after
// mu.RLock() (a fatal error at return). The function must not release or
// take mu in the other mode anywhere else, so that mu is still held, in the
// same mode, when the deferred call runs; the fix then replaces the
// deferred call by the release of that mode. Another function of the
// package that unlocks mu (a handoff, which excuses a double lock) does
// not excuse these: it cannot make the deferred call right.
func (c *checker) deferredMismatch(f *model.Func) {
	for _, op := range f.LockOps {
		if !op.Deferred || !op.Mutex.Valid() || op.Kind == model.TryLock || op.Kind == model.TryRLock {
			continue
		}
		var held *model.Held
		for _, h := range c.m.HeldAt(op.Instr) {
			if h.Mutex.Same(op.Mutex) {
				held = &h
				break
			}
		}
		if held == nil {
			continue
		}
		release := model.Unlock
		if held.Read {
			release = model.RUnlock
		}
		if op.Kind == release || !c.onlyAcquires(f, op.Mutex, held.Read) || c.unlockedElsewhere(f, op.Mutex) {
			continue
		}
		name := c.mutexName(op)
		state := "locked"
		if held.Read {
			state = "read-locked"
		}
		var what, why string
		switch {
		case op.Kind == model.Lock && !held.Read:
			what, why = "deadlocks at return", "the deferred Lock runs with "+name+" still held, and a mutex is not reentrant"
		case op.Kind == model.Lock:
			what, why = "deadlocks at return", "Lock waits for every reader to leave, this goroutine included"
		case op.Kind == model.RLock && held.Read:
			what, why = "leaves "+name+" read-locked for good", "at return it takes a second read lock and neither is released, so the next "+name+".Lock blocks forever"
		case op.Kind == model.RLock:
			what, why = "deadlocks at return", "RLock waits for the write lock this goroutine still holds"
		case op.Kind == model.RUnlock:
			what, why = "crashes at return", "RUnlock of a mutex that is not read-locked is a fatal error that recover cannot catch, and the write lock is never released"
		default: // Unlock of a read lock
			what, why = "crashes at return", "Unlock of a mutex that is not write-locked is a fatal error that recover cannot catch, and the read lock is never released"
		}
		d := analysis.Diagnostic{
			Pos:     op.Pos,
			Message: fmt.Sprintf("defer %s.%s() while %s is %s %s: %s (defer %s.%s() instead)", name, op.Kind, name, state, what, why, name, release),
			Related: c.heldRelated(*held),
		}
		if fix, ok := replaceMethod(op, release); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.pass.Report(d)
	}
}

// onlyAcquires reports whether every operation of f on mu that is not
// deferred acquires it in the given mode (read or write), with no lock
// helper involved: nothing releases mu before the function returns.
func (c *checker) onlyAcquires(f *model.Func, mu model.Ref, read bool) bool {
	for _, op := range f.LockOps {
		if op.Deferred || !op.Mutex.Same(mu) {
			continue
		}
		switch op.Kind {
		case model.Lock, model.TryLock:
			if read {
				return false
			}
		case model.RLock, model.TryRLock:
			if !read {
				return false
			}
		default:
			return false
		}
	}
	for _, lc := range c.m.LockCalls(f) {
		if lc.Mutex.Same(mu) && (lc.Effect != model.EffectHolds || lc.Read != read) {
			return false
		}
	}
	return true
}

// replaceMethod renames the method of op's call (mu.Lock of defer
// mu.Lock()) to kind's.
func replaceMethod(op *model.LockOp, kind model.LockKind) (analysis.SuggestedFix, bool) {
	if op.Syntax == nil {
		return analysis.SuggestedFix{}, false
	}
	sel, ok := ast.Unparen(op.Syntax.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != op.Kind.String() {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Defer %s instead of %s", kind, op.Kind),
		TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(kind.String())}},
	}, true
}

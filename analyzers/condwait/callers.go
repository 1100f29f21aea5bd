package condwait

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// maxCallerDepth bounds the calls followed up from a Wait's function to
// the callers that should hold c.L.
const maxCallerDepth = 3

// unlockedByCallers reports a Wait in a function that never locks c.L
// (a helper that expects it held) whose callers hold it on no path to
// their calls (unheld): first is the first such call, lock a Lock of its
// function.
func (c *checker) unlockedByCallers(fn *ssa.Function, syntax *ast.CallExpr, name string, mu model.Ref, first ssa.CallInstruction, lock *model.LockOp) {
	callerName := declaredName(first.Parent())
	lockName := lockName(lock, mu)
	called, via := fn.Name(), ""
	if callee := first.Common().StaticCallee(); callee != nil && callee != fn {
		called, via = callee.Name(), " (which leads to "+fn.Name()+")"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: syntax.Pos(),
		Message: fmt.Sprintf("%s.Wait without holding %s.L: %s calls %s%s with %s unlocked, and Wait unlocks it, a fatal error (lock %s before calling %s)",
			name, name, callerName, called, via, lockName, lockName, called),
		Related: []analysis.RelatedInformation{
			{Pos: first.Pos(), Message: fmt.Sprintf("%s is called here without %s", called, lockName)},
			{Pos: lock.Pos, Message: lockName + " is locked only here in " + callerName},
		},
	})
}

// declaredName is fn's name as declared (a method's without its
// receiver).
func declaredName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		return obj.Name()
	}
	return fn.Name()
}

// callersUnheld reports whether every call of fn (all of them known)
// comes from a function that holds mu (in fn's terms) on no path to the
// call and locks it elsewhere, or from a function that never locks it
// whose own calls are the same, up to maxCallerDepth. It returns the
// first call and a Lock of its function, for the report.
func (c *checker) callersUnheld(fn *ssa.Function, mu model.Ref, depth int) (ssa.CallInstruction, *model.LockOp, bool) {
	if depth > maxCallerDepth {
		return nil, nil, false
	}
	calls, known := c.m.Callers(fn)
	if !known {
		return nil, nil, false
	}
	var first ssa.CallInstruction
	var firstLock *model.LockOp
	for _, call := range calls {
		r, ok := c.m.InCaller(call, fn, mu)
		if !ok {
			return nil, nil, false
		}
		g := call.Parent()
		if locksThroughL(g) {
			return nil, nil, false
		}
		if slices.ContainsFunc(c.m.MayHeldAt(call), func(h model.Held) bool { return h.Mutex.Same(r) }) {
			return nil, nil, false
		}
		var lock *model.LockOp
		if gf := c.m.Func(g); gf != nil {
			if releasedFirst(c.m, gf, r) {
				return nil, nil, false // called holding it
			}
			for _, op := range gf.LockOps {
				if !op.Deferred && (op.Kind == model.Lock || op.Kind == model.RLock) && op.Mutex.Same(r) {
					lock = op
					break
				}
			}
		}
		if lock == nil {
			// g never locks mu: its callers must hold it.
			up, upLock, ok := c.callersUnheld(g, r, depth+1)
			if !ok {
				return nil, nil, false
			}
			if first == nil {
				first, firstLock = up, upLock
			}
			continue
		}
		if first == nil {
			first, firstLock = call, lock
		}
	}
	return first, firstLock, first != nil
}

package condwait

import (
	"fmt"
	"go/ast"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// A lost wake-up: a Wait with no condition around it (not in a loop, not
// under an if), after the function starts a goroutine that signals the
// Cond, when the Signal can run before the Wait begins. sync.Cond
// remembers nothing: a Signal with no waiter wakes nobody, and the Wait
// that comes after it blocks forever.
//
// The Signal cannot come first only when the function holds c.L from
// before the go statement to the Wait (Wait releases it atomically) and
// the goroutine signals while holding c.L: then it can take c.L, and
// signal, only once the Wait has begun.

// lostWakeup reports a bare Wait (no loop, no if) whose wake-up a
// goroutine of the function can send before it waits.
func (c *checker) lostWakeup(fn *ssa.Function, call *ssa.Call, syntax *ast.CallExpr, name string) {
	f := c.m.Func(fn)
	if f == nil || len(f.Spawns) == 0 {
		return
	}
	cond := c.m.Ref(call.Call.Args[0])
	mu, ok := c.m.CondLock(call.Call.Args[0])
	if !cond.Valid() || !ok {
		return
	}
	held := func(instr ssa.Instruction, s *model.Spawn) bool {
		return slices.ContainsFunc(c.m.HeldAt(instr), func(h model.Held) bool {
			r := h.Mutex
			if s != nil {
				r = c.m.InSpawner(s, r)
			}
			return r.Same(mu)
		})
	}
	if !held(call, nil) {
		return // the Wait without its lock is unlocked's question
	}
	for _, s := range f.Spawns {
		if s.Kind != model.GoStmt || s.Target == nil || !c.m.Dominates(s.Instr, call) {
			continue
		}
		var signals []*ssa.Call
		for _, g := range c.m.SyncBody(s.Target) {
			for _, blk := range g.Blocks {
				for _, instr := range blk.Instrs {
					sc, ok := instr.(*ssa.Call)
					if !ok || len(sc.Call.Args) != 1 || !model.IsCondMethod(sc.Call.StaticCallee(), "Signal", "Broadcast") {
						continue
					}
					if c.m.InSpawner(s, c.m.Ref(sc.Call.Args[0])).Same(cond) {
						signals = append(signals, sc)
					}
				}
			}
		}
		if len(signals) == 0 {
			continue
		}
		// Safe: c.L held from the go statement to the Wait, and every
		// Signal made holding it.
		safe := held(s.Instr, nil) && !c.releasedBetween(f, mu, s.Instr, call)
		for _, sc := range signals {
			if !held(sc, s) {
				safe = false
			}
		}
		if safe || model.InSynctestBubble(fn) && sleepsBefore(signals) {
			continue
		}
		sig := signals[0]
		what := "Signal"
		if model.IsCondMethod(sig.Call.StaticCallee(), "Broadcast") {
			what = "Broadcast"
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: syntax.Pos(),
			Message: fmt.Sprintf("%s.Wait has no condition to re-check, and the goroutine started before it may call %s first: a %s with no waiter is lost, and this Wait blocks forever (set a flag under %s.L before signalling, and wait in a loop: for !done { %s.Wait() })",
				name, what, what, name, name),
			Related: []analysis.RelatedInformation{
				{Pos: s.Pos, Message: "the goroutine is started here"},
				{Pos: sig.Pos(), Message: fmt.Sprintf("it calls %s here", what)},
			},
		})
		return
	}
}

// releasedBetween reports whether f may release mu after from and before
// to: a non-deferred Unlock or RUnlock of it that from reaches and that
// reaches to.
func (c *checker) releasedBetween(f *model.Func, mu model.Ref, from, to ssa.Instruction) bool {
	for _, op := range f.LockOps {
		if op.Deferred || !op.Mutex.Same(mu) || op.Kind != model.Unlock && op.Kind != model.RUnlock {
			continue
		}
		if c.m.Reaches(from, op.Instr) && c.m.Reaches(op.Instr, to) {
			return true
		}
	}
	return false
}

// sleepsBefore reports whether every signal comes after a time.Sleep of
// its goroutine, on every path.
func sleepsBefore(signals []*ssa.Call) bool {
	for _, sc := range signals {
		slept := false
		for _, blk := range sc.Parent().Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "time" && callee.Name() == "Sleep" && model.Dominates(call, sc) {
					slept = true
				}
			}
		}
		if !slept {
			return false
		}
	}
	return true
}

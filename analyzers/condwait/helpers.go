package condwait

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// WaitsUnheld is the fact of a function that calls Wait on the *sync.Cond
// it is given as parameter Param (the receiver counts as parameter 0)
// without locking anything first: its callers must hold the Cond's L, or
// Wait unlocks an unlocked mutex, a fatal error.
type WaitsUnheld struct {
	Param int
}

func (*WaitsUnheld) AFact() {}

func (f *WaitsUnheld) String() string { return fmt.Sprintf("waitsUnheld(%d)", f.Param) }

// maxFactRounds bounds the rounds of computeFacts: a chain of helpers
// that hand the Cond on, each found one round after its callee.
const maxFactRounds = 8

// computeFacts finds the functions of the package that wait on a Cond
// parameter without locking anything (waitsUnheld), to a fixed point over
// the package's calls of each other and of other packages' facts, and
// exports a fact for each declared one.
func (c *checker) computeFacts() {
	c.local = map[*ssa.Function]int{}
	for range maxFactRounds {
		changed := false
		for _, fn := range c.m.SourceFuncs() {
			if _, ok := c.local[fn]; ok {
				continue
			}
			if i, ok := c.waitsUnheld(fn); ok {
				c.local[fn] = i
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, i := range c.local {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == c.pass.Pkg {
			c.pass.ExportObjectFact(obj, &WaitsUnheld{Param: i})
		}
	}
}

// waitsUnheld returns the parameter of fn that is a *sync.Cond fn calls
// Wait on, itself or through a function with the fact, when fn locks
// nothing: no Lock or RLock of its own, no call of a lock helper, no
// Lock through an interface (c.L.Lock()). A function that locks any mutex
// may lock the Cond's: it has no fact.
func (c *checker) waitsUnheld(fn *ssa.Function) (int, bool) {
	if fn.Synthetic != "" || fn.TypeParams().Len() > 0 || fn.Origin() != nil || len(fn.Blocks) == 0 {
		return 0, false
	}
	param := -1
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if !condArg(call) {
				continue
			}
			var arg ssa.Value
			if callee := call.Call.StaticCallee(); model.IsCondMethod(callee, "Wait") && len(call.Call.Args) == 1 {
				arg = call.Call.Args[0]
			} else if j, ok := c.factOf(callee); ok && j < len(call.Call.Args) {
				arg = call.Call.Args[j]
			}
			p, ok := arg.(*ssa.Parameter)
			if !ok || p.Parent() != fn {
				continue
			}
			if i := paramIndex(fn, p); i >= 0 && param < 0 {
				param = i
			}
		}
	}
	if param < 0 || locksThroughL(fn) || condLeaves(fn.Params[param], c.factOf) {
		return 0, false
	}
	if f := c.m.Func(fn); f != nil {
		for _, op := range f.LockOps {
			if op.Kind != model.Unlock && op.Kind != model.RUnlock {
				return 0, false
			}
		}
		for _, lc := range c.m.LockCalls(f) {
			if lc.Effect != model.EffectReleases {
				return 0, false
			}
		}
	}
	return param, true
}

// condLeaves reports whether the Cond p goes anywhere but to its own
// Wait, Signal and Broadcast and to functions that wait on it unheld: a
// helper it is handed to may lock its L (c.L.Lock() in lockL(c)).
func condLeaves(p *ssa.Parameter, factOf func(*ssa.Function) (int, bool)) bool {
	for _, ref := range *p.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			callee := ref.Call.StaticCallee()
			if model.IsCondMethod(callee, "Wait", "Signal", "Broadcast") {
				continue
			}
			if j, ok := factOf(callee); ok && j < len(ref.Call.Args) && ref.Call.Args[j] == p && !slices.Contains(ref.Call.Args[:j], ssa.Value(p)) && !slices.Contains(ref.Call.Args[j+1:], ssa.Value(p)) {
				continue
			}
			return true
		default:
			return true
		}
	}
	return false
}

// condArg reports whether call passes a *sync.Cond: only such a call can
// wait on one its caller gives it.
func condArg(call *ssa.Call) bool {
	for _, a := range call.Call.Args {
		if model.IsSyncPointer(a.Type(), "Cond") {
			return true
		}
	}
	return false
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// factOf returns the parameter fn waits on unheld, by this package's
// computation or another package's fact.
func (c *checker) factOf(fn *ssa.Function) (int, bool) {
	if fn == nil || len(fn.FreeVars) > 0 && fn.Signature.Recv() == nil && fn.Object() != nil && fn.Parent() == nil {
		return 0, false // a method value's wrapper: the receiver is bound, its arguments leave it out
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if i, ok := c.local[fn]; ok {
		return i, true
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return 0, false
	}
	var f WaitsUnheld
	if c.pass.ImportObjectFact(obj, &f) {
		return f.Param, true
	}
	return 0, false
}

// helperCalls reports each call of a function with the fact, in fn (not
// generated, not too large), whose
// Cond's lock fn (or, when fn never locks it, every caller of fn up to
// maxCallerDepth) holds on no path to the call while locking it elsewhere.
func (c *checker) helperCalls(fn *ssa.Function) {
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok || !condArg(call) {
				continue
			}
			callee := call.Call.StaticCallee()
			j, ok := c.factOf(callee)
			if !ok || j >= len(call.Call.Args) {
				continue
			}
			if !c.waitReached(call, callee, j) {
				continue
			}
			if file := srcedit.FileOf(c.pass, fn.Pos()); file == nil || srcedit.Generated(file) || fn.Syntax() == nil || c.m.Oversized(c.pass, c.pass.Analyzer.Name, fn) {
				return
			}
			c.helperCall(fn, call, callee, call.Call.Args[j])
		}
	}
}

// waitReached reports whether callee, called by call, reaches its Wait on
// parameter j (or its call of a helper that waits on it) on some path the
// call's boolean constants leave (model.CallReaches). A helper of another
// package, whose code is not here, is taken to wait unless the call
// passes a boolean constant: then it is left alone.
func (c *checker) waitReached(call *ssa.Call, callee *ssa.Function, j int) bool {
	if !model.BoolArgs(call) {
		return true
	}
	if callee.Pkg != c.m.SSA || len(callee.Blocks) == 0 || j >= len(callee.Params) {
		return false
	}
	p := callee.Params[j]
	return c.m.CallReaches(call, callee, func(in ssa.Instruction) bool {
		cl, ok := in.(*ssa.Call)
		if !ok {
			return false
		}
		k := 0
		if !model.IsCondMethod(cl.Call.StaticCallee(), "Wait") {
			if k, ok = c.factOf(cl.Call.StaticCallee()); !ok {
				return false
			}
		}
		return k < len(cl.Call.Args) && cl.Call.Args[k] == p
	})
}

// helperCall reports call, in fn, of callee, a helper that waits unheld
// on cond, when the Cond's lock is not held there (unheld).
func (c *checker) helperCall(fn *ssa.Function, call *ssa.Call, callee *ssa.Function, cond ssa.Value) {
	mu, ok := c.m.CondLock(cond)
	if !ok {
		return
	}
	syntax := c.m.CallSyntax(call)
	if syntax == nil {
		return
	}
	via, lock, ok := c.unheld(fn, call, mu)
	if !ok {
		return
	}
	first := ssa.CallInstruction(call)
	if via != nil {
		first = via
	}
	condName := c.m.Ref(cond).String()
	muName := mu.String()
	callerName := declaredName(first.Parent())
	calleeName := callee.Name()
	if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg() != c.pass.Pkg {
		calleeName = obj.Pkg().Name() + "." + obj.Name()
		if recv := model.RecvName(obj); recv != "" {
			calleeName = obj.Pkg().Name() + "." + recv + "." + obj.Name()
		}
	}
	related := []analysis.RelatedInformation{{Pos: lock.Pos, Message: muName + " is locked only here in " + callerName}}
	if via != nil {
		related = append([]analysis.RelatedInformation{{Pos: via.Pos(), Message: fn.Name() + " is called here without " + muName}}, related...)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: syntax.Pos(),
		Message: fmt.Sprintf("%s waits on %s without locking it, and Wait unlocks %s (%s.L): %s calls it with %s unlocked, a fatal error (lock %s before calling %s)",
			calleeName, condName, muName, condName, callerName, muName, muName, calleeName),
		Related: related,
	})
}

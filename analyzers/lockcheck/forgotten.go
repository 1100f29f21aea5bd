package lockcheck

import (
	"cmp"
	"fmt"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// event is what an instruction of a function does to one mutex.
type event int

const (
	evNone    event = iota
	evAcquire       // Lock, RLock, a call of a helper that returns holding it
	evRelease       // Unlock, RUnlock, a call of a helper that releases it
	evBoth          // a call of a function that locks and releases it
	evOther         // TryLock, TryRLock
)

// events returns the non-deferred operations of f on mutex mu, by
// instruction.
func (c *checker) events(f *model.Func, mu model.Ref) map[ssa.Instruction]event {
	evs := map[ssa.Instruction]event{}
	for _, op := range f.LockOps {
		if op.Deferred || !op.Mutex.Same(mu) {
			continue
		}
		switch op.Kind {
		case model.Lock, model.RLock:
			evs[op.Instr] = evAcquire
		case model.Unlock, model.RUnlock:
			evs[op.Instr] = evRelease
		default:
			evs[op.Instr] = evOther
		}
	}
	for _, lc := range c.m.LockCalls(f) {
		if lc.Deferred || !lc.Mutex.Same(mu) {
			continue
		}
		switch lc.Effect {
		case model.EffectHolds:
			evs[lc.Instr] = evAcquire
		case model.EffectReleases:
			evs[lc.Instr] = evRelease
		case model.EffectLocks:
			if _, ok := evs[lc.Instr]; !ok {
				evs[lc.Instr] = evBoth
			}
		}
	}
	return evs
}

// forgotten reports a Lock or RLock from which one path reaches a return
// with the mutex released and another a return with it still held.
func (c *checker) forgotten(f *model.Func) {
	fn := f.Fn
	if lockerName(declName(fn)) || returnsFunc(fn) {
		return
	}
	exempt := map[int]bool{} // by index in mutexes
	var mutexes []model.Ref
	// Only Lock and RLock themselves: a lock helper's call (b.WriteMode())
	// often switches a mode that stays on by design, not a critical
	// section.
	for _, op := range f.LockOps {
		if op.Deferred || !acquires(op.Kind) || !op.Mutex.Valid() {
			continue
		}
		i := slices.IndexFunc(mutexes, op.Mutex.Same)
		if i < 0 {
			i = len(mutexes)
			mutexes = append(mutexes, op.Mutex)
			exempt[i] = c.exempt(f, op.Mutex)
		}
		if exempt[i] {
			continue
		}
		evs := c.events(f, op.Mutex)
		w := c.walk(op.Instr, evs)
		if !w.ok {
			model.GaveUp(c.pass, c.pass.Analyzer.Name, op.Pos, "the paths from this "+op.Kind.String(), "they take more than "+strconv.Itoa(walkBudget)+" steps to walk")
			continue
		}
		if !w.released || (len(w.held) == 0 && !w.again) || c.recordsHold(op) {
			continue
		}
		if len(w.held) > 0 && fn.Signature.Results().Len() > 0 && len(w.rel) > 0 && all(w.held, success) && all(w.rel, failure) {
			continue // returns locked on success: the caller unlocks
		}
		c.reportForgotten(f, op, c.mutexName(op), w)
	}
}

func all(rets []*ssa.Return, p func(*ssa.Return) bool) bool {
	for _, r := range rets {
		if !p(r) {
			return false
		}
	}
	return true
}

func (c *checker) reportForgotten(f *model.Func, op *model.LockOp, name string, w walked) {
	state, unlock := "locked", "Unlock"
	if op.Kind == model.RLock {
		state, unlock = "read-locked", "RUnlock"
	}
	d := analysis.Diagnostic{
		Pos: op.Pos,
		Message: fmt.Sprintf("%s stays %s on a path to a return: the next %s.Lock blocks forever (call %s.%s before that return, or defer %s.%s() right after locking)",
			name, state, name, name, unlock, name, unlock),
	}
	if len(w.held) == 0 {
		// Only the loop comes back to the lock holding it.
		d.Message = fmt.Sprintf("%s stays %s on a path back to this %s in the next iteration of the loop, which then blocks forever (call %s.%s before continuing)",
			name, state, op.Kind, name, unlock)
		c.pass.Report(d)
		return
	}
	for _, r := range w.held {
		pos := r.Pos()
		if !pos.IsValid() {
			pos = f.Syntax.End() - 1
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("returns with %s still %s", name, state)})
	}
	if fix, ok := c.deferFix(f, op); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// exempt reports whether the function hands mu to other code, or releases
// it in a way the walk cannot place: then a path that returns holding it
// may be by design.
func (c *checker) exempt(f *model.Func, mu model.Ref) bool {
	// A deferred unlock, direct or through a helper.
	for _, op := range f.LockOps {
		if op.Deferred && releases(op.Kind) && op.Mutex.Same(mu) {
			return true
		}
	}
	calls := c.m.LockCalls(f)
	for _, lc := range calls {
		if lc.Deferred && lc.Effect == model.EffectReleases && lc.Mutex.Same(mu) {
			return true
		}
	}
	if c.unlockedElsewhere(f, mu) {
		return true
	}
	// A mutex no other goroutine can see: leaving it locked harms nobody.
	if unshared(mu) {
		return true
	}
	// Released before it is acquired on some path: the caller held it.
	return releasedFirst(c.m, f.Fn, c.events(f, mu))
}

// unlockedElsewhere reports whether mu may be unlocked by code the lock
// state of f does not follow: a literal of f (deferred, a goroutine, a
// callback), a goroutine f starts, a call that unlocks it on some paths
// only, code its address is handed to (unlock := mu.Unlock,
// sync.OnceFunc(mu.Unlock)), or a name the phi of a loop gives its owner
// (hand-over-hand locking, i = i.parent).
func (c *checker) unlockedElsewhere(f *model.Func, mu model.Ref) bool {
	return c.unlockedElsewhereBut(f, mu, nil)
}

// unlockedElsewhereBut is unlockedElsewhere leaving out the call except,
// whose paths the caller follows itself.
func (c *checker) unlockedElsewhereBut(f *model.Func, mu model.Ref, except ssa.CallInstruction) bool {
	if c.nestedOps(f, mu, releases, model.OpUnlock, model.OpRUnlock) {
		return true
	}
	calls := c.m.LockCalls(f)
	for _, call := range f.Calls {
		if call.Instr == except || !call.Has(model.OpUnlock, mu) && !call.Has(model.OpRUnlock, mu) {
			continue
		}
		known := slices.ContainsFunc(calls, func(lc *model.LockCall) bool {
			return lc.Instr == call.Instr && lc.Mutex.Same(mu) && (lc.Effect == model.EffectReleases || lc.Effect == model.EffectLocks)
		})
		if !known {
			return true
		}
	}
	if mu.Root != nil && slices.ContainsFunc(*referrers(mu.Root), func(in ssa.Instruction) bool {
		_, ok := in.(*ssa.Phi)
		return ok
	}) {
		return true
	}
	return c.escapes(f, mu)
}

// nestedOps reports whether a literal of f (its own operations, or its
// calls through facts) or a goroutine f starts performs on mu an operation
// of a kind kind accepts, or one of ops.
func (c *checker) nestedOps(f *model.Func, mu model.Ref, kind func(model.LockKind) bool, ops ...string) bool {
	for _, lit := range literals(f.Fn) {
		lf := c.m.Func(lit)
		if lf == nil {
			continue
		}
		for _, op := range lf.LockOps {
			if kind(op.Kind) && op.Mutex.Same(mu) {
				return true
			}
		}
		for _, call := range lf.Calls {
			if slices.ContainsFunc(ops, func(o string) bool { return call.Has(o, mu) }) {
				return true
			}
		}
	}
	for _, s := range f.Spawns {
		for _, o := range c.m.SpawnOps(s) {
			if slices.Contains(ops, o.Op) && o.Ref.Same(mu) {
				return true
			}
		}
	}
	return false
}

// literals returns the function literals nested in fn, transitively.
func literals(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for i := -1; i < len(out); i++ {
		cur := fn
		if i >= 0 {
			cur = out[i]
		}
		out = append(out, cur.AnonFuncs...)
	}
	return out
}

// escapes reports whether the mutex's address is used in f other than to
// call its methods: passed to a function, stored, bound as a method value
// (unlock := mu.Unlock), converted to a Locker.
func (c *checker) escapes(f *model.Func, mu model.Ref) bool {
	calls := c.m.LockCalls(f)
	for _, blk := range f.Fn.Blocks {
		for _, instr := range blk.Instrs {
			if _, ok := instr.(*ssa.DebugRef); ok {
				continue
			}
			var ops []*ssa.Value
			ops = instr.Operands(ops)
			for i, v := range ops {
				if *v == nil || !model.IsSyncPointer((*v).Type(), "Mutex", "RWMutex") {
					continue
				}
				if !c.m.Ref(*v).Same(mu) {
					continue
				}
				if call, ok := instr.(ssa.CallInstruction); ok {
					common := call.Common()
					if callee := common.StaticCallee(); callee != nil && i == 1 && isMutexMethod(callee) {
						continue // mu.Lock(), the receiver
					}
					if slices.ContainsFunc(calls, func(lc *model.LockCall) bool { return lc.Instr == call && lc.Mutex.Same(mu) }) {
						continue
					}
				}
				return true
			}
		}
	}
	return false
}

var mutexMethods = map[string]bool{"Lock": true, "Unlock": true, "RLock": true, "RUnlock": true, "TryLock": true, "TryRLock": true}

func isMutexMethod(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || !mutexMethods[obj.Name()] {
		return false
	}
	recv := obj.Signature().Recv()
	return recv != nil && model.IsSyncPointer(recv.Type(), "Mutex", "RWMutex")
}

// releasedFirst reports whether some path from the function's entry
// releases the mutex before acquiring it: the first of its events on that
// path is a release.
func releasedFirst(m *model.Model, fn *ssa.Function, evs map[ssa.Instruction]event) bool {
	stop := make(map[ssa.Instruction]bool, len(evs))
	for in, ev := range evs {
		if ev != evNone {
			stop[in] = true
		}
	}
	reaches := m.EntryReacher(fn, stop, nil)
	for in, ev := range evs {
		if ev == evRelease && reaches(in) {
			return true
		}
	}
	return false
}

// returnsFunc reports whether fn returns a function (an unlock handed to
// the caller).
func returnsFunc(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	for i := range res.Len() {
		if _, ok := res.At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// walkBudget bounds walk: the blocks it visits, each with a lock state.
const walkBudget = 20000

// walk follows the paths from the acquiring instruction at, with the mutex
// held, and returns the returns reached holding it, the returns reached
// after releasing it, and whether a release is reachable. A path stops at
// a release's later re-acquisition (that lock's own business), at an
// acquisition while held (a double lock, or the next iteration of a loop),
// and at an end that is not a return (panic, os.Exit). The paths are the
// model's WalkPaths: consistent in their branches, and at an if on the
// same condition as one that guards at, only the branch consistent with
// that guard is followed.
func (c *checker) walk(at ssa.Instruction, evs map[ssa.Instruction]event) (w walked) {
	const held, free = 1, 0
	w.ok = c.m.WalkPaths(at, held, walkBudget, func(in ssa.Instruction, st uint8) (uint8, bool) {
		switch evs[in] {
		case evAcquire, evOther:
			if in == at && st == held {
				w.again = true
			}
			return st, true
		case evRelease:
			if st == held {
				st, w.released = free, true
			}
		}
		if r, ok := in.(*ssa.Return); ok {
			if st == held {
				if !slices.Contains(w.held, r) {
					w.held = append(w.held, r)
				}
			} else if !slices.Contains(w.rel, r) {
				w.rel = append(w.rel, r)
			}
			return st, true
		}
		return st, false
	})
	slices.SortFunc(w.held, func(a, b *ssa.Return) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return w
}

// walked is what walk found.
type walked struct {
	held, rel []*ssa.Return // the returns reached holding the mutex, and after releasing it
	released  bool          // a release is reachable
	again     bool          // the lock itself is reached again holding the mutex (a loop)
	ok        bool          // the walk finished within its budget
}

// success reports whether a return reports success: its error results are
// all nil (and there is one), or, with no error result, a boolean result is
// the constant true.
func success(r *ssa.Return) bool {
	errs, nilErrs, trues := 0, 0, 0
	for _, v := range r.Results {
		if isError(v.Type()) {
			errs++
			if isNil(v) {
				nilErrs++
			}
		} else if model.IsBoolConst(v, true) {
			trues++
		}
	}
	if errs > 0 {
		return nilErrs == errs
	}
	return trues > 0
}

// failure reports whether a return reports failure: a non-nil error, or,
// with no error result, a boolean result that is the constant false.
func failure(r *ssa.Return) bool {
	errs, nonNil, falses := 0, 0, 0
	for _, v := range r.Results {
		if isError(v.Type()) {
			errs++
			if !isNil(v) {
				nonNil++
			}
		} else if model.IsBoolConst(v, false) {
			falses++
		}
	}
	if errs > 0 {
		return nonNil > 0
	}
	return falses > 0
}

var errorType = types.Universe.Lookup("error").Type()

func isError(t types.Type) bool { return types.Identical(t, errorType) }

func isNil(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

func referrers(v ssa.Value) *[]ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return r
	}
	return new([]ssa.Instruction)
}

// unshared reports whether the mutex is (a field of) a local variable of
// the function whose address goes nowhere but to its own Lock and Unlock
// calls: no closure, goroutine or callee can see it.
func unshared(mu model.Ref) bool {
	a, ok := mu.Root.(*ssa.Alloc)
	if !ok {
		return false
	}
	var local func(v ssa.Value, depth int) bool
	local = func(v ssa.Value, depth int) bool {
		if depth > 4 {
			return false
		}
		for _, in := range *referrers(v) {
			switch in := in.(type) {
			case *ssa.DebugRef:
			case *ssa.FieldAddr:
				if !local(in, depth+1) {
					return false
				}
			case ssa.CallInstruction:
				common := in.Common()
				callee := common.StaticCallee()
				if callee == nil || !isMutexMethod(callee) || len(common.Args) == 0 || common.Args[0] != v {
					return false
				}
				if _, ok := in.(*ssa.Go); ok {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return local(a, 0)
}

// recordsHold reports whether the function, after op, stores true into a
// boolean field of the mutex's owner: it records that it returns holding
// the lock (rs.closemuScanHold = true), for another method to release it.
func (c *checker) recordsHold(op *model.LockOp) bool {
	mu := op.Mutex
	if len(mu.Fields) == 0 {
		return false
	}
	fn := op.Instr.Parent()
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok || !model.IsBoolConst(st.Val, true) {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || !c.m.Reaches(op.Instr, st) {
				continue
			}
			if ownerOf(fa.X, mu) {
				return true
			}
		}
	}
	return false
}

// ownerOf reports whether x is the value whose field path leads to mu:
// mu's root itself, or a FieldAddr chain over it.
func ownerOf(x ssa.Value, mu model.Ref) bool {
	for range 4 {
		if x == mu.Root {
			return true
		}
		switch v := x.(type) {
		case *ssa.FieldAddr:
			x = v.X
		case *ssa.UnOp:
			x = v.X
		default:
			return false
		}
	}
	return false
}

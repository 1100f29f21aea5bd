package model

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// LockEffect is what a function does, on every path that returns, to a
// mutex reached from one of its parameters (for a method the receiver is
// parameter 0).
type LockEffect struct {
	Param  int
	Path   string // field path from the parameter to the mutex, "" for the parameter itself
	Effect string // EffectLocks, EffectHolds or EffectReleases
	Read   bool   // RLock/RUnlock rather than Lock/Unlock
}

// Lock effects recorded in LockEffects facts.
const (
	// EffectLocks: on every path that returns, the function locks the
	// mutex before any unlock of it, and releases it before returning. A
	// caller that holds the mutex deadlocks.
	EffectLocks = "locks"
	// EffectHolds: on every path that returns, the function locks the
	// mutex before any unlock of it and returns holding it (a lock helper).
	EffectHolds = "holds"
	// EffectReleases: on every path that returns, the function unlocks the
	// mutex before any lock of it, and returns without holding it (an
	// unlock helper).
	EffectReleases = "releases"
)

// LockEffects is the fact exported for a function with at least one
// LockEffect. Functions that lock a mutex only on some paths (a helper
// that locks when told to), or unlock before they lock (a …Locked helper
// that drops the lock around slow work), have none for that mutex.
type LockEffects struct {
	Effects []LockEffect // sorted, without duplicates
}

func (*LockEffects) AFact() {}

func (f *LockEffects) String() string {
	var parts []string
	for _, e := range f.Effects {
		s := fmt.Sprintf("%s(%d", e.Effect, e.Param)
		if e.Path != "" {
			s += "." + e.Path
		}
		if e.Read {
			s += ",read"
		}
		parts = append(parts, s+")")
	}
	return "lockEffects(" + strings.Join(parts, " ") + ")"
}

// LockCall is a call of a function whose LockEffects fact says what it does
// to a mutex of its arguments, in the caller's terms. A call with several
// effects gives several LockCalls.
type LockCall struct {
	Pos      token.Pos // start of the call expression
	Syntax   *ast.CallExpr
	Instr    ssa.CallInstruction
	Func     *Func
	Callee   *types.Func
	Mutex    Ref
	Effect   string // EffectLocks, EffectHolds or EffectReleases
	Read     bool
	Deferred bool
	// Op is the operation the call amounts to in the caller's lock state
	// (HeldAt): Lock or RLock for EffectHolds, Unlock or RUnlock for
	// EffectReleases, at the call; nil for EffectLocks, which leaves the
	// state as it was. It is not in Func.LockOps.
	Op *LockOp
}

// LockCalls returns the calls of f of functions with LockEffects facts, in
// block order.
func (m *Model) LockCalls(f *Func) []*LockCall {
	if m == nil || m.b == nil || m.b.lf == nil || f == nil {
		return nil
	}
	return m.b.lf.calls[f]
}

// LockEffectsOf returns the LockEffects of fn (of this package or an
// imported one), or nil.
func (m *Model) LockEffectsOf(fn *types.Func) *LockEffects {
	if m == nil || m.b == nil || fn == nil {
		return nil
	}
	return m.b.lockEffectsOf(fn)
}

// lockFacts holds the package's lock effects while they are computed.
type lockFacts struct {
	local map[*types.Func]*LockEffects
	calls map[*Func][]*LockCall
	// helper maps the Op of a LockCall back to its call.
	helper map[*LockOp]*LockCall
}

func (b *builder) lockEffectsOf(fn *types.Func) *LockEffects {
	if b.lf != nil {
		if f, ok := b.lf.local[fn]; ok {
			if len(f.Effects) == 0 {
				return nil
			}
			return f
		}
	}
	if fn.Pkg() == b.pass.Pkg {
		return nil
	}
	var f LockEffects
	if b.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// maxLockRounds bounds the rounds of the fixed point over the package's own
// lock helpers (a helper calling a helper calling a helper…).
const maxLockRounds = 6

// computeLockFacts computes the LockEffects of the package's declared
// functions, following calls of functions of this package to a fixed point
// and calls of imported functions through their facts, exports them, and
// redoes the lock state of every function with the calls counted.
func (b *builder) computeLockFacts() {
	lf := &lockFacts{local: map[*types.Func]*LockEffects{}, calls: map[*Func][]*LockCall{}, helper: map[*LockOp]*LockCall{}}
	b.lf = lf
	type decl struct {
		fn  *ssa.Function
		obj *types.Func
	}
	var decls []decl
	for _, f := range b.funcs {
		obj, ok := f.Object().(*types.Func)
		if !ok || f.Parent() != nil || obj.Pkg() != b.pass.Pkg || len(f.Blocks) == 0 {
			continue
		}
		decls = append(decls, decl{f, obj})
	}
	for range maxLockRounds {
		b.collectLockCalls()
		changed := false
		for _, d := range decls {
			eff := b.lockEffects(d.fn)
			old := lf.local[d.obj]
			if old == nil && len(eff.Effects) == 0 {
				lf.local[d.obj] = eff
				continue
			}
			if old == nil || !slices.Equal(old.Effects, eff.Effects) {
				lf.local[d.obj] = eff
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	b.collectLockCalls()
	for _, d := range decls {
		if f := lf.local[d.obj]; f != nil && len(f.Effects) > 0 {
			b.pass.ExportObjectFact(d.obj, f)
		}
	}
	for _, f := range b.m.Funcs {
		f.locks = b.lockStateOf(f)
	}
}

// lockStateOf computes the lock state of f, counting its calls of lock
// helpers; nil when f acquires nothing.
func (b *builder) lockStateOf(f *Func) *lockState {
	if f.Fn == nil || len(f.Fn.Blocks) == 0 {
		return nil
	}
	acquires := slices.ContainsFunc(f.LockOps, func(op *LockOp) bool {
		return !op.Deferred && op.Kind != Unlock && op.Kind != RUnlock
	})
	var extra []*LockOp
	for _, c := range b.lf.calls[f] {
		if c.Op != nil && !c.Deferred {
			extra = append(extra, c.Op)
			if c.Effect == EffectHolds {
				acquires = true
			}
		}
	}
	if !acquires {
		return nil
	}
	return newLockState(b.m, f, extra)
}

// collectLockCalls records, per function, the calls of functions with
// LockEffects (as currently known).
func (b *builder) collectLockCalls() {
	lf := b.lf
	clear(lf.calls)
	clear(lf.helper)
	added := false
	for _, f := range b.funcs {
		for _, blk := range f.Blocks {
			for _, instr := range blk.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := c.(*ssa.Go); isGo {
					continue
				}
				target, args := b.target(c.Common())
				if target == nil {
					continue
				}
				obj, ok := target.Object().(*types.Func)
				if !ok || isSyncMethod(obj) {
					continue
				}
				effs := b.lockEffectsOf(obj)
				if effs == nil {
					continue
				}
				_, deferred := c.(*ssa.Defer)
				pos, syntax := b.callSyntax(c)
				var mf *Func
				for _, e := range effs.Effects {
					if e.Param >= len(args) {
						continue
					}
					r := b.resolve(args[e.Param]).withPath(e.Path)
					if !r.Valid() {
						continue
					}
					if mf == nil {
						if b.m.byFn[f] == nil {
							added = true
						}
						mf = b.fn(f)
					}
					lc := &LockCall{Pos: pos, Syntax: syntax, Instr: c, Func: mf, Callee: obj, Mutex: r, Effect: e.Effect, Read: e.Read, Deferred: deferred}
					var kind LockKind
					switch {
					case e.Effect == EffectHolds && e.Read:
						kind = RLock
					case e.Effect == EffectHolds:
						kind = Lock
					case e.Effect == EffectReleases && e.Read:
						kind = RUnlock
					case e.Effect == EffectReleases:
						kind = Unlock
					}
					if e.Effect != EffectLocks {
						lc.Op = &LockOp{Kind: kind, Pos: pos, Syntax: syntax, Instr: c, Func: mf, Mutex: r, RW: e.Read, Deferred: deferred}
						lf.helper[lc.Op] = lc
					}
					lf.calls[mf] = append(lf.calls[mf], lc)
				}
			}
		}
	}
	if added {
		b.m.Funcs = b.m.Funcs[:0]
		for _, f := range b.funcs {
			if mf := b.m.byFn[f]; mf != nil {
				b.m.Funcs = append(b.m.Funcs, mf)
			}
		}
	}
}

// lockEvent is a lock operation of a function on one mutex, for the
// computation of its effects.
type lockEvent struct {
	acquire, release, both, other bool
	read                          bool
}

// lockEffects computes the effects of fn on the mutexes of its parameters.
func (b *builder) lockEffects(fn *ssa.Function) *LockEffects {
	out := &LockEffects{}
	mf := b.m.byFn[fn]
	if mf == nil {
		return out
	}
	// The mutexes of fn's parameters it operates on, and its events.
	type mutex struct {
		ref      Ref
		events   map[ssa.Instruction]lockEvent
		deferRel bool
	}
	var mus []*mutex
	find := func(r Ref) *mutex {
		p := r.Param()
		if p == nil || p.Parent() != fn || len(r.Fields) > maxPathFields {
			return nil
		}
		for _, m := range mus {
			if m.ref.Same(r) {
				return m
			}
		}
		m := &mutex{ref: r, events: map[ssa.Instruction]lockEvent{}}
		mus = append(mus, m)
		return m
	}
	for _, op := range mf.LockOps {
		mu := find(op.Mutex)
		if mu == nil {
			continue
		}
		if op.Deferred {
			if op.Kind == Unlock || op.Kind == RUnlock {
				mu.deferRel = true
			}
			continue
		}
		var ev lockEvent
		switch op.Kind {
		case Lock:
			ev.acquire = true
		case RLock:
			ev.acquire, ev.read = true, true
		case Unlock:
			ev.release = true
		case RUnlock:
			ev.release, ev.read = true, true
		default:
			ev.other = true
		}
		mu.events[op.Instr] = ev
	}
	for _, c := range b.lf.calls[mf] {
		mu := find(c.Mutex)
		if mu == nil {
			continue
		}
		if c.Deferred {
			if c.Effect == EffectReleases {
				mu.deferRel = true
			}
			continue
		}
		ev := lockEvent{read: c.Read}
		switch c.Effect {
		case EffectHolds:
			ev.acquire = true
		case EffectReleases:
			ev.release = true
		case EffectLocks:
			ev.both = true
		}
		mu.events[c.Instr] = ev
	}
	if len(mus) == 0 {
		return out
	}
	var ls *lockState // computed on demand
	for _, mu := range mus {
		firsts, bare := b.m.firstEvents(fn, mu.events)
		if bare || len(firsts) == 0 {
			continue // a path returns without touching the mutex
		}
		acq, rel, read := true, true, false
		for _, ev := range firsts {
			acq = acq && (ev.acquire || ev.both)
			rel = rel && ev.release
			read = read || ev.read
		}
		if !acq && !rel {
			continue
		}
		if ls == nil {
			ls = b.lockStateOf(mf)
			if ls == nil {
				ls = newLockState(b.m, mf, nil)
			}
		}
		mustHeld, mayHeld := ls.heldAtReturns(mu.ref)
		eff := LockEffect{Param: slices.Index(fn.Params, mu.ref.Param()), Path: mu.ref.Path(), Read: read}
		switch {
		case acq && (mu.deferRel || !mayHeld):
			eff.Effect = EffectLocks
		case acq && mustHeld:
			eff.Effect = EffectHolds
		case rel && !mayHeld && !mu.deferRel:
			eff.Effect = EffectReleases
		default:
			continue
		}
		if eff.Param < 0 {
			continue
		}
		out.Effects = append(out.Effects, eff)
	}
	slices.SortFunc(out.Effects, func(a, b LockEffect) int {
		if a.Param != b.Param {
			return a.Param - b.Param
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out
}

// firstEvents returns, for the paths from fn's entry, the first event of
// events each meets, and whether some path reaches a return meeting none.
// Paths that end without returning (a panic, a call that does not
// return) do not make it bare.
func (m *Model) firstEvents(fn *ssa.Function, events map[ssa.Instruction]lockEvent) (firsts []lockEvent, bare bool) {
	stop := make(map[ssa.Instruction]bool, len(events))
	for in := range events {
		stop[in] = true
	}
	reaches := m.EntryReacher(fn, stop, nil)
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			if ev, ok := events[in]; ok {
				if reaches(in) {
					firsts = append(firsts, ev)
				}
			} else if _, ok := in.(*ssa.Return); ok && !bare {
				bare = reaches(in)
			}
		}
	}
	return firsts, bare
}

// heldAtReturns reports whether r is held at every return of the function
// (on every path), and at some return (on some path).
func (ls *lockState) heldAtReturns(r Ref) (must, may bool) {
	i := ls.index(r)
	if i < 0 {
		return false, false
	}
	must = true
	returns := 0
	for _, blk := range ls.f.Fn.Blocks {
		ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return)
		if !ok || ls.must[blk.Index] == nil {
			continue
		}
		returns++
		mu := slices.Clone(ls.must[blk.Index])
		ma := slices.Clone(ls.may[blk.Index])
		for _, in := range blk.Instrs {
			if in == ssa.Instruction(ret) {
				break
			}
			ls.transfer(mu, in)
			ls.transfer(ma, in)
		}
		if !mu.has(2*i) && !mu.has(2*i+1) {
			must = false
		}
		if ma.has(2*i) || ma.has(2*i+1) {
			may = true
		}
	}
	return must && returns > 0, may
}

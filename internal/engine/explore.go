package engine

import (
	"go/token"
	"slices"
)

// Limits bound an exploration. Every bound that cuts a path is recorded in
// the root's Stats: an exploration that hits one may miss findings, never
// invent them.
type Limits struct {
	States     int // states expanded per root
	Steps      int // visible steps along one path
	LocalSteps int // operations a goroutine runs between two visible steps
	Goroutines int // goroutines alive at once
	Instances  int // goroutines started by one go statement, or objects made by one make, on one path
	Depth      int // call frames of one goroutine
	Objects    int // objects alive in a state
	// Scope is the largest value a path may assume for an unknown number
	// it counts up to (a loop over a collection of unknown length runs at
	// most Scope times): the small-scope hypothesis of bounded model
	// checking.
	Scope int64
}

// DefaultLimits are the bounds the analyzer uses.
var DefaultLimits = Limits{
	States:     400,
	Steps:      400,
	LocalSteps: 5000,
	Goroutines: 8,
	Instances:  3,
	Depth:      6,
	Objects:    400,
	Scope:      3,
}

// localPerRoot bounds the local operations of one root's exploration, in
// LocalSteps; localForks the states met at local branches, in States.
const (
	localPerRoot = 6
	localForks   = 4
)

// Bound names a limit that was hit.
type Bound uint16

const (
	BoundStates Bound = 1 << iota
	BoundSteps
	BoundLocal
	BoundGoroutines
	BoundInstances
	BoundDepth
	BoundObjects
	BoundScope
)

// Stats are the numbers of one exploration.
type Stats struct {
	States    int
	Terminals int
	// Work counts the states and the local operations run: what the
	// exploration cost, for the package's budget.
	Work int
	Hit  Bound
}

// override replaces the buffer size of the channels made at one site, to
// check a fix.
type override struct {
	site int32
	inf  bool  // unbounded
	n    int64 // a constant size
	slot int32 // or len() of this slot of the root (>= 0)
}

type explorer struct {
	p    *Prog
	lim  Limits
	root *Func
	// kindsMemo memoises kindsOf.
	kindsMemo map[*Func]uint32
	visited   map[uint64]struct{}
	// local are the states met between visible steps, at branches and loop
	// back edges: a goroutine that loops without a visible step comes back
	// to one of them.
	local      map[uint64]struct{}
	localSteps int
	h          hasher
	// Scratch space of owners.
	ownScratch  map[int32]int32
	seenScratch []int32
	stack       []*State
	gen         uint32
	nextG       int32
	stats       Stats
	over        *override
	// terminal receives each state in which no goroutine can move.
	terminal func(*State)
	// every receives each state reached (for queries on all states).
	every func(*State)
}

func newExplorer(p *Prog, root *Func, lim Limits) *explorer {
	return &explorer{p: p, lim: lim, root: root, visited: map[uint64]struct{}{}, local: map[uint64]struct{}{}}
}

func (e *explorer) clone(s *State) *State {
	e.gen++
	t := s.clone()
	t.gen = e.gen
	return t
}

func (e *explorer) hit(b Bound) { e.stats.Hit |= b }

// run explores every state reachable from the root's entry, depth first,
// within the limits.
func (e *explorer) run() Stats {
	s := e.initial()
	for _, t := range e.settle(s) {
		e.stack = append(e.stack, t)
	}
	for len(e.stack) > 0 {
		s := e.stack[len(e.stack)-1]
		e.stack = e.stack[:len(e.stack)-1]
		// Compact when the state has grown since the last compaction on
		// the path: a state whose live objects alone are many is not
		// compacted again at every step.
		if n := int32(len(s.Objs) + len(s.Syms)); n > 64 && n > 2*s.compacted {
			s.compact()
			s.compacted = int32(len(s.Objs) + len(s.Syms))
		}
		k := s.key(e.p, &e.h)
		if _, ok := e.visited[k]; ok {
			continue
		}
		e.visited[k] = struct{}{}
		if e.stats.States >= e.lim.States {
			e.hit(BoundStates)
			break
		}
		e.stats.States++
		if e.every != nil {
			e.every(s)
		}
		if int(s.Steps) >= e.lim.Steps {
			e.hit(BoundSteps)
			continue
		}
		if split := e.splitCaps(s); split != nil {
			// Two states, or none when the bounds cut both.
			e.stack = append(e.stack, split...)
			continue
		}
		moves := e.moves(s)
		if len(moves) == 0 {
			if len(s.Gs) > 0 || true {
				e.stats.Terminals++
				if e.terminal != nil {
					e.terminal(s)
				}
			}
			continue
		}
		moves = e.reduce(s, moves)
		// Push in reverse so that the first move is explored first.
		for i := len(moves) - 1; i >= 0; i-- {
			next := e.apply(s, moves[i])
			for j := len(next) - 1; j >= 0; j-- {
				e.stack = append(e.stack, next[j])
			}
		}
	}
	e.stats.Work = e.stats.States + e.localSteps/16
	return e.stats
}

// initial makes the state at the root's entry: its parameters and free
// variables are objects of code the engine does not see.
func (e *explorer) initial() *State {
	e.gen++
	s := &State{gen: e.gen}
	f := e.root
	fr := &Frame{Fn: f, Slots: make([]Val, f.NSlots), gen: s.gen}
	for i := range fr.Slots {
		fr.Slots[i] = top
	}
	for i := 0; i < f.NParams+f.NFree && i < f.NSlots; i++ {
		fr.Slots[i] = e.external(s, f.Ext[i])
	}
	g := &Goroutine{ID: e.nextG, Frames: []*Frame{fr}, Group: -1, gen: s.gen}
	e.nextG++
	s.Gs = []*Goroutine{g}
	return s
}

// external makes an unknown value of the described type: an object the
// environment may act on, or a scalar symbol.
func (e *explorer) external(s *State, x *ExtType) Val {
	if x == nil {
		return top
	}
	switch x.Kind {
	case ObjNone:
		return e.fresh(s, x.Fresh)
	case ObjChan:
		o := &Obj{Kind: ObjChan, Env: x.Caps, Site: -1, Ext: x, Cap: top, Extern: true, L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		if x.Cap >= 0 {
			o.Cap = intVal(x.Cap)
		}
		return Val{K: VObj, N: int64(s.newObj(o))}
	case ObjCtx:
		o := &Obj{Kind: ObjCtx, Env: x.Caps, Site: -1, Ext: x, DoneCh: -2, Extern: true, Parent: -1, L: -1, GCtx: -1}
		return Val{K: VObj, N: int64(s.newObj(o))}
	default:
		o := &Obj{Kind: x.Kind, Env: x.Caps, Site: -1, Ext: x, Count: -1, Extern: true, L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		if x.Kind == ObjMutex || x.Kind == ObjRWMutex {
			o.Count = 0
		}
		return Val{K: VObj, N: int64(s.newObj(o))}
	}
}

// bigInt bounds the interval of an unknown integer.
const bigInt = 1 << 40

func (e *explorer) fresh(s *State, k FreshKind) Val {
	switch k {
	case FreshInt:
		return s.newSym(-bigInt, bigInt)
	case FreshBool, FreshNil:
		return s.newSym(0, 1)
	case FreshSlice:
		v := s.newSym(0, bigInt)
		s.Syms[v.N].Len = true
		return Val{K: VSliceSym, N: v.N}
	case FreshMap:
		// A map from outside: its content is unknown, not abstracted.
		return top
	}
	return top
}

// freshFor returns an unknown value for slot d of f.
func (e *explorer) freshFor(s *State, f *Func, d int32) Val {
	if d < 0 || int(d) >= len(f.Ext) {
		return top
	}
	x := f.Ext[d]
	if x != nil && x.Kind != ObjNone {
		return e.external(s, x)
	}
	return e.fresh(s, f.Fresh[d])
}

// op returns the operation goroutine g stands at, or nil at a terminator.
func curOp(g *Goroutine) *Op {
	f := g.top()
	b := f.Fn.Blocks[f.Blk]
	if int(f.PC) < len(b.Ops) {
		return b.Ops[f.PC]
	}
	return nil
}

// visible reports whether op is a step other goroutines can observe or
// that can block: the explorer interleaves goroutines only there.
func (e *explorer) visible(s *State, g *Goroutine, op *Op) bool {
	switch op.Kind {
	case OpSend, OpRecv, OpSelect, OpClose, OpLock, OpTryLock, OpWGWait, OpGroupWait, OpCondWait, OpSignal:
		return true
	case OpLoad, OpStore:
		return op.Shared && len(s.Gs) > 1
	case OpGo:
		if op.Aux == SpawnGroup {
			if v := e.readArg(s, g, op.B); v.K == VObj {
				if o := s.Objs[v.N]; o.Kind == ObjGroup && o.Limit > 0 {
					return true
				}
			}
		}
	}
	return false
}

// settle runs every goroutine that is not at a visible step up to its next
// one, and returns the states that result (several when it branches on an
// unknown). It returns none for a path that ends (a panic, a failed test
// stopping, a bound).
func (e *explorer) settle(s *State) []*State {
	var out []*State
	work := []*State{s}
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		gi := -1
		for i, g := range s.Gs {
			if g.Cond != 0 {
				continue
			}
			if op := curOp(g); op == nil || !e.visible(s, g, op) {
				gi = i
				break
			}
		}
		if gi < 0 {
			out = append(out, s)
			continue
		}
		forks, ok := e.runLocal(s, gi)
		if !ok {
			continue
		}
		if len(forks) == 1 && forks[0] == s && !s.back {
			work = append(work, s)
			continue
		}
		for _, f := range forks {
			f.back = false
			k := f.key(e.p, &e.h)
			if _, seen := e.local[k]; seen {
				continue
			}
			e.local[k] = struct{}{}
			if len(e.local) > localForks*e.lim.States {
				// Forks within local runs are states too: bound them
				// with the states, or one goroutine's branches alone
				// fill the memory.
				e.hit(BoundLocal)
				return out
			}
			work = append(work, f)
		}
	}
	return out
}

// runLocal runs goroutine gi of s until it stands at a visible step, ends,
// or branches; it returns the states to continue with.
func (e *explorer) runLocal(s *State, gi int) ([]*State, bool) {
	id := s.Gs[gi].ID
	for n := 0; ; n++ {
		e.localSteps++
		if n > e.lim.LocalSteps || e.localSteps > localPerRoot*e.lim.LocalSteps {
			e.hit(BoundLocal)
			return nil, false
		}
		if gi >= len(s.Gs) || s.Gs[gi].ID != id {
			// The goroutine ended: settle picks the next one.
			return []*State{s}, true
		}
		g := s.Gs[gi]
		op := curOp(g)
		if op != nil {
			if e.visible(s, g, op) {
				return []*State{s}, true
			}
			res, cont := e.exec(s, gi, op)
			if !cont {
				return res, res != nil
			}
			continue
		}
		res, cont := e.term(s, gi)
		if !cont {
			return res, res != nil
		}
		if s.back {
			// A loop's back edge: settle checks whether this state was
			// met before.
			return []*State{s}, true
		}
	}
}

// advance moves goroutine gi past its current operation.
func (e *explorer) advance(s *State, gi int) {
	f := s.frame(gi)
	f.PC++
}

func (e *explorer) readArg(s *State, g *Goroutine, a Arg) Val {
	return e.read(s, g.top(), a)
}

func (e *explorer) read(s *State, f *Frame, a Arg) Val {
	switch {
	case a == NoArg:
		return top
	case a >= 0:
		if int(a) < len(f.Slots) {
			return f.Slots[a]
		}
		return top
	}
	i := int(-1 - a)
	if i >= len(f.Fn.Consts) {
		return top
	}
	c := f.Fn.Consts[i]
	if c.K == VGlobal {
		return e.globalObj(s, int32(c.N))
	}
	return c
}

// globalObj returns the object of package variable i, made on first use.
func (e *explorer) globalObj(s *State, i int32) Val {
	if o := s.Globs.get(i, -1); o >= 0 {
		return Val{K: VObj, N: int64(o)}
	}
	x := e.p.globExt[i]
	v := e.external(s, x)
	s.Globs.set(i, int32(v.N))
	return v
}

func (e *explorer) write(s *State, gi int, d int32, v Val) {
	if d < 0 {
		return
	}
	f := s.frame(gi)
	if int(d) < len(f.Slots) {
		f.Slots[d] = v
	}
}

// record adds a step to the path; obj is an object index of s.
func (e *explorer) record(s *State, g int32, op *Op, choice int32, obj int32) {
	site := int32(-1)
	if obj >= 0 && int(obj) < len(s.Objs) {
		site = s.Objs[obj].Site
	}
	s.Trace = &event{prev: s.Trace, G: g, Op: op, Choice: choice, Obj: s.serial(obj), Site: site}
}

// term executes the terminator of goroutine gi's current block.
func (e *explorer) term(s *State, gi int) ([]*State, bool) {
	g := s.Gs[gi]
	f := g.top()
	t := &f.Fn.Blocks[f.Blk].Term
	switch t.Kind {
	case TermJump:
		e.edge(s, gi, t, 0)
		return nil, true
	case TermIf:
		c := e.read(s, f, t.Cond)
		outs := e.truth(s, c)
		if len(outs) == 1 {
			if outs[0].b {
				e.edge(outs[0].s, gi, t, 0)
			} else {
				e.edge(outs[0].s, gi, t, 1)
			}
			return nil, true
		}
		var res []*State
		for _, o := range outs {
			k := 1
			if o.b {
				k = 0
			}
			e.edge(o.s, gi, t, k)
			res = append(res, o.s)
		}
		e.envFork(s, res, gi, false, c)
		return res, false
	case TermReturn:
		var results []Val
		for _, r := range t.Results {
			results = append(results, e.read(s, f, r))
		}
		return e.ret(s, gi, t, results)
	default: // TermExit, TermUnreachable: a panic or a call that never returns ends the path
		return nil, false
	}
}

type branch struct {
	s *State
	b bool
}

// truth returns the outcomes of branching on c: one when it is decided,
// two (on copies of s that remember the choice) when not.
func (e *explorer) truth(s *State, c Val) []branch {
	switch c.K {
	case VInt:
		return []branch{{s, c.N != 0}}
	case VSym, VNot:
		sy := s.Syms[c.N]
		neg := c.K == VNot
		if sy.Lo > 0 || sy.Hi < 0 {
			return []branch{{s, !neg}}
		}
		if sy.Lo == 0 && sy.Hi == 0 {
			return []branch{{s, neg}}
		}
		// Undecided: zero or not.
		t, f := e.clone(s), e.clone(s)
		// c != 0 (true for VSym): exclude zero where the interval allows.
		tt := t.Syms[c.N]
		if tt.Lo == 0 {
			tt.Lo = 1
		} else if tt.Hi == 0 {
			tt.Hi = -1
		}
		t.Syms[c.N] = tt
		f.Syms[c.N] = Sym{Lo: 0, Hi: 0, Len: sy.Len, By: sy.By}
		if neg {
			return []branch{{f, true}, {t, false}}
		}
		return []branch{{t, true}, {f, false}}
	case VUnc:
		t, f := e.clone(s), e.clone(s)
		t.Uncertain, f.Uncertain = true, true
		return []branch{{t, true}, {f, false}}
	}
	t, f := e.clone(s), e.clone(s)
	return []branch{{t, true}, {f, false}}
}

// edge follows edge k of terminator t in goroutine gi: the phi copies, in
// parallel, then the jump.
func (e *explorer) edge(s *State, gi int, t *Term, k int) {
	f := s.frame(gi)
	if len(t.Moves[k]) > 0 {
		vals := make([]Val, len(t.Moves[k]))
		for i, m := range t.Moves[k] {
			vals[i] = e.read(s, f, m.Src)
		}
		for i, m := range t.Moves[k] {
			if int(m.Dst) < len(f.Slots) {
				f.Slots[m.Dst] = vals[i]
			}
		}
	}
	if t.Succ[k] <= f.Blk {
		s.back = true
	}
	f.Blk = t.Succ[k]
	f.PC = 0
	if len(t.Skip[k]) > 0 {
		// This edge leaves (or skips) a loop that starts goroutines: if
		// none has been started on the path, the loop ran zero times.
		none := true
		for _, site := range t.Skip[k] {
			if s.Insts.get(site, 0) > 0 {
				none = false
			}
		}
		if none {
			s.Empty = true
		}
	}
}

// ret returns from goroutine gi's top frame.
func (e *explorer) ret(s *State, gi int, t *Term, results []Val) ([]*State, bool) {
	g := s.g(gi)
	f := g.top()
	if len(g.Frames) > 1 {
		g.Frames = g.Frames[:len(g.Frames)-1]
		caller := s.frame(gi)
		if !f.DeferRet {
			caller.PC++
		}
		for i, d := range f.Ret {
			if d < 0 || int(d) >= len(caller.Slots) {
				continue
			}
			if i < len(results) {
				caller.Slots[d] = results[i]
			} else {
				caller.Slots[d] = e.freshFor(s, caller.Fn, d)
			}
		}
		return nil, true
	}
	// The goroutine ends.
	// The root's end is on the path always, another goroutine's when it
	// branched on its environment (envPartner reads it).
	if g.Spawn == nil || g.EnvFork {
		e.record(s, g.ID, nil, 0, -1)
		s.Trace.Term = t
		if g.EnvFork {
			e.envEnd(s, g, f.Fn)
		}
	}
	if g.Spawn == nil {
		s.RootDone = true
		for _, r := range results {
			e.escape(s, r)
		}
	}
	var res []*State
	states := []*State{s}
	if g.Group >= 0 {
		states = e.groupDone(s, g, results)
	}
	for _, st := range states {
		i := st.gIndex(g.ID)
		if i >= 0 {
			st.Gs = slices.Delete(slices.Clone(st.Gs), i, i+1)
		}
		res = append(res, st)
	}
	if len(res) == 1 && res[0] == s {
		return nil, true
	}
	return res, false
}

// envEnd marks s.Trace, goroutine g's end, as the end of one that
// branched on its environment: what its function may do, whether it did
// so as a protocol, and the channels it could reach.
func (e *explorer) envEnd(s *State, g *Goroutine, fn *Func) {
	ev := s.Trace
	ev.Env, ev.proto, ev.kinds = true, g.EnvProto, e.kindsOf(fn)
	s.EnvEnds |= 1
	if g.EnvProto {
		s.EnvEnds |= 2
	}
	ev.reach, ev.reachAll = chansOf(s, g)
	if !ev.reachAll {
		for _, c := range g.Chans {
			if !slices.Contains(ev.reach, c) {
				ev.reach = append(ev.reach, c)
			}
		}
	}
	ev.reachAll = ev.reachAll || g.ChansAll
}

// chansOf returns the serials of the channels goroutine g can reach, or
// all when there are more than a few.
func chansOf(s *State, g *Goroutine) (serials []int32, all bool) {
	const most = 16
	for i := range reach(s, g) {
		if s.Objs[i].Kind != ObjChan {
			continue
		}
		if len(serials) == most {
			return nil, true
		}
		serials = append(serials, s.Objs[i].Serial)
	}
	return serials, false
}

// groupDone counts down the WaitGroup or errgroup a goroutine belongs to;
// an errgroup goroutine that returns an error cancels the group's context.
func (e *explorer) groupDone(s *State, g *Goroutine, results []Val) []*State {
	o := s.obj(g.Group)
	if o.Count > 0 {
		o.Count--
	}
	if o.Kind != ObjGroup || o.GCtx < 0 || len(results) == 0 {
		return []*State{s}
	}
	gctx := o.GCtx
	r := results[0]
	switch r.K {
	case VNil:
		return []*State{s}
	case VSym:
		sy := s.Syms[r.N]
		if sy.Lo == 0 && sy.Hi == 0 {
			return []*State{s}
		}
		if sy.Lo > 0 || sy.Hi < 0 {
			e.cancel(s, gctx)
			return []*State{s}
		}
		t, f := e.clone(s), e.clone(s)
		t.Syms[r.N] = Sym{Lo: 1, Hi: 1, By: sy.By}
		f.Syms[r.N] = Sym{Lo: 0, Hi: 0, By: sy.By}
		e.cancel(t, gctx)
		return []*State{t, f}
	}
	e.cancel(s, gctx)
	return []*State{s}
}

// cancel cancels context object c and its children.
func (e *explorer) cancel(s *State, c int32) {
	if c < 0 {
		return
	}
	o := s.Objs[c]
	if o.Kind != ObjCtx {
		return
	}
	if o.DoneCh == -2 {
		e.ctxDone(s, c)
		o = s.Objs[c]
	}
	if o.DoneCh >= 0 && !s.Objs[o.DoneCh].Closed {
		s.obj(o.DoneCh).Closed = true
	}
	children := o.Children
	if len(children) > 0 || o.Parent >= 0 {
		w := s.obj(c)
		w.Children = nil
		// A cancelled context leaves its parent, as context does.
		if p := w.Parent; p >= 0 {
			w.Parent = -1
			po := s.obj(p)
			po.Children = slices.DeleteFunc(po.Children, func(x int32) bool { return x == c })
		}
	}
	for _, ch := range children {
		s.obj(ch).Parent = -1
		e.cancel(s, ch)
	}
}

// ctxDone returns the Done channel of context object c.
func (e *explorer) ctxDone(s *State, c int32) Val {
	o := s.Objs[c]
	if o.DoneCh == -2 {
		ch := s.newObj(&Obj{Kind: ObjChan, Env: CapClose & o.Env, Site: -1, Cap: intVal(0), Extern: true, L: -1, GCtx: -1, DoneCh: -1, Parent: -1, CtxDone: true})
		s.obj(c).DoneCh = ch
		o = s.Objs[c]
	}
	if o.DoneCh < 0 {
		return nilVal
	}
	return Val{K: VObj, N: int64(o.DoneCh)}
}

// reduce keeps, when some move touches only objects no other goroutine can
// reach, that move alone: it commutes with every other.
func (e *explorer) reduce(s *State, moves []move) []move {
	if len(s.Gs) < 2 || len(moves) < 2 {
		return moves
	}
	owners := e.owners(s)
	for _, m := range moves {
		if m.h >= 0 || m.env {
			continue
		}
		if m.obj < 0 {
			continue
		}
		if own, ok := owners[m.obj]; ok && own == s.Gs[m.g].ID {
			return []move{m}
		}
	}
	return moves
}

// owners maps each object to the goroutine that alone reaches it (-1 when
// several do).
func (e *explorer) owners(s *State) map[int32]int32 {
	own := e.ownScratch
	if own == nil {
		own = map[int32]int32{}
		e.ownScratch = own
	}
	clear(own)
	if cap(e.seenScratch) < len(s.Objs) {
		e.seenScratch = make([]int32, len(s.Objs))
	}
	seen := e.seenScratch[:len(s.Objs)]
	for i := range seen {
		seen[i] = -1
	}
	var stack []int32
	for gi, g := range s.Gs {
		mark := int32(gi)
		push := func(v Val) {
			if (v.K == VObj || v.K == VCancel) && v.N >= 0 && int(v.N) < len(seen) {
				stack = append(stack, int32(v.N))
			}
		}
		g.vals(push)
		if g.Group >= 0 {
			stack = append(stack, g.Group)
		}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if i < 0 || int(i) >= len(seen) || seen[i] == mark {
				continue
			}
			seen[i] = mark
			if o, ok := own[i]; ok && o != g.ID {
				own[i] = -1
			} else if !ok {
				own[i] = g.ID
			}
			o := s.Objs[i]
			push(o.Content)
			for _, f := range o.Fields {
				stack = append(stack, f.Obj)
			}
			for _, b := range o.Buf {
				push(b)
			}
			for _, b := range o.Bind {
				push(b)
			}
			stack = append(stack, o.DoneCh, o.L, o.GCtx)
			stack = append(stack, o.Children...)
		}
	}
	for _, gl := range s.Globs {
		if gl.V >= 0 {
			own[gl.V] = -1
		}
	}
	return own
}

func posOf(op *Op) token.Pos {
	if op == nil {
		return token.NoPos
	}
	return op.Pos
}

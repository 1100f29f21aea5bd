package engine

import (
	"go/token"
	"slices"
)

// StuckKind says what a goroutine is blocked on.
type StuckKind uint8

const (
	StuckSend StuckKind = iota
	StuckRecv
	StuckRange
	StuckSelect
	StuckLock
	StuckWait // WaitGroup.Wait or errgroup.Group.Wait
	StuckCond
)

func (k StuckKind) String() string {
	return [...]string{"send", "receive", "range", "select", "lock", "wait", "cond"}[k]
}

// Step is one step of the path that led to a stuck state.
type Step struct {
	G      int32 // the goroutine (0 is the root)
	Op     *Op   // the operation (nil for the root's return)
	Term   *Term // the root's return
	Choice int32 // the select case taken (-1 default), TryLock's outcome, the goroutine a go starts
	Obj    int32 // the object's serial, which names it along the path (-1 none)
	// Cases are a select's channels' serials by case.
	Cases []int32
}

// Stuck is a goroutine that waits forever in a state where nothing can
// move: every goroutine alive is blocked, and no code the engine does not
// see can complete any of their operations.
type Stuck struct {
	Root *Func
	Kind StuckKind
	Op   *Op // the blocked operation
	// G is the goroutine (0: the root); Spawn is the go operation that
	// started it (nil for the root); Calls are the calls on its stack,
	// outermost first, down to the one running Op.
	G     int32
	Spawn *Op
	Calls []*Op
	// Obj is the object it waits on (the channel of a send or receive, the
	// first channel of a select), as numbered in the path; Make is the
	// make that created it (nil for a channel from outside the
	// exploration); Extern marks such a channel, and Ext describes it.
	Obj    int32
	Make   *Op
	Extern bool
	Ext    *ExtType
	// Primary reports that no other blocked goroutine could ever complete
	// the operation: this goroutine is where the bug is, not a victim of
	// another's.
	Primary bool
	// Others are the other goroutines blocked in the same state, with what
	// they block on.
	Others []Blocked
	// RootDone reports that the root had returned.
	RootDone bool
	// Fed reports that, on the path, the goroutine received a value the
	// environment sent it or sent one the environment took: it may block
	// only because the environment acted more often than it does (a
	// callback handed to another package that the environment calls
	// again and again), so a check that wants the goroutine's own bug
	// skips it.
	Fed bool
	// EnvSent reports that a goroutine received, on the path, a value code
	// outside the exploration sent on the same channel: a send may be
	// stranded only because that code sent more than its protocol lets
	// it (a callback handed to another package called again).
	EnvSent bool
	// EnvFork reports that the goroutine branched, on the path, on what an
	// unknown or summarised call returned to it or on a value the engine
	// does not follow (an element of a queue), or took a select case on a
	// channel such code closed: how often it sends may be decided by its
	// environment (a loop reading until EOF, popping until closed).
	EnvFork bool
	// EnvPartner reports that another goroutine that could have completed
	// the operation (it may send on, receive from, close, unlock or count
	// down something, and it could reach the object or operated on it)
	// branched, on the path, on its environment: it may not have completed
	// the operation only because code the engine does not see returned
	// what it does not return on this path (a Read's early EOF, an Accept
	// that fails before the listener is closed). A check that asks a must
	// question (will anyone complete it?) weighs it with PartnerProto.
	EnvPartner bool
	// EnvProto reports that the goroutine's EnvFork was, at least once,
	// not on whether an error is nil: what it did follows a protocol with
	// code the engine does not see. PartnerProto says the same of the
	// partner of EnvPartner, or that the partner branched on a failure
	// only after it had operated on the object (a reader that sends until
	// Read fails). A partner that failed before it ever did is the
	// failure-path bug: a goroutine that returns on an error without
	// sending, and strands its receiver.
	EnvProto, PartnerProto bool
	// Partner is the goroutine that failed, when EnvPartner is true and
	// PartnerProto is not and it has ended (else -1), and PartnerRet where
	// it returned (NoPos when it fell off its end).
	Partner    int32
	PartnerRet token.Pos
	Path       []Step
	Stats      Stats
}

// envPartner reports whether a goroutine other than st's that could have
// completed its operation branched on its environment on the path: an
// ended one by its end event, a blocked one by its flag. It could have if
// its function may do one of the kinds need and it could reach one of
// st's objects (a select's channels; reaches, for the blocked ones, by
// index) or operated on it. It
// reports too whether one did so as a protocol: other than on whether a
// call failed, or after it had operated on the object in a loop (then how
// many times it did was the environment's to say). The partner's end
// event is returned (nil for a blocked one).
func (e *explorer) envPartner(s *State, st *Stuck, need uint32, objs []int32, reaches []map[int32]bool) (any, proto bool, end *event) {
	// A select waits on each of its channels.
	var serials []int32
	for _, o := range objs {
		if o >= 0 {
			serials = append(serials, s.serial(o))
		}
	}
	if need == 0 || len(serials) == 0 {
		return false, false, nil
	}
	type did struct{ any, loop bool }
	var acts map[int32]did // what each goroutine did on st's object
	acted := func(g int32) did {
		if acts == nil {
			acts = map[int32]did{}
			for ev := s.Trace; ev != nil; ev = ev.prev {
				if ev.Op != nil && ev.Obj >= 0 && slices.Contains(serials, ev.Obj) {
					d := acts[ev.G]
					d.any = true
					d.loop = d.loop || ev.Op.Loop
					acts[ev.G] = d
				}
			}
		}
		return acts[g]
	}
	for ev := s.Trace; ev != nil; ev = ev.prev {
		if !ev.Env || ev.G == st.G || ev.kinds&need == 0 {
			continue
		}
		a := acted(ev.G)
		if !a.any && !ev.reachAll && !slices.ContainsFunc(serials, func(o int32) bool { return slices.Contains(ev.reach, o) }) {
			continue
		}
		if ev.proto || a.loop {
			return true, true, ev
		}
		if end == nil {
			any, end = true, ev
		}
	}
	for j, h := range s.Gs {
		if h.ID == st.G || !h.EnvFork || len(h.Frames) == 0 || e.kindsOf(h.Frames[0].Fn)&need == 0 {
			continue
		}
		a := acted(h.ID)
		if !a.any && !slices.ContainsFunc(objs, func(o int32) bool { return o >= 0 && reaches[j][o] }) {
			continue
		}
		any = true
		if h.EnvProto || a.loop {
			return true, true, end
		}
	}
	return any, false, end
}

// kindsOf is p.kinds(f), memoised for the exploration.
func (e *explorer) kindsOf(f *Func) uint32 {
	if k, ok := e.kindsMemo[f]; ok {
		return k
	}
	if e.kindsMemo == nil {
		e.kindsMemo = map[*Func]uint32{}
	}
	k := e.p.kinds(f, map[*Func]bool{})
	e.kindsMemo[f] = k
	return k
}

// byEnv weighs what of st the environment decided. For a goroutine stuck
// on a send: Fed, EnvSent and EnvFork. For one stuck otherwise, a must
// question, in the order the checks weigh them: Fed and EnvSent most,
// then a protocol (EnvProto, PartnerProto), then a failure (EnvFork,
// EnvPartner).
func (st *Stuck) byEnv() int {
	count := func(w int, bs ...bool) int {
		n := 0
		for _, b := range bs {
			if b {
				n += w
			}
		}
		return n
	}
	if st.Kind == StuckSend {
		return count(1, st.Fed, st.EnvSent, st.EnvFork)
	}
	return count(16, st.Fed, st.EnvSent) + count(4, st.EnvProto, st.PartnerProto) + count(1, st.EnvFork, st.EnvPartner)
}

// Blocked is another goroutine blocked in the same state.
type Blocked struct {
	G     int32
	Op    *Op
	Spawn *Op
	Obj   int32
}

// waitsOn returns the objects goroutine g waits on and the kind.
func (e *explorer) waitsOn(s *State, g *Goroutine) (StuckKind, []int32, *Op) {
	op := curOp(g)
	if op == nil {
		return StuckSend, nil, nil
	}
	rd := func(a Arg) int32 { return objOf(e.readArg(s, g, a)) }
	if g.Cond == 2 {
		v := e.readArg(s, g, op.A)
		l := int32(-1)
		if v.K == VObj {
			l = s.Objs[v.N].L
		}
		return StuckLock, []int32{l}, op
	}
	switch op.Kind {
	case OpSend:
		return StuckSend, []int32{rd(op.A)}, op
	case OpRecv:
		if op.Aux == 1 {
			return StuckRange, []int32{rd(op.A)}, op
		}
		return StuckRecv, []int32{rd(op.A)}, op
	case OpSelect:
		var objs []int32
		allSend := true
		for _, c := range op.Cases {
			objs = append(objs, rd(c.Ch))
			if !c.Send {
				allSend = false
			}
		}
		if allSend && len(op.Cases) == 1 {
			return StuckSend, objs, op
		}
		if len(op.Cases) == 1 {
			return StuckRecv, objs, op
		}
		return StuckSelect, objs, op
	case OpLock:
		return StuckLock, []int32{rd(op.A)}, op
	case OpWGWait, OpGroupWait:
		return StuckWait, []int32{rd(op.A)}, op
	case OpCondWait:
		return StuckCond, []int32{rd(op.A)}, op
	case OpGo:
		return StuckWait, []int32{rd(op.B)}, op
	}
	return StuckSend, nil, op
}

// Op kinds a goroutine may still perform, as bits.
const (
	kSend uint32 = 1 << iota
	kRecv
	kClose
	kUnlock
	kDone
	kSignal
	kCall
)

// kinds returns what f and the functions it calls, starts or makes
// closures of may do.
func (p *Prog) kinds(f *Func, seen map[*Func]bool) uint32 {
	if f == nil || seen[f] {
		return 0
	}
	seen[f] = true
	var k uint32
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			k |= p.opKinds(op, seen)
		}
	}
	return k
}

// kindsFrom returns what f may still do from op pc of block blk on: the
// rest of that block, every block reachable from it (a loop's earlier
// blocks too), and the functions those call, start or make closures of. A
// goroutine that received from a channel before a loop it is now in no
// longer counts as a receiver after it.
func (p *Prog) kindsFrom(f *Func, blk, pc int32, seen map[*Func]bool) uint32 {
	if blk < 0 || int(blk) >= len(f.Blocks) {
		return p.kinds(f, seen)
	}
	var k uint32
	ops := f.Blocks[blk].Ops
	for i := int(max(pc, 0)); i < len(ops); i++ {
		k |= p.opKinds(ops[i], seen)
	}
	done := make([]bool, len(f.Blocks))
	var stack []int32
	push := func(t *Term) {
		for _, s := range t.succs() {
			if s >= 0 && int(s) < len(done) && !done[s] {
				done[s] = true
				stack = append(stack, s)
			}
		}
	}
	push(&f.Blocks[blk].Term)
	for len(stack) > 0 {
		b := f.Blocks[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		for _, op := range b.Ops {
			k |= p.opKinds(op, seen)
		}
		push(&b.Term)
	}
	return k
}

// opKinds returns what op may do, with the functions it calls, starts or
// makes a closure of.
func (p *Prog) opKinds(op *Op, seen map[*Func]bool) uint32 {
	var k uint32
	switch op.Kind {
	case OpSend:
		k |= kSend
	case OpRecv:
		k |= kRecv
	case OpSelect:
		for _, c := range op.Cases {
			if c.Send {
				k |= kSend
			} else {
				k |= kRecv
			}
		}
	case OpClose:
		k |= kClose
	case OpUnlock, OpCondWait:
		k |= kUnlock
	case OpWGAdd:
		k |= kDone
	case OpSignal:
		k |= kSignal
	case OpHavoc, OpCtxWith:
		k |= kCall
	case OpCall, OpDefer, OpGo, OpClosure, OpOnceDo:
		if op.Fn == nil {
			k |= kCall | kClose
		}
	}
	if op.Fn != nil {
		k |= p.kinds(op.Fn, seen)
	}
	return k
}

// reach returns the objects goroutine g can reach.
func reach(s *State, g *Goroutine) map[int32]bool {
	seen := map[int32]bool{}
	var visit func(v Val)
	var obj func(i int32)
	obj = func(i int32) {
		if i < 0 || int(i) >= len(s.Objs) || seen[i] {
			return
		}
		seen[i] = true
		s.Objs[i].refs(visit, obj)
	}
	visit = func(v Val) {
		if v.K == VObj || v.K == VCancel {
			obj(int32(v.N))
		}
	}
	g.vals(visit)
	obj(g.Group)
	for _, gl := range s.Globs {
		obj(gl.V)
	}
	return seen
}

// analyse returns the goroutines stuck in terminal state s.
func (e *explorer) analyse(s *State) []*Stuck {
	if s.Fail || s.Uncertain || s.Empty || len(s.Gs) == 0 {
		return nil
	}
	type info struct {
		kind  StuckKind
		objs  []int32
		op    *Op
		reach map[int32]bool
		kinds uint32
	}
	infos := make([]info, len(s.Gs))
	for i, g := range s.Gs {
		k, objs, op := e.waitsOn(s, g)
		var kinds uint32
		seen := map[*Func]bool{}
		for _, f := range g.Frames {
			// What the goroutine may still do once past the operation
			// it blocks on (which is on objects of its own: had it been
			// on the same channel, the two would have met), and each
			// caller after its call.
			kinds |= e.p.kindsFrom(f.Fn, f.Blk, f.PC+1, seen)
		}
		for _, f := range g.Frames {
			for _, d := range f.Defers {
				if d.Fn >= 0 {
					kinds |= e.p.kinds(e.p.funcs[d.Fn], seen)
				} else {
					kinds |= kCall | kClose
				}
			}
		}
		infos[i] = info{kind: k, objs: objs, op: op, reach: reach(s, g), kinds: kinds}
	}
	// needs says which kinds of step by another goroutine would complete
	// goroutine i's operation on object o.
	needs := func(i int, o int32) uint32 {
		switch infos[i].kind {
		case StuckSend:
			return kRecv
		case StuckRecv, StuckRange:
			return kSend | kClose | kCall
		case StuckSelect:
			return kSend | kRecv | kClose | kCall
		case StuckLock:
			return kUnlock
		case StuckWait:
			return kDone
		case StuckCond:
			return kSignal
		}
		return 0
	}
	var out []*Stuck
	for i, g := range s.Gs {
		in := infos[i]
		if in.op == nil {
			continue
		}
		primary := true
		for j, h := range s.Gs {
			if j == i {
				continue
			}
			for _, o := range in.objs {
				if o < 0 {
					continue
				}
				if in.kind == StuckWait && h.Group == o {
					primary = false
				}
				if infos[j].reach[o] && infos[j].kinds&needs(i, o) != 0 {
					primary = false
				}
			}
		}
		st := &Stuck{
			Root: e.root, Kind: in.kind, Op: in.op, G: g.ID, Spawn: g.Spawn,
			Obj: -1, Primary: primary, RootDone: s.RootDone, Fed: g.Fed, EnvFork: g.EnvFork, EnvProto: g.EnvProto, Partner: -1, Stats: e.stats,
		}
		for _, f := range g.Frames[:len(g.Frames)-1] {
			b := f.Fn.Blocks[f.Blk]
			if int(f.PC) < len(b.Ops) {
				st.Calls = append(st.Calls, b.Ops[f.PC])
			}
		}
		if len(in.objs) > 0 && in.objs[0] >= 0 {
			o := s.Objs[in.objs[0]]
			st.Obj = o.Serial
			st.Extern = o.Extern
			st.Ext = o.Ext
			st.EnvSent = o.EnvSent
			if o.Site >= 0 && int(o.Site) < len(e.p.siteOp) {
				st.Make = e.p.siteOp[o.Site]
			}
		}
		for j, h := range s.Gs {
			if j != i {
				b := Blocked{G: h.ID, Op: infos[j].op, Spawn: h.Spawn, Obj: -1}
				if len(infos[j].objs) > 0 {
					b.Obj = s.serial(infos[j].objs[0])
				}
				st.Others = append(st.Others, b)
			}
		}
		for ev := s.Trace; ev != nil; ev = ev.prev {
			st.Path = append(st.Path, Step{G: ev.G, Op: ev.Op, Term: ev.Term, Choice: ev.Choice, Obj: ev.Obj, Cases: ev.Cases})
		}
		for a, b := 0, len(st.Path)-1; a < b; a, b = a+1, b-1 {
			st.Path[a], st.Path[b] = st.Path[b], st.Path[a]
		}
		reaches := make([]map[int32]bool, len(infos))
		for k := range infos {
			reaches[k] = infos[k].reach
		}
		var end *event
		st.EnvPartner, st.PartnerProto, end = e.envPartner(s, st, needs(i, 0)&^kCall, in.objs, reaches)
		if end != nil && !st.PartnerProto {
			st.Partner = end.G
			if end.Term != nil {
				st.PartnerRet = end.Term.Pos
			}
		}
		out = append(out, st)
	}
	return out
}

// Whole reports whether the channel st waits on is one the exploration
// sees whole for a goroutine that needs partners doing partners: made in
// it, or a named field on which nothing in the package does any of them.
func (st *Stuck) Whole(partners Caps) bool {
	if st.Make != nil {
		return true
	}
	return st.Extern && st.Ext != nil && st.Ext.Name != "" && st.Ext.Caps&partners == 0
}

// RootIsMain reports whether the exploration's root is main.main: its
// goroutines end with the program.
func (st *Stuck) RootIsMain() bool {
	fn := st.Root.Fn
	return fn != nil && fn.Parent() == nil && fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// SpawnOf returns the go operation that started goroutine g on st's path
// (nil for the root, or when it is not on the path).
func (st *Stuck) SpawnOf(g int32) *Op {
	for _, step := range st.Path {
		if step.Op != nil && step.Op.Kind == OpGo && step.Choice == g {
			return step.Op
		}
	}
	return nil
}

// ReturnPos returns where the root returned on the path of st (NoPos when
// it did not, or returned by falling off its end).
func (st *Stuck) ReturnPos() (token.Pos, bool) {
	for i := len(st.Path) - 1; i >= 0; i-- {
		if st.Path[i].Term != nil && st.Path[i].G == 0 {
			return st.Path[i].Term.Pos, true
		}
	}
	return token.NoPos, false
}

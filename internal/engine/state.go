package engine

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"sort"
)

// VKind is the kind of a Val.
type VKind uint8

const (
	VTop      VKind = iota // unknown, without identity; N=1: known not nil
	VUnc                   // unknown, abstracted so coarsely that a branch on it makes the path uncertain
	VInt                   // the integer (or boolean) N
	VNil                   // nil
	VSym                   // the symbol N: an unknown scalar with an interval
	VObj                   // the object N
	VSlice                 // a slice of length N
	VSliceSym              // a slice whose length is the symbol N
	VFunc                  // the function Prog.funcs[N]
	VGlobal                // the package variable Prog.globals[N] (in Consts only)
	VNot                   // 1 - the boolean symbol N
	VCancel                // the cancel function of context object N
	VStr                   // the string constant Prog.strs[N]: equal only to itself
)

// Val is a value of the explorer.
type Val struct {
	K VKind
	N int64
}

var (
	top    = Val{K: VTop}
	nonNil = Val{K: VTop, N: 1}
	nilVal = Val{K: VNil}
)

func intVal(n int64) Val { return Val{K: VInt, N: n} }

func boolVal(b bool) Val {
	if b {
		return intVal(1)
	}
	return intVal(0)
}

// maxInt bounds the integers arithmetic keeps exact; beyond, a value
// becomes uncertain (constants are kept up to maxConst).
const (
	maxInt   = 16
	maxConst = 1 << 20
)

// ObjKind is the kind of an object.
type ObjKind uint8

const (
	ObjNone   ObjKind = iota // not an object: a scalar
	ObjCell                  // a variable: one value
	ObjStruct                // a struct variable: fields made on demand
	ObjChan
	ObjMutex
	ObjRWMutex
	ObjWG
	ObjGroup // errgroup.Group
	ObjCond
	ObjOnce
	ObjCtx
	ObjClosure
)

// Obj is an object of the explorer: a channel, a lock, a variable.
type Obj struct {
	Kind ObjKind
	Env  Caps  // what code the engine does not see may do to it
	Site int32 // the make site (an Op.Site), or -1 for an external object
	Inst int32 // the instance of Site
	Ext  *ExtType
	// Extern marks an object made outside the exploration (reached through
	// a parameter, a package variable, an unknown call): its parts are
	// external too. Inited marks an external cell whose value was made.
	Extern, Inited bool
	// Serial names the object for the whole path: the index changes when
	// the state is compacted, the serial does not.
	Serial int32

	// ObjCell: the value. ObjStruct: the fields made so far.
	Content Val
	Fields  []fieldObj

	// ObjChan.
	Cap    Val // VInt, VSym, or VTop for unknown (never full)
	Buf    []Val
	Closed bool
	// EnvSent marks a channel on which a goroutine received a value code
	// outside the exploration sent. CtxDone marks a context's Done channel.
	EnvSent, CtxDone bool

	// ObjMutex, ObjRWMutex: a writer holds it (by goroutine Holder), Readers
	// hold it for reading.
	Writer  bool
	Readers int32

	// ObjWG, ObjGroup: the counter (-1 unknown); ObjGroup: the limit (0
	// none) and the group's context.
	Count int32
	Limit int32
	GCtx  int32

	// ObjCond: the locker (an object), and goroutines waiting.
	L       int32
	Waiters []int32 // goroutine ids

	// ObjOnce: Do has run.
	Done bool

	// ObjCtx: the Done channel, children, and whether it can be done by
	// itself (a deadline, a parent the engine does not see).
	DoneCh   int32
	Children []int32
	Parent   int32
	// ObjClosure.
	Fn   int32
	Bind []Val

	gen uint32
}

type fieldObj struct {
	ID  int32
	Obj int32
}

// Sym is an unknown integer with what the path has learnt of it.
type Sym struct {
	Lo, Hi int64
	// Len marks the length of a slice: a count, which loses its
	// relation when sent on a channel (data).
	Len bool
	// By is the goroutine (its ID + 1) that got the value from code the
	// engine does not see (an unknown call's result), 0 otherwise: a
	// branch on it is that goroutine's environment deciding.
	By int32
}

// memo remembers the outcome of a comparison the intervals could not
// decide, so that the same comparison decides the same way on the path.
type memo struct {
	Op   int64
	A, B Val
	Res  bool
}

// Frame is one activation.
type Frame struct {
	Fn     *Func
	Blk    int32
	PC     int32
	Slots  []Val
	Defers []deferred
	Ret    []int32 // the caller's slots for the results
	// DeferRet marks a frame run by rundefers: on return the caller stays
	// on its RunDefers op.
	DeferRet bool
	gen      uint32
}

type deferred struct {
	Fn   int32 // static callee (Prog.funcs index), or -1
	Val  Val   // dynamic callee
	Args []Val
}

// Goroutine is one goroutine of a state.
type Goroutine struct {
	ID     int32 // creation order in the exploration (not part of the state)
	Spawn  *Op   // the go operation that started it (nil for the root)
	Inst   int32
	Frames []*Frame
	// Group is the WaitGroup or errgroup (an object) to count down when it
	// ends, or -1.
	Group     int32
	GroupKind int64
	// Cond: 1 while waiting for a signal, 2 once signalled (it relocks).
	Cond int8
	// EnvFork marks a goroutine that branched on what an unknown or
	// summarised call returned to it, on a value the engine does not
	// follow, or on which select case a channel closed by such code let
	// fire (see envFork).
	EnvFork bool
	// EnvProto marks one that branched on it other than on whether an
	// error is nil (see envFork).
	EnvProto bool
	// Chans are the serials of the channels the goroutine could reach
	// when it started (ChansAll: too many to list), for the partners of a
	// stuck goroutine once it has ended (not part of the state).
	Chans    []int32
	ChansAll bool
	// Fed marks a goroutine that received a value the environment sent,
	// or had a value taken by it: how often the environment does that is
	// not known, so nothing this goroutine then blocks on is its own bug
	// for sure.
	Fed bool
	gen uint32
}

func (g *Goroutine) top() *Frame { return g.Frames[len(g.Frames)-1] }

// vals calls visit for each value g holds: its frames' slots and the
// callees and arguments of their deferred calls.
func (g *Goroutine) vals(visit func(Val)) {
	for _, f := range g.Frames {
		for _, v := range f.Slots {
			visit(v)
		}
		for _, d := range f.Defers {
			visit(d.Val)
			for _, a := range d.Args {
				visit(a)
			}
		}
	}
}

// State is a state of the exploration: the goroutines, the objects, and
// what the path has decided about unknowns.
type State struct {
	Gs   []*Goroutine
	Objs []*Obj
	Syms []Sym
	Memo []memo
	// Globs binds the package variables the path has used to their
	// objects; Insts counts the instances made of each site (make, go).
	// Both are sparse: a package as large as runtime has tens of thousands
	// of variables and sites, and a state is cloned at every branch.
	Globs pairs
	Insts pairs
	// Fail marks a path on which a test failed; Uncertain one that branched
	// on a coarse abstraction; Empty one that is degenerate: a loop that
	// starts goroutines started none (it ran zero times), or a buffer of
	// unknown size is zero. A goroutine blocked only then is not worth a
	// report.
	Fail, Uncertain, Empty bool
	// RootDone: the root goroutine has returned.
	RootDone bool
	// EnvEnds: a goroutine that branched on its environment ended (1),
	// one that did so as a protocol (2). What the end events record is
	// not part of the state; this much is, so that two paths alike but
	// for it are both explored.
	EnvEnds uint8
	NextG   int32
	// NextSerial numbers new objects (Obj.Serial).
	NextSerial int32
	Steps      int32
	Trace      *event

	gen  uint32
	back bool // a goroutine just took a loop's back edge (not part of the state)
	// compacted is the number of objects and symbols left by the last
	// compaction on the path (not part of the state).
	compacted int32
}

// event is a step of the path, kept for reports (not part of the state).
type event struct {
	prev   *event
	G      int32
	Op     *Op
	Term   *Term
	Choice int32   // the select case taken (-1: default), or the branch
	Obj    int32   // the serial of the object operated on, or -1
	Site   int32   // that object's make site, or -1
	Cases  []int32 // a select's channels' serials, by case (-1 unknown)
	// Env marks the end of a goroutine that branched on its environment
	// on the way (EnvFork). Ends are recorded for the root always, for
	// other goroutines only when Env.
	Env bool
	// kinds is what the ended goroutine's function may do (an Env end);
	// proto: it branched on its environment other than on whether a call
	// failed (EnvProto); reach: the serials of the channels it could
	// reach when it ended (nil with reachAll when there were many).
	kinds    uint32
	proto    bool
	reachAll bool
	reach    []int32
}

func (s *State) clone() *State {
	t := &State{
		Gs:         slices.Clone(s.Gs),
		Objs:       slices.Clone(s.Objs),
		Syms:       slices.Clone(s.Syms),
		Memo:       slices.Clone(s.Memo),
		Globs:      slices.Clone(s.Globs),
		Insts:      slices.Clone(s.Insts),
		Fail:       s.Fail,
		Uncertain:  s.Uncertain,
		Empty:      s.Empty,
		RootDone:   s.RootDone,
		EnvEnds:    s.EnvEnds,
		NextG:      s.NextG,
		NextSerial: s.NextSerial,
		Steps:      s.Steps,
		Trace:      s.Trace,
		compacted:  s.compacted,
	}
	return t
}

// obj returns object i for writing.
func (s *State) obj(i int32) *Obj {
	o := s.Objs[i]
	if o.gen != s.gen {
		c := *o
		c.Fields = slices.Clone(o.Fields)
		c.Buf = slices.Clone(o.Buf)
		c.Waiters = slices.Clone(o.Waiters)
		c.Children = slices.Clone(o.Children)
		c.Bind = slices.Clone(o.Bind)
		c.gen = s.gen
		s.Objs[i] = &c
		o = &c
	}
	return o
}

// g returns goroutine i for writing.
func (s *State) g(i int) *Goroutine {
	g := s.Gs[i]
	if g.gen != s.gen {
		c := *g
		c.Frames = slices.Clone(g.Frames)
		c.gen = s.gen
		s.Gs[i] = &c
		g = &c
	}
	return g
}

// frame returns the top frame of goroutine i for writing.
func (s *State) frame(i int) *Frame {
	g := s.g(i)
	f := g.Frames[len(g.Frames)-1]
	if f.gen != s.gen {
		c := *f
		c.Slots = slices.Clone(f.Slots)
		c.Defers = slices.Clone(f.Defers)
		c.gen = s.gen
		g.Frames[len(g.Frames)-1] = &c
		f = &c
	}
	return f
}

func (s *State) newObj(o *Obj) int32 {
	o.gen = s.gen
	o.Serial = s.NextSerial
	s.NextSerial++
	s.Objs = append(s.Objs, o)
	return int32(len(s.Objs) - 1)
}

func (s *State) newSym(lo, hi int64) Val {
	s.Syms = append(s.Syms, Sym{Lo: lo, Hi: hi})
	return Val{K: VSym, N: int64(len(s.Syms) - 1)}
}

func (s *State) gIndex(id int32) int {
	for i, g := range s.Gs {
		if g.ID == id {
			return i
		}
	}
	return -1
}

// hasher serialises a state canonically: objects and symbols are numbered
// in the order the goroutines reach them, dead slots are left out, so two
// states that differ only in numbering or in dead values hash alike. One
// hasher is reused for every state of an exploration.
type hasher struct {
	buf      []byte
	objMap   []int32 // per object of the state: its number + 1, or 0
	symMap   []int64 // per symbol: its number + 1, or 0
	nObjs    int32
	nSyms    int64
	queue    []int32
	touchedO []int32
	touchedS []int64
	order    []int
	s        *State
}

var seed = maphash.MakeSeed()

func (h *hasher) u(v int64) { h.buf = binary.AppendVarint(h.buf, v) }

func (h *hasher) val(v Val) {
	h.buf = append(h.buf, byte(v.K))
	switch v.K {
	case VObj, VCancel:
		h.u(int64(h.objRef(int32(v.N))))
	case VSym, VSliceSym, VNot:
		h.u(h.symRef(v.N))
	default:
		h.u(v.N)
	}
}

func (h *hasher) objRef(i int32) int32 {
	if i < 0 || int(i) >= len(h.objMap) {
		return -1
	}
	if n := h.objMap[i]; n != 0 {
		return n - 1
	}
	n := h.nObjs
	h.nObjs++
	h.objMap[i] = n + 1
	h.touchedO = append(h.touchedO, i)
	h.queue = append(h.queue, i)
	return n
}

func (h *hasher) symRef(i int64) int64 {
	if i < 0 || int(i) >= len(h.symMap) {
		return -1
	}
	if n := h.symMap[i]; n != 0 {
		return n - 1
	}
	n := h.nSyms
	h.nSyms++
	h.symMap[i] = n + 1
	h.touchedS = append(h.touchedS, i)
	sy := h.s.Syms[i]
	h.u(sy.Lo)
	h.u(sy.Hi)
	return n
}

func (h *hasher) reset(s *State) {
	for _, i := range h.touchedO {
		h.objMap[i] = 0
	}
	for _, i := range h.touchedS {
		h.symMap[i] = 0
	}
	h.touchedO, h.touchedS, h.queue = h.touchedO[:0], h.touchedS[:0], h.queue[:0]
	h.nObjs, h.nSyms = 0, 0
	h.buf = h.buf[:0]
	for len(h.objMap) < len(s.Objs) {
		h.objMap = append(h.objMap, 0)
	}
	for len(h.symMap) < len(s.Syms) {
		h.symMap = append(h.symMap, 0)
	}
	h.s = s
}

// key returns the hash of s.
func (s *State) key(p *Prog, h *hasher) uint64 {
	h.reset(s)
	// Goroutines in a canonical order: by what they run and where.
	order := h.order[:0]
	for i := range s.Gs {
		order = append(order, i)
	}
	h.order = order
	sort.SliceStable(order, func(a, b int) bool {
		ga, gb := s.Gs[order[a]], s.Gs[order[b]]
		if (ga.Spawn == nil) != (gb.Spawn == nil) {
			return ga.Spawn == nil
		}
		if ga.Spawn != nil && ga.Spawn.Site != gb.Spawn.Site {
			return ga.Spawn.Site < gb.Spawn.Site
		}
		fa, fb := ga.top(), gb.top()
		if fa.Blk != fb.Blk {
			return fa.Blk < fb.Blk
		}
		return fa.PC < fb.PC
	})
	for _, gi := range order {
		g := s.Gs[gi]
		h.u(-7)
		if g.Spawn != nil {
			h.u(int64(g.Spawn.Site))
		}
		h.u(int64(h.objRef(g.Group)))
		h.u(int64(g.Cond))
		if g.Fed {
			h.u(-9)
		}
		if g.EnvFork {
			h.u(-10)
		}
		if g.EnvProto {
			h.u(-11)
		}
		h.u(int64(len(g.Frames)))
		for fi, f := range g.Frames {
			h.u(int64(p.funcIndex(f.Fn)))
			h.u(int64(f.Blk))
			h.u(int64(f.PC))
			if f.DeferRet {
				h.u(1)
			}
			var exclude []int32
			pc := f.PC
			if fi < len(g.Frames)-1 {
				// Suspended at a call: what is live after it, but its
				// results.
				pc++
				exclude = g.Frames[fi+1].Ret
			}
			for _, sl := range f.Fn.liveAt(int(f.Blk), int(pc)) {
				if slices.Contains(exclude, sl) {
					continue
				}
				h.u(int64(sl))
				h.val(f.Slots[sl])
			}
			h.u(int64(len(f.Defers)))
			for _, d := range f.Defers {
				h.u(int64(d.Fn))
				h.val(d.Val)
				for _, a := range d.Args {
					h.val(a)
				}
			}
		}
	}
	for _, gl := range s.Globs {
		if gl.V >= 0 {
			h.u(int64(gl.K))
			h.u(int64(h.objRef(gl.V)))
		}
	}
	// Objects reached, breadth first.
	for q := 0; q < len(h.queue); q++ {
		o := s.Objs[h.queue[q]]
		h.buf = append(h.buf, byte(o.Kind), byte(o.Env))
		h.u(int64(o.Site))
		switch o.Kind {
		case ObjCell:
			h.val(o.Content)
		case ObjStruct:
			for _, f := range o.Fields {
				h.u(int64(f.ID))
				h.u(int64(h.objRef(f.Obj)))
			}
		case ObjChan:
			h.val(o.Cap)
			h.u(int64(len(o.Buf)))
			for _, v := range o.Buf {
				h.val(v)
			}
			if o.Closed {
				h.u(1)
			}
			if o.EnvSent {
				h.u(2)
			}
		case ObjMutex, ObjRWMutex:
			if o.Writer {
				h.u(1)
			}
			h.u(int64(o.Readers))
		case ObjWG, ObjGroup:
			h.u(int64(o.Count))
			h.u(int64(o.Limit))
			h.u(int64(h.objRef(o.GCtx)))
		case ObjCond:
			h.u(int64(h.objRef(o.L)))
			h.u(int64(len(o.Waiters)))
		case ObjOnce:
			if o.Done {
				h.u(1)
			}
		case ObjCtx:
			h.u(int64(h.objRef(o.DoneCh)))
			for _, c := range o.Children {
				h.u(int64(h.objRef(c)))
			}
		case ObjClosure:
			h.u(int64(o.Fn))
			for _, v := range o.Bind {
				h.val(v)
			}
		}
	}
	// What the path decided about the symbols still reachable.
	for _, m := range s.Memo {
		if h.reached(m.A) && h.reached(m.B) {
			h.u(m.Op)
			h.val(m.A)
			h.val(m.B)
			if m.Res {
				h.u(1)
			}
		}
	}
	if s.Fail {
		h.u(-1)
	}
	if s.Uncertain {
		h.u(-2)
	}
	if s.RootDone {
		h.u(-3)
	}
	if s.Empty {
		h.u(-4)
	}
	if s.EnvEnds != 0 {
		h.u(-12 - int64(s.EnvEnds))
	}
	return maphash.Bytes(seed, h.buf)
}

func (h *hasher) reached(v Val) bool {
	switch v.K {
	case VSym, VSliceSym, VNot:
		return v.N >= 0 && int(v.N) < len(h.symMap) && h.symMap[v.N] != 0
	case VObj, VCancel:
		return v.N >= 0 && int(v.N) < len(h.objMap) && h.objMap[v.N] != 0
	}
	return true
}

// serial returns the serial of object i (-1 for none).
func (s *State) serial(i int32) int32 {
	if i < 0 || int(i) >= len(s.Objs) {
		return -1
	}
	return s.Objs[i].Serial
}

// compact drops what no goroutine can reach any more: dead slots (by
// liveness), objects and symbols; it renumbers the rest. It keeps states
// small, so that copying one costs what is alive, not the whole path.
func (s *State) compact() {
	// Dead slots first: they would keep garbage alive.
	for gi := range s.Gs {
		g := s.g(gi)
		for fi := range g.Frames {
			f := g.Frames[fi]
			pc := int(f.PC)
			var exclude []int32
			if fi < len(g.Frames)-1 {
				pc++
				exclude = g.Frames[fi+1].Ret
			}
			live := f.Fn.liveAt(int(f.Blk), pc)
			var c *Frame
			li := 0
			for sl := range f.Slots {
				for li < len(live) && int(live[li]) < sl {
					li++
				}
				isLive := li < len(live) && int(live[li]) == sl && !slicesContains(exclude, int32(sl))
				if isLive || f.Slots[sl] == top {
					continue
				}
				if c == nil {
					cp := *f
					cp.Slots = slices.Clone(f.Slots)
					cp.gen = s.gen
					g.Frames[fi] = &cp
					c = &cp
				}
				c.Slots[sl] = top
			}
		}
	}
	objMap := make([]int32, len(s.Objs))
	for i := range objMap {
		objMap[i] = -1
	}
	symMap := make([]int64, len(s.Syms))
	for i := range symMap {
		symMap[i] = -1
	}
	var order []int32
	var symOrder []int64
	var visit func(v Val)
	var obj func(i int32)
	obj = func(i int32) {
		if i < 0 || int(i) >= len(s.Objs) || objMap[i] >= 0 {
			return
		}
		objMap[i] = int32(len(order))
		order = append(order, i)
	}
	visit = func(v Val) {
		switch v.K {
		case VObj, VCancel:
			obj(int32(v.N))
		case VSym, VSliceSym, VNot:
			if v.N >= 0 && int(v.N) < len(symMap) && symMap[v.N] < 0 {
				symMap[v.N] = int64(len(symOrder))
				symOrder = append(symOrder, v.N)
			}
		}
	}
	for _, g := range s.Gs {
		g.vals(visit)
		obj(g.Group)
	}
	for _, gl := range s.Globs {
		obj(gl.V)
	}
	for q := 0; q < len(order); q++ {
		o := s.Objs[order[q]]
		o.refs(visit, obj)
		visit(o.Cap)
		obj(o.Parent)
	}
	if len(order) == len(s.Objs) && len(symOrder) == len(s.Syms) {
		return
	}
	mo := func(i int32) int32 {
		if i < 0 || int(i) >= len(objMap) {
			return i
		}
		return objMap[i]
	}
	mv := func(v Val) Val {
		switch v.K {
		case VObj, VCancel:
			v.N = int64(mo(int32(v.N)))
		case VSym, VSliceSym, VNot:
			if v.N >= 0 && int(v.N) < len(symMap) {
				v.N = symMap[v.N]
			}
		}
		return v
	}
	objs := make([]*Obj, len(order))
	for n, i := range order {
		c := *s.Objs[i]
		c.Content = mv(c.Content)
		c.Cap = mv(c.Cap)
		c.Fields = slices.Clone(c.Fields)
		for k := range c.Fields {
			c.Fields[k].Obj = mo(c.Fields[k].Obj)
		}
		c.Buf = slices.Clone(c.Buf)
		for k := range c.Buf {
			c.Buf[k] = mv(c.Buf[k])
		}
		c.Bind = slices.Clone(c.Bind)
		for k := range c.Bind {
			c.Bind[k] = mv(c.Bind[k])
		}
		c.Children = slices.Clone(c.Children)
		for k := range c.Children {
			c.Children[k] = mo(c.Children[k])
		}
		c.Waiters = slices.Clone(c.Waiters)
		c.DoneCh, c.Parent, c.L, c.GCtx = mo(c.DoneCh), mo(c.Parent), mo(c.L), mo(c.GCtx)
		c.gen = s.gen
		objs[n] = &c
	}
	syms := make([]Sym, len(symOrder))
	for n, i := range symOrder {
		syms[n] = s.Syms[i]
	}
	var memos []memo
	for _, m := range s.Memo {
		ok := true
		for _, v := range []Val{m.A, m.B} {
			switch v.K {
			case VSym, VSliceSym, VNot:
				ok = ok && v.N >= 0 && int(v.N) < len(symMap) && symMap[v.N] >= 0
			case VObj, VCancel:
				ok = ok && v.N >= 0 && int(v.N) < len(objMap) && objMap[v.N] >= 0
			}
		}
		if ok {
			memos = append(memos, memo{Op: m.Op, A: mv(m.A), B: mv(m.B), Res: m.Res})
		}
	}
	for gi := range s.Gs {
		g := s.g(gi)
		g.Group = mo(g.Group)
		for fi, f := range g.Frames {
			changed := false
			for _, v := range f.Slots {
				if mv(v) != v {
					changed = true
					break
				}
			}
			for _, d := range f.Defers {
				if mv(d.Val) != d.Val {
					changed = true
				}
				for _, a := range d.Args {
					if mv(a) != a {
						changed = true
					}
				}
			}
			if !changed {
				continue
			}
			cp := *f
			cp.Slots = slices.Clone(f.Slots)
			for k := range cp.Slots {
				cp.Slots[k] = mv(cp.Slots[k])
			}
			cp.Defers = slices.Clone(f.Defers)
			for k := range cp.Defers {
				d := cp.Defers[k]
				d.Val = mv(d.Val)
				d.Args = slices.Clone(d.Args)
				for a := range d.Args {
					d.Args[a] = mv(d.Args[a])
				}
				cp.Defers[k] = d
			}
			cp.gen = s.gen
			g.Frames[fi] = &cp
		}
	}
	globs := slices.Clone(s.Globs)
	for k := range globs {
		globs[k].V = mo(globs[k].V)
	}
	s.Objs, s.Syms, s.Memo, s.Globs = objs, syms, memos, globs
}

// pairs is a small map from int32 to int32, sorted by key.
type pairs []pair

type pair struct{ K, V int32 }

func (ps pairs) find(k int32) (int, bool) {
	lo, hi := 0, len(ps)
	for lo < hi {
		m := (lo + hi) / 2
		if ps[m].K < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(ps) && ps[lo].K == k
}

// get returns the value of k, or def.
func (ps pairs) get(k, def int32) int32 {
	if i, ok := ps.find(k); ok {
		return ps[i].V
	}
	return def
}

// set binds k to v. The caller owns ps (cloned with the state).
func (ps *pairs) set(k, v int32) {
	i, ok := ps.find(k)
	if ok {
		(*ps)[i].V = v
		return
	}
	*ps = slices.Insert(*ps, i, pair{k, v})
}

func slicesContains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// refs calls val for each value and obj for each object o refers to: its
// content, fields, buffer, bindings, Done channel, children, lock and group
// context (not its parent context, nor its capacity).
func (o *Obj) refs(val func(Val), obj func(int32)) {
	val(o.Content)
	for _, f := range o.Fields {
		obj(f.Obj)
	}
	for _, b := range o.Buf {
		val(b)
	}
	for _, b := range o.Bind {
		val(b)
	}
	obj(o.DoneCh)
	for _, c := range o.Children {
		obj(c)
	}
	obj(o.L)
	obj(o.GCtx)
}

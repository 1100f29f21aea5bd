package model

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Ordering between a goroutine and the function that starts it: can an
// access in the goroutine run at the same time as an access in the spawner,
// in another goroutine the spawner starts, or in another instance of the
// same goroutine?
//
// The rules, for one call of the spawning function:
//
//   - code of the spawner before the spawn is ordered before the goroutine;
//   - code reached from the spawn runs concurrently with the goroutine
//     unless every path to it passes a join: a Wait on a WaitGroup the
//     goroutine calls Done on (or that started it with Go), Wait on the
//     errgroup.Group that started it, or a receive (bare, select case,
//     range) on a channel the goroutine sends on or closes, or on a channel
//     only callbacks handed to other code send on, which a call of the
//     goroutine into code the model cannot see may run;
//   - a spawn in a loop starts several goroutines that run at the same time
//     when the spawn reaches itself without passing a join;
//   - two spawns of one function start goroutines that overlap when one
//     reaches the other without passing a join of the first.
//
// A join through a channel orders only the goroutine's code that can run
// before its send or close. Every question takes an optional fresh
// instruction: the one that makes the object the accesses act on (a make or
// a local variable declared in the loop); a path through it reaches a new
// object, on which the accesses do not conflict.

// Join is an operation of the spawning function after which the goroutine
// started by a spawn has finished, or has signalled.
type Join struct {
	Instr ssa.Instruction // the Wait, receive, select, or call performing one
	// Signal is the goroutine's send, close or Done the join waits for; nil
	// when the join waits for the goroutine's end (WaitGroup.Go, errgroup)
	// or the signal is performed by a function of another package.
	Signal ssa.Instruction
	// Deferred reports that the signal is deferred: it runs when the
	// goroutine returns.
	Deferred bool
}

// orders reports whether j orders the goroutine's access a (nil: the whole
// goroutine) before what follows the join.
func (j Join) orders(m *Model, a ssa.Instruction) bool {
	if a == nil || j.Signal == nil || j.Deferred || a.Parent() != j.Signal.Parent() {
		return true
	}
	return a == j.Signal || m.Reaches(a, j.Signal)
}

// signal is an operation of a goroutine its spawner can wait for.
type signal struct {
	op       string // OpDone, OpSend or OpClose
	ref      Ref    // in the spawner's terms
	instr    ssa.Instruction
	deferred bool
}

// SyncBody returns fn and the literals it calls or defers directly,
// transitively: the code that runs in fn's goroutine during a call of fn,
// whether or not it performs operations.
func (m *Model) SyncBody(fn *ssa.Function) []*ssa.Function {
	if m == nil || m.b == nil || fn == nil {
		return nil
	}
	return m.b.synchronousBody(fn)
}

// signals returns what the goroutine started by s does that its spawner can
// wait for, with Refs in the spawner's terms.
func (m *Model) signals(s *Spawn) []signal {
	if s.Target == nil {
		return nil
	}
	var out []signal
	if s.Target.Blocks == nil {
		for _, o := range m.SpawnOps(s) {
			switch o.Op {
			case OpDone, OpSend, OpClose:
				out = append(out, signal{op: o.Op, ref: o.Ref})
			}
		}
		return out
	}
	// The literals the goroutine passes as callbacks count too: a send
	// from a callback the goroutine hands to a helper is still its signal.
	for _, f := range m.nestedFuncs(s.Target) {
		for _, w := range f.WGOps {
			if w.Kind == Done {
				out = append(out, signal{op: OpDone, ref: m.InSpawner(s, w.WG), instr: w.Instr, deferred: w.Deferred || f.Deferred})
			}
		}
		for _, c := range f.ChanOps {
			switch c.Kind {
			case Send:
				out = append(out, signal{op: OpSend, ref: m.InSpawner(s, c.Chan), instr: c.Instr, deferred: c.Deferred || f.Deferred})
			case Close:
				out = append(out, signal{op: OpClose, ref: m.InSpawner(s, c.Chan), instr: c.Instr, deferred: c.Deferred || f.Deferred})
			}
		}
		for _, call := range f.Calls {
			_, deferred := call.Instr.(*ssa.Defer)
			for _, o := range call.Ops {
				switch o.Op {
				case OpDone, OpSend, OpClose:
					out = append(out, signal{op: o.Op, ref: m.InSpawner(s, o.Ref), instr: call.Instr, deferred: deferred || f.Deferred})
				}
			}
		}
	}
	return out
}

// nestedFuncs returns the models of fn and of every literal nested in it.
func (m *Model) nestedFuncs(fn *ssa.Function) []*Func {
	var out []*Func
	var walk func(f *ssa.Function)
	walk = func(f *ssa.Function) {
		if mf := m.Func(f); mf != nil {
			out = append(out, mf)
		}
		for _, anon := range f.AnonFuncs {
			walk(anon)
		}
	}
	walk(fn)
	return out
}

// WaitsForTurn reports whether the goroutine started by s receives, before
// its access a, from a channel that differs between the goroutines s
// starts (one indexed in a slice, made in the loop, or passed per spawn):
// the instances may pass a token around and run a in turn.
func (m *Model) WaitsForTurn(s *Spawn, a ssa.Instruction) bool {
	if m == nil || s == nil || s.Target == nil || a == nil || a.Parent() == nil {
		return false
	}
	for fn := a.Parent(); fn != nil; fn = fn.Parent() {
		if mf := m.Func(fn); mf != nil {
			for _, op := range mf.ChanOps {
				if op.Kind != Recv && op.Kind != Range {
					continue
				}
				if fn == a.Parent() && !m.Reaches(op.Instr, a) {
					continue
				}
				if m.perInstance(s, m.InSpawner(s, op.Chan)) {
					return true
				}
			}
		}
		if fn == s.Target {
			break
		}
	}
	return false
}

// perInstance reports whether the object r names can differ between the
// goroutines s starts.
func (m *Model) perInstance(s *Spawn, r Ref) bool {
	root, ok := r.Root.(ssa.Instruction)
	if !ok {
		return false
	}
	if root.Parent() == s.Func.Fn {
		return !m.Repeats(s, nil, root)
	}
	for fn := root.Parent(); fn != nil; fn = fn.Parent() {
		if fn == s.Target {
			return true
		}
	}
	return false
}

// Joins returns the operations of s's spawning function (its own code, not
// deferred) that wait for the goroutine started by s: see the rules above.
// They are computed once per spawn.
func (m *Model) Joins(s *Spawn) []Join {
	if m == nil || s == nil || s.Func == nil || s.Func.Fn == nil {
		return nil
	}
	m.joinsMu.Lock()
	defer m.joinsMu.Unlock()
	if js, ok := m.joins[s]; ok {
		return js
	}
	if m.joins == nil {
		m.joins = map[*Spawn][]Join{}
	}
	js := m.computeJoins(s)
	m.joins[s] = js
	return js
}

func (m *Model) computeJoins(s *Spawn) []Join {
	f := s.Func
	ix := m.joinIndexOf(f)
	var out []Join
	waitsOn := func(wg Ref, j Join) {
		for _, w := range ix.wgWaits[wg.Root] {
			if w.WG.Same(wg) {
				j.Instr = w.Instr
				out = append(out, j)
			}
		}
		for _, c := range ix.calls[wg.Root] {
			if c.Has(OpWait, wg) {
				j.Instr = c.Instr
				out = append(out, j)
			}
		}
	}
	switch s.Kind {
	case WaitGroupGo:
		waitsOn(s.Group, Join{})
	case ErrgroupGo:
		for _, w := range ix.groupWaits {
			if w.ref.Same(s.Group) {
				out = append(out, Join{Instr: w.call})
			}
		}
	}
	// synctest.Wait returns when every other goroutine of the bubble has
	// exited or is durably blocked: it orders what they did before.
	for _, c := range ix.synctestWaits {
		out = append(out, Join{Instr: c})
	}
	sigs := m.signals(s)
	// A call handed the channel the goroutine sends on or closes is taken
	// to receive from it (a local waitDone(ch) helper without facts), in
	// the order of the calls, their arguments and the signals.
	type match struct{ arg, sig int }
	var handed []match
	for si, sig := range sigs {
		if sig.op == OpDone || !sig.ref.Valid() {
			continue
		}
		for _, a := range ix.args[sig.ref.Root] {
			if sig.ref.Same(a.ref) {
				handed = append(handed, match{a.seq, si})
			}
		}
	}
	slices.SortFunc(handed, func(a, b match) int { return cmp.Or(cmp.Compare(a.arg, b.arg), cmp.Compare(a.sig, b.sig)) })
	for _, h := range handed {
		sig := sigs[h.sig]
		out = append(out, Join{Instr: ix.argList[h.arg].call, Signal: sig.instr, Deferred: sig.deferred})
	}
	out = append(out, m.callbackJoins(s)...)
	for _, sig := range sigs {
		if !sig.ref.Valid() {
			continue
		}
		j := Join{Signal: sig.instr, Deferred: sig.deferred}
		if sig.op == OpDone {
			waitsOn(sig.ref, j)
			continue
		}
		for _, op := range ix.recvs[sig.ref.Root] {
			if op.Chan.Same(sig.ref) {
				j.Instr = op.Instr
				out = append(out, j)
			}
		}
		for _, c := range ix.calls[sig.ref.Root] {
			if c.Has(OpRecv, sig.ref) {
				j.Instr = c.Instr
				out = append(out, j)
			}
		}
	}
	return out
}

// joinIndex is what Joins looks for in a spawning function, found once per
// function and indexed by the root of the object acted on.
type joinIndex struct {
	wgWaits       map[ssa.Value][]*WGOp   // non-deferred Wait
	calls         map[ssa.Value][]*Call   // non-deferred calls with facts, by each op's root
	recvs         map[ssa.Value][]*ChanOp // non-deferred receives and ranges
	groupWaits    []refCall               // errgroup Wait
	synctestWaits []*ssa.Call
	args          map[ssa.Value][]refCall // arguments of calls of functions, by root
	argList       []refCall               // the same, in the order of the calls and their arguments
}

type refCall struct {
	call *ssa.Call
	ref  Ref
	seq  int // index in argList
}

// joinIndexOf returns the join index of f; joinsMu is held.
func (m *Model) joinIndexOf(f *Func) *joinIndex {
	if ix := m.joinIx[f]; ix != nil {
		return ix
	}
	ix := &joinIndex{
		wgWaits: map[ssa.Value][]*WGOp{},
		calls:   map[ssa.Value][]*Call{},
		recvs:   map[ssa.Value][]*ChanOp{},
		args:    map[ssa.Value][]refCall{},
	}
	for _, w := range f.WGOps {
		if w.Kind == Wait && !w.Deferred {
			ix.wgWaits[w.WG.Root] = append(ix.wgWaits[w.WG.Root], w)
		}
	}
	for _, c := range f.Calls {
		if _, ok := c.Instr.(*ssa.Defer); ok {
			continue
		}
		var roots []ssa.Value
		for _, o := range c.Ops {
			if !slices.Contains(roots, o.Ref.Root) {
				roots = append(roots, o.Ref.Root)
				ix.calls[o.Ref.Root] = append(ix.calls[o.Ref.Root], c)
			}
		}
	}
	for _, op := range f.ChanOps {
		if (op.Kind == Recv || op.Kind == Range) && !op.Deferred {
			ix.recvs[op.Chan.Root] = append(ix.recvs[op.Chan.Root], op)
		}
	}
	for _, blk := range f.Fn.Blocks {
		for _, instr := range blk.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			common := c.Common()
			if _, builtin := common.Value.(*ssa.Builtin); builtin {
				continue
			}
			if isErrgroupWait(common) && len(common.Args) > 0 {
				ix.groupWaits = append(ix.groupWaits, refCall{call: c, ref: m.Ref(common.Args[0])})
			}
			if isSynctestWait(common) {
				ix.synctestWaits = append(ix.synctestWaits, c)
			}
			for _, arg := range common.Args {
				a := refCall{call: c, ref: m.Ref(arg), seq: len(ix.argList)}
				ix.argList = append(ix.argList, a)
				ix.args[a.ref.Root] = append(ix.args[a.ref.Root], a)
			}
		}
	}
	if m.joinIx == nil {
		m.joinIx = map[*Func]*joinIndex{}
	}
	m.joinIx[f] = ix
	return ix
}

// callbackJoins returns the joins through code the model cannot see: a
// receive of the spawner from a channel that only callbacks send on or
// close (literals of the package handed to other code, such as a test
// server's interceptor) waits for whatever runs them. When the goroutine
// calls code the model cannot see (a method through an interface, a
// function value), that call may be what runs them (an RPC reaching the
// server): the receive orders what the goroutine did before the call.
func (m *Model) callbackJoins(s *Spawn) []Join {
	if s.Target == nil || s.Target.Blocks == nil {
		return nil
	}
	var opaque []ssa.Instruction
	for _, blk := range s.Target.Blocks {
		for _, instr := range blk.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := c.(*ssa.Go); isGo {
				continue
			}
			common := c.Common()
			if common.IsInvoke() {
				opaque = append(opaque, instr)
				continue
			}
			switch common.Value.(type) {
			case *ssa.Function, *ssa.Builtin, *ssa.MakeClosure:
			default:
				opaque = append(opaque, instr)
			}
		}
	}
	if len(opaque) == 0 {
		return nil
	}
	var out []Join
	add := func(instr ssa.Instruction, ch Ref) {
		if !m.sentByCallbacks(ch, s) {
			return
		}
		for _, o := range opaque {
			out = append(out, Join{Instr: instr, Signal: o})
		}
	}
	f := s.Func
	for _, op := range f.ChanOps {
		if (op.Kind == Recv || op.Kind == Range) && !op.Deferred && op.Chan.Valid() {
			add(op.Instr, op.Chan)
		}
	}
	for _, c := range f.Calls {
		if _, ok := c.Instr.(*ssa.Defer); ok {
			continue
		}
		for _, o := range c.Ops {
			if o.Op == OpRecv && o.Ref.Valid() {
				add(c.Instr, o.Ref)
			}
		}
	}
	return out
}

// sentByCallbacks reports whether every send on or close of ch in the
// package is in a function literal handed to other code (stored, passed or
// returned, not called or started here), and there is one; the goroutine
// started by s is not one of them. joinsMu is held.
func (m *Model) sentByCallbacks(ch Ref, s *Spawn) bool {
	found := false
	for _, w := range m.chanWriters()[ch.Root] {
		if !w.ref.Same(ch) {
			continue
		}
		if w.fn == nil || w.fn == s.Target {
			return false
		}
		found = true
	}
	return found
}

// chanWriter is a send on or close of a channel: by a function literal
// handed to other code (fn), or by anything else (fn nil: a declared
// function, a literal called or started here, a call whose fact sends or
// closes).
type chanWriter struct {
	ref Ref
	fn  *ssa.Function
}

// chanWriters returns the package's sends and closes by the root of the
// channel's Ref, computed on first use; joinsMu is held.
func (m *Model) chanWriters() map[ssa.Value][]chanWriter {
	if m.writers != nil {
		return m.writers
	}
	m.writers = map[ssa.Value][]chanWriter{}
	add := func(r Ref, fn *ssa.Function) {
		m.writers[r.Root] = append(m.writers[r.Root], chanWriter{ref: r, fn: fn})
	}
	for _, g := range m.Funcs {
		callback := g.Fn
		if callback.Parent() == nil || !m.b.escapes[callback] || len(g.SpawnedBy) > 0 {
			callback = nil
		}
		for _, op := range g.ChanOps {
			if op.Kind == Send || op.Kind == Close {
				add(op.Chan, callback)
			}
		}
		for _, c := range g.Calls {
			for _, o := range c.Ops {
				if o.Op == OpSend || o.Op == OpClose {
					add(o.Ref, nil)
				}
			}
		}
	}
	return m.writers
}

func isErrgroupWait(c *ssa.CallCommon) bool {
	callee := c.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == pathErrgroup && obj.Name() == "Wait" && RecvName(obj) == "Group"
}

func isSynctestWait(c *ssa.CallCommon) bool {
	return isSynctest(c.StaticCallee(), "Wait")
}

// isSynctest reports whether fn is one of the named functions of
// testing/synctest (or the runtime's internal/synctest).
func isSynctest(fn *ssa.Function, names ...string) bool {
	if fn == nil || fn.Pkg == nil || fn.Signature.Recv() != nil {
		return false
	}
	p := fn.Pkg.Pkg.Path()
	return (p == "testing/synctest" || p == "internal/synctest") && slices.Contains(names, fn.Name())
}

// InSynctestBubble reports whether fn runs in a synctest bubble: it is, or
// is nested in, a function literal passed to synctest.Run or
// synctest.Test. Time is virtual there: a sleeping goroutine wakes only
// when every other goroutine of the bubble is blocked.
func InSynctestBubble(fn *ssa.Function) bool {
	for lit := fn; lit != nil && lit.Parent() != nil; lit = lit.Parent() {
		for _, blk := range lit.Parent().Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !isSynctest(call.Call.StaticCallee(), "Run", "Test") {
					continue
				}
				for _, a := range call.Call.Args {
					if mc, ok := a.(*ssa.MakeClosure); ok {
						a = mc.Fn
					}
					if a == lit {
						return true
					}
				}
			}
		}
	}
	return false
}

// joinSet returns the instructions of the joins of s that order a.
func (m *Model) joinSet(s *Spawn, a ssa.Instruction) map[ssa.Instruction]bool {
	set := map[ssa.Instruction]bool{}
	for _, j := range m.Joins(s) {
		if j.orders(m, a) {
			set[j.Instr] = true
		}
	}
	return set
}

// RunsWith reports whether instr, an instruction of the function that
// started s, can run while the goroutine's access a (an instruction of the
// goroutine's code, or nil for any) has not been ordered before it: some
// path from the spawn reaches instr without passing a join of s that orders
// a, nor fresh (nil for none).
func (m *Model) RunsWith(s *Spawn, a, instr, fresh ssa.Instruction) bool {
	if m == nil || s == nil || s.Instr == nil || instr == nil {
		return false
	}
	stop := m.joinSet(s, a)
	if fresh != nil {
		stop[fresh] = true
	}
	return m.pathAvoiding(s.Instr, instr, stop)
}

// Repeats reports whether s can start a goroutine again while the one it
// started before may still be at access a (nil for any): s lies on a cycle
// that passes neither a join of s ordering a nor fresh.
func (m *Model) Repeats(s *Spawn, a, fresh ssa.Instruction) bool {
	if !s.InLoop() {
		return false
	}
	return m.RunsWith(s, a, s.Instr, fresh)
}

// Overlap reports whether the goroutines started by s and t, two spawns of
// one function, can run at the same time, with s's goroutine at access a
// and t's at access b (nil for any): one spawn reaches the other without
// passing a join of the first (or fresh).
func (m *Model) Overlap(s, t *Spawn, a, b, fresh ssa.Instruction) bool {
	if m == nil || s == nil || t == nil || s.Func != t.Func {
		return false
	}
	return m.RunsWith(s, a, t.Instr, fresh) || m.RunsWith(t, b, s.Instr, fresh)
}

// WaitsBefore reports whether the code of the goroutine started by s can
// block on a receive, a WaitGroup or sync.Cond Wait, or a call that
// receives or waits (by its facts, or through an interface that a type of
// the package implements with a method that waits), before its access a: a may then be ordered after
// something the spawner does after the spawn. When a lies in a literal the
// goroutine calls, any such operation of the enclosing functions, up to
// the goroutine's, counts.
func (m *Model) WaitsBefore(s *Spawn, a ssa.Instruction) bool {
	if m == nil || s == nil || s.Target == nil || a == nil || a.Parent() == nil {
		return false
	}
	for fn := a.Parent(); fn != nil; fn = fn.Parent() {
		same := fn == a.Parent()
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if !waits(m, instr) {
					continue
				}
				if !same || m.Reaches(instr, a) {
					return true
				}
			}
		}
		if fn == s.Target {
			break
		}
	}
	return false
}

// waits reports whether instr is a receive, a select with a receive case, a
// Wait of the sync package or a call whose facts say it receives or waits.
func waits(m *Model, instr ssa.Instruction) bool {
	switch in := instr.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.RecvOnly {
				return true
			}
		}
	case ssa.CallInstruction:
		if _, ok := in.(*ssa.Go); ok {
			return false
		}
		if in.Common().IsInvoke() {
			return m.implWaits(in.Common())
		}
		callee := in.Common().StaticCallee()
		if callee == nil {
			return false
		}
		obj, ok := callee.Object().(*types.Func)
		if !ok || obj.Pkg() == nil {
			return false
		}
		if obj.Name() == "Wait" && (obj.Pkg().Path() == pathSync || obj.Pkg().Path() == pathErrgroup) {
			return true
		}
		if f := m.ParamOpsOf(obj); f != nil {
			for _, o := range f.Ops {
				if o.Op == OpRecv || o.Op == OpWait {
					return true
				}
			}
		}
	}
	return false
}

// implWaits reports whether a call through an interface may wait: a type
// of this package that implements the interface has a method of that name
// whose own code receives or waits, or whose facts say it does (a fake
// rate limiter whose Accept waits on a WaitGroup that Stop releases).
func (m *Model) implWaits(c *ssa.CallCommon) bool {
	iface, ok := c.Value.Type().Underlying().(*types.Interface)
	if !ok || m.SSA == nil || m.Pkg == nil {
		return false
	}
	key := c.Method
	m.b.implMu.Lock() // checks query the model in parallel
	defer m.b.implMu.Unlock()
	if v, ok := m.b.implWait[key]; ok {
		return v
	}
	found := false
	scope := m.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if _, isIface := tn.Type().Underlying().(*types.Interface); isIface {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			if !types.Implements(t, iface) {
				continue
			}
			sel := m.SSA.Prog.MethodSets.MethodSet(t).Lookup(c.Method.Pkg(), c.Method.Name())
			if sel == nil {
				continue
			}
			fn := m.SSA.Prog.MethodValue(sel)
			if fn == nil || fn.Pkg != m.SSA {
				continue
			}
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().IsInvoke() {
						continue // one level: not through another interface
					}
					if waits(m, instr) {
						found = true
					}
				}
			}
			break
		}
		if found {
			break
		}
	}
	m.b.implWait[key] = found
	return found
}

// pathAvoiding reports whether some path from from (exclusive) reaches to
// without passing an instruction of stop. from may be to: the path then
// goes around a cycle. When a block is a loop's header whose body holds a
// stop (a "for i := 0; i < n; i++ { <-done }" that collects the
// goroutines' results), the edge that skips the body is not taken: the loop
// is taken to run, and its joins to wait (graph.exits). It is answered from
// the function's index (graph.go), with one search per source and stop set.
func (m *Model) pathAvoiding(from, to ssa.Instruction, stop map[ssa.Instruction]bool) bool {
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || fb.Parent() != tb.Parent() {
		return false
	}
	g := m.graphOf(fb.Parent())
	if g == nil || !g.mine(from) || !g.mine(to) {
		return false
	}
	return g.pathAvoiding(from, to, stop, loopsRun, nil)
}

// CommonLock reports whether the accesses a and b hold a common mutex on
// every path: a is an access of the goroutine started by s (or of the
// spawner when s is nil), b of the goroutine started by t (or of the
// spawner when t is nil). Mutexes are compared in the spawner's terms. A
// write must hold the mutex for writing (Lock, not RLock).
func (m *Model) CommonLock(s *Spawn, a ssa.Instruction, aWrite bool, t *Spawn, b ssa.Instruction, bWrite bool) bool {
	held := func(sp *Spawn, x ssa.Instruction, write bool) []Ref {
		var out []Ref
		for _, h := range m.HeldAt(x) {
			if write && h.Read {
				continue
			}
			r := h.Mutex
			if sp != nil {
				r = m.InSpawner(sp, r)
			}
			out = append(out, r)
		}
		return out
	}
	for _, ra := range held(s, a, aWrite) {
		for _, rb := range held(t, b, bWrite) {
			if ra.Same(rb) {
				return true
			}
		}
	}
	return false
}

// Access is one access to an object shared by a spawner and its
// goroutines: the instruction, whether it writes, and the goroutine that
// performs it (nil for the spawner).
type Access struct {
	Instr ssa.Instruction
	Write bool
	Spawn *Spawn
}

// Locked reports whether the accesses a and b may be ordered by a lock:
// they hold a common mutex (CommonLock), or both may hold locks that cannot
// be named (MaybeLocked; for the spawner, also MaybeLockedByCaller).
func (m *Model) Locked(a, b Access) bool {
	if m.CommonLock(a.Spawn, a.Instr, a.Write, b.Spawn, b.Instr, b.Write) {
		return true
	}
	return m.maybeLockedAt(a) && m.maybeLockedAt(b)
}

func (m *Model) maybeLockedAt(a Access) bool {
	var top *ssa.Function
	if a.Spawn != nil {
		top = a.Spawn.Target
	}
	if m.MaybeLocked(a.Instr, top) {
		return true
	}
	return a.Spawn == nil && m.MaybeLockedByCaller(a.Instr.Parent())
}

// MaybeLocked reports whether a mutex or lock of any kind may be held at
// instr: a mutex may be held there (MayHeldAt), or a call of a function or
// method whose name says it locks (lock, RLock, TryLock, mustLock…, or one
// whose facts say it locks) can run before instr in its function, or an
// enclosing function of instr's literal, up to top (nil: all), locks at
// all. Checks use it to stay silent when a lock they cannot name may order
// two accesses.
func (m *Model) MaybeLocked(instr ssa.Instruction, top *ssa.Function) bool {
	if m == nil || instr == nil || instr.Parent() == nil {
		return false
	}
	if len(m.MayHeldAt(instr)) > 0 || m.releasesCallerLock(instr) {
		return true
	}
	for fn := instr.Parent(); fn != nil; fn = fn.Parent() {
		same := fn == instr.Parent()
		if mf := m.Func(fn); mf != nil && !same {
			for _, op := range mf.LockOps {
				if op.Kind != Unlock && op.Kind != RUnlock {
					return true
				}
			}
		}
		for _, in := range m.lockCalls(fn) {
			if !same || m.Reaches(in, instr) {
				return true
			}
		}
		if fn == top {
			break
		}
	}
	return false
}

// lockCalls returns the instructions of fn that call a function that
// locks (locksCall), computed once per function.
func (m *Model) lockCalls(fn *ssa.Function) []ssa.Instruction {
	m.memoMu.Lock()
	defer m.memoMu.Unlock()
	if calls, ok := m.lockCallsOf[fn]; ok {
		return calls
	}
	var calls []ssa.Instruction
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			if m.locksCall(in) {
				calls = append(calls, in)
			}
		}
	}
	if m.lockCallsOf == nil {
		m.lockCallsOf = map[*ssa.Function][]ssa.Instruction{}
	}
	m.lockCallsOf[fn] = calls
	return calls
}

// callsOf returns the calls, in the package's source functions, whose
// static callee is fn; the index is built once per package.
func (m *Model) callsOf(fn *ssa.Function) []ssa.CallInstruction {
	m.memoMu.Lock()
	defer m.memoMu.Unlock()
	if m.callers == nil {
		m.callers = map[*ssa.Function][]ssa.CallInstruction{}
		m.b.eachInstr(func(instr ssa.Instruction) {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if callee := c.Common().StaticCallee(); callee != nil {
					m.callers[callee] = append(m.callers[callee], c)
				}
			}
		})
	}
	return m.callers[fn]
}

// Callers returns the calls of fn in the package, and whether they are
// all the calls fn can have: fn is a literal called directly and handed
// nowhere, or an unexported function or method of the package that is
// never used as a value and, for a method, never invoked through an
// interface method of its name.
func (m *Model) Callers(fn *ssa.Function) ([]ssa.CallInstruction, bool) {
	if m == nil || m.b == nil || fn == nil {
		return nil, false
	}
	if fn.Parent() != nil {
		if m.usedAsValue(fn) {
			return nil, false
		}
		for _, c := range m.b.calls[fn] {
			switch c.(type) {
			case *ssa.Go, *ssa.Defer:
				return nil, false
			}
		}
		return m.b.calls[fn], len(m.b.calls[fn]) > 0
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || obj.Pkg() != m.Pkg || fn.Synthetic != "" {
		return nil, false
	}
	calls := m.callsOf(fn)
	known := !m.usedAsValue(fn) && (fn.Signature.Recv() == nil || !m.invokedName(fn.Name()))
	for _, c := range calls {
		switch c.(type) {
		case *ssa.Go, *ssa.Defer:
			known = false // runs later, under a lock state of its own
		}
	}
	return calls, known && len(calls) > 0
}

// usedAsValue reports whether fn is used other than by calling it: a
// function value (stored, passed, returned, a bound method value), or a
// literal handed to other code. Its callers are then not all known. The
// index is built once per package, with the names of the methods invoked
// through interfaces (invokedName).
func (m *Model) usedAsValue(fn *ssa.Function) bool {
	m.indexUses()
	if fn.Parent() != nil && m.b.escapes[fn] {
		return true
	}
	return m.valueUses[fn]
}

// invokedName reports whether the package invokes a method named name
// through an interface.
func (m *Model) invokedName(name string) bool {
	m.indexUses()
	return m.invoked[name]
}

func (m *Model) indexUses() {
	m.memoMu.Lock()
	defer m.memoMu.Unlock()
	if m.valueUses != nil {
		return
	}
	m.valueUses = map[*ssa.Function]bool{}
	m.invoked = map[string]bool{}
	m.b.eachInstr(func(instr ssa.Instruction) {
		var ops []*ssa.Value
		switch in := instr.(type) {
		case ssa.CallInstruction:
			if in.Common().IsInvoke() {
				m.invoked[in.Common().Method.Name()] = true
			}
			ops = in.Common().Operands(nil)[1:] // the callee is called, not used
		case *ssa.MakeClosure:
			ops = in.Operands(nil)[1:] // a literal's creation is not a use (b.escapes says where it goes)
		default:
			ops = instr.Operands(nil)
		}
		for _, op := range ops {
			switch v := (*op).(type) {
			case *ssa.Function:
				m.valueUses[v] = true
			case *ssa.MakeClosure:
				if t := boundTarget(v); t != nil {
					m.valueUses[t] = true
				}
			}
		}
	})
}

// releasesCallerLock reports whether instr's function releases, after
// instr, a mutex it did not lock itself: an Unlock reachable from instr at
// which its own operations do not hold the mutex, or a deferred Unlock of
// a mutex it never locks. The caller locked it: instr runs under it (a
// StartCollection that locks and a Finish that unlocks).
func (m *Model) releasesCallerLock(instr ssa.Instruction) bool {
	f := m.Func(instr.Parent())
	if f == nil {
		return false
	}
	for _, op := range f.LockOps {
		if op.Kind != Unlock && op.Kind != RUnlock || !op.Deferred && !m.Reaches(instr, op.Instr) {
			continue
		}
		if !m.LockedBefore(f, op) {
			return true
		}
	}
	return false
}

// LockedBefore reports whether f locks the mutex its unlock op releases
// itself: op is a deferred unlock of a mutex f locks, or an unlock at which
// f's own operations may hold it. When not, f releases a lock its caller,
// or the function that started it, took: a lock handed over.
func (m *Model) LockedBefore(f *Func, op *LockOp) bool {
	if op.Deferred {
		return slices.ContainsFunc(f.LockOps, func(l *LockOp) bool {
			return !l.Deferred && l.Kind != Unlock && l.Kind != RUnlock && l.Mutex.Same(op.Mutex)
		})
	}
	return slices.ContainsFunc(m.MayHeldAt(op.Instr), func(h Held) bool { return h.Mutex.Same(op.Mutex) })
}

// locksCall reports whether instr calls a function that locks: by its name,
// or by its facts.
func (m *Model) locksCall(instr ssa.Instruction) bool {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isGo := c.(*ssa.Go); isGo {
		return false
	}
	common := c.Common()
	var name string
	if common.IsInvoke() {
		name = common.Method.Name()
	} else if callee := common.StaticCallee(); callee != nil {
		name = callee.Name()
		if obj, ok := callee.Object().(*types.Func); ok {
			if obj.Pkg() != nil && obj.Pkg().Path() == pathSync {
				return false // mutex operations: see MayHeldAt
			}
			if f := m.ParamOpsOf(obj); f != nil {
				for _, o := range f.Ops {
					if o.Op == OpLock || o.Op == OpRLock {
						return true
					}
				}
			}
		}
	} else {
		return false
	}
	return lockName(name)
}

func lockName(name string) bool {
	l := strings.ToLower(name)
	if strings.HasSuffix(l, "unlock") || strings.HasSuffix(l, "block") {
		return false
	}
	return strings.HasPrefix(l, "lock") || strings.HasPrefix(l, "rlock") || strings.HasPrefix(l, "trylock") || strings.HasSuffix(l, "lock")
}

// MaybeLockedByCaller reports whether fn (a declared function or method,
// or a literal inside one) may run with a lock its caller holds: its name
// says so (fooLocked), its documentation speaks of holding a lock, or a
// call of it in this package may run with a lock held.
func (m *Model) MaybeLockedByCaller(fn *ssa.Function) bool {
	if m == nil || m.b == nil || fn == nil {
		return false
	}
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if strings.Contains(strings.ToLower(fn.Name()), "locked") {
		return true
	}
	if fd, ok := fn.Syntax().(*ast.FuncDecl); ok && fd.Doc != nil {
		text := strings.ToLower(fd.Doc.Text())
		for _, k := range []string{"lock", "hold", "held", "mutex"} {
			if strings.Contains(text, k) {
				return true
			}
		}
	}
	for _, c := range m.callsOf(fn) {
		if m.MaybeLocked(c, nil) {
			return true
		}
	}
	return false
}

// WinnerOnly reports whether instr runs only where a bool result of a call
// said so (if tryClaim() { … }, if _, ok := attempt(); ok { … },
// if atomic.CompareAndSwapInt32(…) { … }): the call is taken to pick one
// winner among the goroutines, as a claim or compare-and-swap does.
func WinnerOnly(instr ssa.Instruction) bool {
	return branchesOn(instr, func(iff *ssa.If, branch int) bool {
		if branch != 0 || len(iff.Block().Succs[0].Preds) != 1 {
			return false
		}
		switch c := iff.Cond.(type) {
		case *ssa.Call:
			return true
		case *ssa.Extract:
			_, ok := c.Tuple.(*ssa.Call)
			return ok
		}
		return false
	})
}

// branchesOn reports whether test holds for some if of instr's function
// one of whose branches (0: then, 1: else) dominates instr: instr runs
// only where that if's condition went that way.
func branchesOn(instr ssa.Instruction, test func(iff *ssa.If, branch int) bool) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	for _, blk := range b.Parent().Blocks {
		if len(blk.Instrs) == 0 || len(blk.Succs) != 2 {
			continue
		}
		iff, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		for i, succ := range blk.Succs {
			if succ.Dominates(b) && test(iff, i) {
				return true
			}
		}
	}
	return false
}

package holdblock

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "holdblock",
	Doc:      checkdoc.MustExtract(doc, "holdblock"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/holdblock",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m == nil || m.SSA == nil {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		m:        m,
		acquires: map[*ssa.Function][]acquire{},
		fields:   map[*types.Var]bool{},
		globals:  map[*ssa.Global]bool{},
		unbuf:    map[home]bool{},
	}
	c.conds()
	c.groups()
	for _, f := range m.Funcs {
		if f.File == nil || f.Fn == nil || srcedit.Generated(f.File) || m.Oversized(pass, pass.Analyzer.Name, f.Fn) {
			continue
		}
		for _, op := range f.ChanOps {
			c.chanOp(op)
		}
		c.calls(f)
		c.waitCalls(f)
		for _, op := range f.WGOps {
			if op.Kind == model.Wait && !op.Deferred {
				c.wait(op)
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	m        *model.Model
	acquires map[*ssa.Function][]acquire // memo of acquiresOf
	fields   map[*types.Var]bool         // memo of fieldConfined
	globals  map[*ssa.Global]bool        // memo of globalConfined
	unbuf    map[home]bool               // memo of unbuffered
}

// need is where the other side acquires the held mutex before its
// operation: a Lock or RLock of its own, or a call that locks.
type need struct {
	pos   token.Pos
	fn    *model.Func
	read  bool            // the other side read-locks
	via   string          // the function of the package that locks, when not fn itself
	instr ssa.Instruction // the Lock, or the call that locks
}

// chanOp checks a blocking channel operation.
func (c *checker) chanOp(op *model.ChanOp) {
	switch {
	case blocks(op):
		c.checkChan(op, op.Func, op.Instr, op.Chan, nil)
	case op.Select != nil && op == op.Select.Cases[0]:
		c.selectOp(op.Select)
	}
}

// blocks reports whether op waits for the other side with no way out.
func blocks(op *model.ChanOp) bool {
	if op.Kind == model.Close || op.Deferred {
		return false
	}
	// A select with a default, or another case (ctx.Done(), a timer, a
	// quit channel), has a way out.
	return op.Select == nil || !op.Select.HasDefault && len(op.Select.Cases) == 1
}

// calls checks the calls f makes, while holding a mutex, of functions of
// the package that block on a channel in their own code.
func (c *checker) calls(f *model.Func) {
	for _, blk := range f.Fn.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Common().StaticCallee()
			if !c.ownCode(callee) || callee == f.Fn || len(c.m.HeldAt(call)) == 0 {
				continue
			}
			ops, rel, ok := c.helperOps(callee, call.Common().Args, 1, map[*ssa.Function]bool{f.Fn: true})
			if !ok || len(ops) == 0 || c.releasesHeld(call, rel) {
				continue // cannot tell, or the helper drops the lock around its wait
			}
			for _, h := range ops {
				if c.checkChan(h.op, f, call, h.ch, call) {
					break // one report per call
				}
			}
		}
	}
}

// ownCode reports whether fn is a function of the package whose code
// the model has, not a generic instance.
func (c *checker) ownCode(fn *ssa.Function) bool {
	return fn != nil && fn.Pkg == c.m.SSA && fn.Origin() == nil && c.m.Func(fn) != nil
}

// helperOp is a blocking channel operation a helper performs, itself or
// through the functions of the package it calls, with its channel in the
// terms of the helper's caller.
type helperOp struct {
	op *model.ChanOp
	ch model.Ref
}

// helperOps returns the blocking channel operations callee, called with
// args, performs itself or through calls of the package's functions (up
// to maxDepth calls from the caller), and the mutexes it unlocks on the
// way, in the caller's terms; ok is false when an unlock's mutex cannot be
// put in those terms.
func (c *checker) helperOps(callee *ssa.Function, args []ssa.Value, depth int, seen map[*ssa.Function]bool) (ops []helperOp, rel []model.Ref, ok bool) {
	cf := c.m.Func(callee)
	if cf == nil || seen[callee] {
		return nil, nil, true
	}
	seen[callee] = true
	defer delete(seen, callee)
	for _, op := range cf.LockOps {
		if op.Kind != model.Unlock && op.Kind != model.RUnlock {
			continue
		}
		r, ok := c.translate(op.Mutex, callee, args)
		if !ok {
			return nil, nil, false
		}
		rel = append(rel, r)
	}
	for _, op := range cf.ChanOps {
		if !blocks(op) {
			continue
		}
		if ch, ok := c.translate(op.Chan, callee, args); ok {
			ops = append(ops, helperOp{op, ch})
		}
	}
	if depth >= maxDepth {
		return ops, rel, true
	}
	for _, blk := range callee.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok || !c.ownCode(call.Common().StaticCallee()) {
				continue
			}
			inner, innerRel, ok := c.helperOps(call.Common().StaticCallee(), call.Common().Args, depth+1, seen)
			if !ok {
				return nil, nil, false
			}
			for _, r := range innerRel {
				t, ok := c.translate(r, callee, args)
				if !ok {
					return nil, nil, false
				}
				rel = append(rel, t)
			}
			for _, h := range inner {
				if t, ok := c.translate(h.ch, callee, args); ok {
					ops = append(ops, helperOp{h.op, t})
				}
			}
		}
	}
	return ops, rel, true
}

// releasesHeld reports whether one of rel, the mutexes a helper unlocks,
// is held at call.
func (c *checker) releasesHeld(call ssa.Instruction, rel []model.Ref) bool {
	for _, h := range c.m.HeldAt(call) {
		for _, r := range rel {
			if c.same(r, h.Mutex) {
				return true
			}
		}
	}
	return false
}

// translate returns r, a Ref of callee, in the terms of a caller passing
// args: a parameter becomes the argument; a package variable or a variable
// of an enclosing function stays.
func (c *checker) translate(r model.Ref, callee *ssa.Function, args []ssa.Value) (model.Ref, bool) {
	if p := r.Param(); p != nil && p.Parent() == callee {
		i := slices.Index(callee.Params, p)
		if i < 0 || i >= len(args) {
			return model.Ref{}, false
		}
		base := c.m.Ref(args[i])
		if !base.Valid() {
			return model.Ref{}, false
		}
		return model.Ref{Root: base.Root, Fields: append(slices.Clip(base.Fields), r.Fields...)}, true
	}
	if _, ok := r.Root.(*ssa.Global); ok || c.outerRoot(r.Root, callee) {
		return r, true
	}
	return model.Ref{}, false
}

// checkChan checks op, a blocking operation on channel ch performed by f at
// instruction at: op itself, or a call of the function performing it. It
// reports whether it reported.
func (c *checker) checkChan(op *model.ChanOp, f *model.Func, at ssa.Instruction, ch model.Ref, call *ssa.Call) bool {
	held := c.heldAt(f, at)
	if len(held) == 0 {
		return false
	}
	others, ok := c.unblockers(op, ch)
	if !ok {
		return false
	}
	for _, h := range held {
		if x, n, ok := c.allNeed(others, f, ch, h); ok {
			c.reportChan(op, call, h, x, n)
			return true
		}
	}
	return false
}

// unblockers returns the operations that can unblock op, an operation on
// channel ch, or false when they are not all known: the channel is buffered,
// leaves the code the package sees, or has none.
func (c *checker) unblockers(op *model.ChanOp, ch model.Ref) ([]*model.ChanOp, bool) {
	if !c.confined(ch) || !c.unbuffered(ch) {
		return nil, false
	}
	var others []*model.ChanOp
	for _, g := range c.m.Funcs {
		for _, x := range g.ChanOps {
			if x == op || !complement(op.Kind, x.Kind) {
				continue
			}
			switch {
			case c.sameIn(g, x.Chan, ch):
				others = append(others, x)
			case sameField(x.Chan, ch):
				// The same field of a value not known to be this one
				// (a parameter, another variable): the channel's other
				// side is not known.
				return nil, false
			}
		}
	}
	return others, len(others) > 0
}

// allNeed reports whether every operation of others, which can unblock an
// operation of f on channel ch, comes after a Lock of the mutex of h; it
// returns the first and where it locks.
func (c *checker) allNeed(others []*model.ChanOp, f *model.Func, ch model.Ref, h model.Held) (*model.ChanOp, need, bool) {
	// A channel made in a loop is a new channel on each turn: a Lock
	// reaches the other side's operation on the same channel only on a
	// path that does not make it again.
	var mk ssa.Instruction
	if m, ok := ch.Root.(*ssa.MakeChan); ok {
		mk = m
	}
	var first need
	for i, x := range others {
		n, ok := c.needs(x.Func, x.Instr, x.Deferred, h, spawnedBy(x.Func, f.Fn), mk)
		if !ok {
			return nil, need{}, false
		}
		if i == 0 {
			first = n
		}
	}
	return others[0], first, true
}

// selectOp checks a select without default whose every case waits for a
// goroutine that needs a mutex held at the select.
func (c *checker) selectOp(sel *model.Select) {
	if sel.HasDefault || len(sel.Cases) < 2 {
		return
	}
	f := sel.Cases[0].Func
	held := c.heldAt(f, sel.Instr)
	if len(held) == 0 {
		return
	}
	type unblock struct {
		op, x *model.ChanOp
		n     need
	}
	cases := make([][]*model.ChanOp, len(sel.Cases))
	for i, op := range sel.Cases {
		others, ok := c.unblockers(op, op.Chan)
		if !ok {
			return // a way out: ctx.Done(), a timer, a channel not seen
		}
		cases[i] = others
	}
held:
	for _, h := range held {
		var first unblock
		for i, op := range sel.Cases {
			x, n, ok := c.allNeed(cases[i], f, op.Chan, h)
			if !ok {
				continue held
			}
			if i == 0 {
				first = unblock{op, x, n}
			}
		}
		c.reportSelect(sel, h, first.op, first.x, first.n)
		return
	}
}

// sameField reports whether r and o end in the same field.
func sameField(r, o model.Ref) bool {
	return len(r.Fields) > 0 && len(o.Fields) > 0 && r.Fields[len(r.Fields)-1].Origin() == o.Fields[len(o.Fields)-1].Origin()
}

// complement reports whether an operation of kind x can unblock one of
// kind k: a receive a send, a send or close a receive.
func complement(k, x model.ChanOpKind) bool {
	switch k {
	case model.Send:
		return x == model.Recv || x == model.Range
	case model.Recv, model.Range:
		return x == model.Send || x == model.Close
	}
	return false
}

// wait checks wg.Wait.
func (c *checker) wait(op *model.WGOp) {
	c.waitOn(op.Func, op.Instr, op.WG, nil, func(h model.Held, f *model.Func, n need) {
		c.reportWait(op, h, f, n)
	})
}

// waitCalls checks the calls of f of a function that waits on a
// WaitGroup it is given (by its ParamOps fact: a helper of this package or
// another's), as wait checks wg.Wait.
func (c *checker) waitCalls(f *model.Func) {
	for _, call := range f.Calls {
		if _, deferred := call.Instr.(*ssa.Defer); deferred {
			continue
		}
		for _, o := range call.Ops {
			if o.Op != model.OpWait || !o.Ref.Valid() || !c.waitReached(call, o.Ref) {
				continue
			}
			if c.waitOn(f, call.Instr, o.Ref, call, func(h model.Held, g *model.Func, n need) {
				c.reportWaitCall(call, o.Ref, h, g, n)
			}) {
				break // one report per call
			}
		}
	}
}

// waitReached reports whether the helper call makes reaches a Wait on wg
// (in the caller's terms) on some path the call's boolean constants leave
// (model.CallReaches). Its fact says only that some path waits, so a
// helper of another package called with a boolean constant is left alone.
func (c *checker) waitReached(call *model.Call, wg model.Ref) bool {
	if !model.BoolArgs(call.Instr) {
		return true
	}
	callee := call.Instr.Common().StaticCallee()
	if !c.ownCode(callee) {
		return false
	}
	cf := c.m.Func(callee)
	waits := map[ssa.Instruction]bool{}
	for _, op := range cf.WGOps {
		if r, ok := c.m.InCaller(call.Instr, callee, op.WG); ok && op.Kind == model.Wait && !op.Deferred && r.Same(wg) {
			waits[op.Instr] = true
		}
	}
	for _, cc := range cf.Calls {
		for _, o := range cc.Ops {
			if r, ok := c.m.InCaller(call.Instr, callee, o.Ref); ok && o.Op == model.OpWait && r.Same(wg) {
				waits[cc.Instr] = true
			}
		}
	}
	return c.m.CallReaches(call.Instr, callee, func(in ssa.Instruction) bool { return waits[in] })
}

// waitOn reports, through report, a wait on wg at instr of f while f holds
// a mutex that a goroutine wg counts locks before its Done (or, for
// wg.Go, before it returns). call, when not nil, is the call of a helper
// that waits: a mutex the helper releases is not held during its wait. It
// reports whether it reported.
func (c *checker) waitOn(f *model.Func, instr ssa.Instruction, wg model.Ref, call *model.Call, report func(model.Held, *model.Func, need)) bool {
	held := c.heldAt(f, instr)
	if len(held) == 0 {
		return false
	}
	if call != nil {
		if callee := call.Instr.Common().StaticCallee(); c.ownCode(callee) {
			_, rel, ok := c.helperOps(callee, call.Instr.Common().Args, 1, map[*ssa.Function]bool{f.Fn: true})
			if !ok || c.releasesHeld(call.Instr, rel) {
				return false // cannot tell, or the helper drops the lock around its wait
			}
		}
	}
	for _, h := range held {
		if h.Lock == nil {
			continue
		}
		if call != nil && (call.Has(model.OpUnlock, h.Mutex) || call.Has(model.OpRUnlock, h.Mutex)) {
			continue // the helper releases it
		}
		for _, g := range c.m.Funcs {
			if g == f {
				continue
			}
			for _, x := range g.WGOps {
				if x.Kind != model.Done || !c.sameIn(g, x.WG, wg) {
					continue
				}
				if n, ok := c.needs(g, x.Instr, x.Deferred, h, true, nil); ok {
					report(h, g, n)
					return true
				}
			}
		}
		for _, s := range c.m.Spawns {
			if s.Kind != model.WaitGroupGo || s.Body == nil || s.Body == f || !c.same(s.Group, wg) {
				continue
			}
			// wg.Go calls Done when the function returns: any Lock of
			// the function comes before it.
			if n, ok := c.needs(s.Body, nil, true, h, true, nil); ok {
				report(h, s.Body, n)
				return true
			}
		}
	}
	return false
}

// groups checks errgroup's g.Wait() as wait checks wg.Wait.
func (c *checker) groups() {
	for _, fn := range c.m.SourceFuncs() {
		f := c.m.Func(fn)
		if f == nil || f.File == nil || srcedit.Generated(f.File) || c.m.Oversized(c.pass, c.pass.Analyzer.Name, fn) {
			continue
		}
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || !isGroupWait(call) {
					continue
				}
				c.groupWait(f, call)
			}
		}
	}
}

func isGroupWait(call *ssa.Call) bool {
	callee := call.Common().StaticCallee()
	if callee == nil || len(call.Common().Args) != 1 {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "golang.org/x/sync/errgroup" || obj.Name() != "Wait" {
		return false
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Group"
}

func (c *checker) groupWait(f *model.Func, call *ssa.Call) {
	held := c.heldAt(f, call)
	if len(held) == 0 {
		return
	}
	g := c.m.Ref(call.Common().Args[0])
	for _, h := range held {
		for _, s := range c.m.Spawns {
			if s.Kind != model.ErrgroupGo || s.Body == nil || s.Body == f || !c.same(s.Group, g) {
				continue
			}
			if n, ok := c.needs(s.Body, nil, true, h, true, nil); ok {
				name := c.recvName(c.m.CallSyntax(call), g)
				mu := c.mutexName(h)
				who := describe(s.Body)
				c.pass.Report(analysis.Diagnostic{
					Pos:      callPos(c.m, call),
					Category: "holdblock",
					Message: fmt.Sprintf("%s.Wait blocks while holding %s, and a goroutine it waits for (%s) %s before it returns; release the lock before waiting",
						name, mu, who, c.needText(n, mu, token.NoPos)),
					Related: []analysis.RelatedInformation{
						{Pos: h.Lock.Pos, Message: mu + " is locked here"},
						{Pos: n.pos, Message: who + " " + n.verb() + " " + mu + " here" + n.where()},
					},
				})
				return
			}
		}
	}
}

// spawnedBy reports whether f is a goroutine started by fn: its Lock and
// fn's race from the start, whatever f did before.
func spawnedBy(f *model.Func, fn *ssa.Function) bool {
	for _, s := range f.SpawnedBy {
		if s.Func.Fn == fn {
			return true
		}
	}
	return false
}

// heldAt returns the mutexes f holds at instr (see model.HeldAt), leaving
// out those another function unlocks without locking them first: a lock
// handed over to another goroutine, which releases it.
func (c *checker) heldAt(f *model.Func, instr ssa.Instruction) []model.Held {
	var out []model.Held
	for _, h := range c.m.HeldAt(instr) {
		if h.Lock != nil && !c.handedOff(f, h) {
			out = append(out, h)
		}
	}
	return out
}

func (c *checker) handedOff(f *model.Func, h model.Held) bool {
	for _, g := range c.m.Funcs {
		if g == f || len(g.SpawnedBy) == 0 {
			continue // only goroutines: an unlock helper runs in f's
		}
		for _, op := range g.LockOps {
			if (op.Kind != model.Unlock && op.Kind != model.RUnlock) || !c.sameIn(g, op.Mutex, h.Mutex) {
				continue
			}
			if !c.m.LockedBefore(g, op) {
				return true
			}
		}
	}
	return false
}

// unbuffered reports whether every make of the channel r names that the
// package stores where r points is unbuffered (a buffered channel blocks
// only when full or empty, which depends on how many values are in flight:
// not reported). A field or package variable no make is stored to counts
// as unbuffered (it is nil here, or made elsewhere unseen).
func (c *checker) unbuffered(r model.Ref) bool {
	if mk, ok := r.Root.(*ssa.MakeChan); ok && len(r.Fields) == 0 {
		ch := c.m.ChanOf(mk)
		return ch != nil && ch.Cap == 0
	}
	var h home
	switch root := r.Root.(type) {
	case *ssa.Global:
		if len(r.Fields) > 0 {
			h.field = r.Fields[len(r.Fields)-1].Origin()
		} else {
			h.global = root
		}
	default:
		if len(r.Fields) == 0 {
			return false
		}
		h.field = r.Fields[len(r.Fields)-1].Origin()
	}
	if ok, done := c.unbuf[h]; done {
		return ok
	}
	ok := true
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				st, isStore := in.(*ssa.Store)
				if !isStore || !h.is(st.Addr) {
					continue
				}
				if mk, isMake := st.Val.(*ssa.MakeChan); isMake {
					if ch := c.m.ChanOf(mk); ch == nil || ch.Cap != 0 {
						ok = false
					}
				}
			}
		}
	}
	c.unbuf[h] = ok
	return ok
}

// needs reports whether function f, on its way to instr (to its return
// when atExit), acquires the mutex of h in a mode that conflicts with h:
// the mutex is held at instr, or a Lock of it (or a call of a function of
// the package that locks it) comes before instr. When loose, any Lock that
// reaches instr counts; otherwise only one in a loop (f takes the mutex
// again and again, as a consumer loop does between two receives), since a
// Lock that f passes once before instr is often how f publishes that it is
// about to wait (a channel made, or a waiter counted, under the lock), and
// the other side blocks only after seeing it.
func (c *checker) needs(f *model.Func, instr ssa.Instruction, atExit bool, h model.Held, loose bool, avoid ssa.Instruction) (need, bool) {
	conflicts := func(read bool) bool { return !h.Read || !read }
	if !atExit && instr != nil {
		for _, g := range c.m.HeldAt(instr) {
			if g.Lock != nil && conflicts(g.Read) && c.sameIn(f, g.Mutex, h.Mutex) {
				return need{pos: g.Lock.Pos, fn: f, read: g.Read}, true
			}
		}
	}
	reach := func(from ssa.Instruction) bool {
		if from.Block() == nil {
			return false
		}
		switch {
		case atExit || instr == nil:
			return loose || c.m.OnCycle(from.Block())
		case loose:
			return c.m.ReachesAvoiding(from, instr, avoid)
		default:
			return c.m.ReachesAvoiding(from, instr, avoid) && c.m.OnCycle(from.Block())
		}
	}
	for _, l := range f.LockOps {
		if l.Deferred || (l.Kind != model.Lock && l.Kind != model.RLock) {
			continue
		}
		if conflicts(l.Kind == model.RLock) && c.sameIn(f, l.Mutex, h.Mutex) && reach(l.Instr) {
			return need{pos: l.Pos, fn: f, read: l.Kind == model.RLock, instr: l.Instr}, true
		}
	}
	// Calls of lock helpers (this package or imported, by their
	// LockEffects fact).
	for _, lc := range c.m.LockCalls(f) {
		if lc.Deferred || (lc.Effect != model.EffectLocks && lc.Effect != model.EffectHolds) {
			continue
		}
		if conflicts(lc.Read) && c.sameIn(f, lc.Mutex, h.Mutex) && reach(lc.Instr) {
			return need{pos: lc.Pos, fn: f, read: lc.Read, via: lc.Callee.Name(), instr: lc.Instr}, true
		}
	}
	// Calls of functions of the package that lock.
	for _, blk := range f.Fn.Blocks {
		for _, in := range blk.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			for _, a := range c.callAcquires(call, 0) {
				if conflicts(a.read) && c.sameIn(f, a.mutex, h.Mutex) && reach(call) {
					return need{pos: callPos(c.m, call), fn: f, read: a.read, via: baseName(call.Common().StaticCallee()), instr: call}, true
				}
			}
		}
	}
	return need{}, false
}

func callPos(m *model.Model, call ssa.CallInstruction) token.Pos {
	if ce := m.CallSyntax(call); ce != nil {
		return ce.Pos()
	}
	return call.Pos()
}

// acquire is a mutex a function locks (and may release) during a call, in
// the function's own terms.
type acquire struct {
	mutex model.Ref
	read  bool
}

// maxDepth bounds the calls followed to find a Lock.
const maxDepth = 3

// acquiresOf returns the mutexes fn (a function of this package) locks
// with its own non-deferred Lock or RLock, or through the functions of the
// package it calls.
func (c *checker) acquiresOf(fn *ssa.Function, depth int) []acquire {
	if as, ok := c.acquires[fn]; ok {
		return as
	}
	c.acquires[fn] = nil // recursion
	var out []acquire
	if f := c.m.Func(fn); f != nil {
		for _, l := range f.LockOps {
			if !l.Deferred && (l.Kind == model.Lock || l.Kind == model.RLock) && l.Mutex.Valid() {
				out = append(out, acquire{mutex: l.Mutex, read: l.Kind == model.RLock})
			}
		}
	}
	if depth < maxDepth {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				if call, ok := in.(*ssa.Call); ok {
					out = append(out, c.callAcquires(call, depth+1)...)
				}
			}
		}
	}
	c.acquires[fn] = out
	return out
}

// callAcquires returns what the callee of call acquires, in the caller's
// terms: a mutex reached from a parameter of the callee is translated to
// the argument.
func (c *checker) callAcquires(call *ssa.Call, depth int) []acquire {
	callee := call.Common().StaticCallee()
	if callee == nil || callee.Pkg != c.m.SSA || len(callee.Blocks) == 0 {
		return nil
	}
	if o := callee.Origin(); o != nil {
		return nil // generic instances: not followed
	}
	var out []acquire
	args := call.Common().Args
	for _, a := range c.acquiresOf(callee, depth) {
		r := a.mutex
		if p := r.Param(); p != nil && p.Parent() != callee {
			if !c.outerRoot(p, callee) {
				continue // not in the callee's terms
			}
		} else if p != nil {
			i := slices.Index(callee.Params, p)
			if i < 0 || i >= len(args) {
				continue
			}
			base := c.m.Ref(args[i])
			if !base.Valid() {
				continue
			}
			r = model.Ref{Root: base.Root, Fields: append(slices.Clip(base.Fields), r.Fields...)}
		} else if _, ok := r.Root.(*ssa.Global); !ok && !c.outerRoot(r.Root, callee) {
			continue // a local of the callee
		}
		out = append(out, acquire{mutex: r, read: a.read})
	}
	return out
}

// outerRoot reports whether root is not local to fn: it belongs to a
// function enclosing fn (a literal's captured variable).
func (c *checker) outerRoot(root ssa.Value, fn *ssa.Function) bool {
	var owner *ssa.Function
	switch v := root.(type) {
	case ssa.Instruction:
		owner = v.Parent()
	case *ssa.Parameter:
		owner = v.Parent()
	default:
		return false
	}
	for p := fn.Parent(); p != nil; p = p.Parent() {
		if p == owner {
			return true
		}
	}
	return false
}

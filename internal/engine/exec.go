package engine

import (
	"go/token"
)

// exec runs one local (not visible) operation of goroutine gi. It returns
// (nil, true) to go on with s, (states, false) when the operation branched
// (each state has it done), and (nil, false) when the path ends.
func (e *explorer) exec(s *State, gi int, op *Op) ([]*State, bool) {
	g := s.Gs[gi]
	f := g.top()
	rd := func(a Arg) Val { return e.read(s, f, a) }
	switch op.Kind {
	case OpNop:
	case OpCopy:
		e.write(s, gi, op.Dst, rd(op.A))
	case OpFresh:
		e.write(s, gi, op.Dst, e.freshFor(s, f.Fn, op.Dst))
	case OpNonNil:
		e.write(s, gi, op.Dst, nonNil)
	case OpLookup:
		if m := rd(op.A); m.K == VUnc {
			e.write(s, gi, op.Dst, Val{K: VUnc})
			e.write(s, gi, op.Dst2, Val{K: VUnc})
		} else {
			e.write(s, gi, op.Dst, e.freshFor(s, f.Fn, op.Dst))
			e.write(s, gi, op.Dst2, e.freshFor(s, f.Fn, op.Dst2))
		}
	case OpIface:
		v := rd(op.A)
		if v.K != VObj {
			v = nonNil
		}
		e.write(s, gi, op.Dst, v)
	case OpUncertain:
		e.write(s, gi, op.Dst, Val{K: VUnc})
	case OpBinOp:
		a, b := rd(op.A), rd(op.B)
		outs := e.binop(s, token.Token(op.Aux), a, b)
		if len(outs) == 1 && outs[0].s == s {
			e.write(s, gi, op.Dst, outs[0].v)
			break
		}
		var res []*State
		for _, o := range outs {
			e.write(o.s, gi, op.Dst, o.v)
			e.advance(o.s, gi)
			res = append(res, o.s)
		}
		e.envFork(s, res, gi, op.ErrCheck, a, b)
		return res, false
	case OpNot:
		e.write(s, gi, op.Dst, not(rd(op.A)))
	case OpNeg:
		v := rd(op.A)
		if v.K == VInt {
			v.N = -v.N
		} else {
			v = top
		}
		e.write(s, gi, op.Dst, v)
	case OpLen:
		e.write(s, gi, op.Dst, e.length(s, rd(op.A)))
	case OpCap:
		v := rd(op.A)
		r := top
		if v.K == VObj && s.Objs[v.N].Kind == ObjChan {
			r = s.Objs[v.N].Cap
		}
		e.write(s, gi, op.Dst, r)
	case OpAppend:
		a, b := e.length(s, rd(op.A)), e.length(s, rd(op.B))
		r := top
		if a.K == VInt && b.K == VInt && a.N+b.N <= maxInt {
			r = Val{K: VSlice, N: a.N + b.N}
		} else if a.K == VUnc || b.K == VUnc {
			r = Val{K: VUnc}
		}
		e.write(s, gi, op.Dst, r)
	case OpSliceOf:
		e.write(s, gi, op.Dst, Val{K: VSlice, N: op.Aux})
	case OpMakeSlice:
		n := rd(op.A)
		r := top
		switch n.K {
		case VInt:
			r = Val{K: VSlice, N: n.N}
		case VSym:
			r = Val{K: VSliceSym, N: n.N}
		}
		e.write(s, gi, op.Dst, r)
	case OpMakeCell:
		e.write(s, gi, op.Dst, e.makeCell(s, op.Cell, false))
	case OpField:
		e.write(s, gi, op.Dst, e.field(s, rd(op.A), op.Field))
	case OpLoad:
		e.write(s, gi, op.Dst, e.load(s, rd(op.A), f.Fn, op.Dst))
	case OpStore:
		e.store(s, rd(op.A), rd(op.B))
	case OpEscape:
		e.escape(s, rd(op.A))
	case OpMakeChan:
		if !e.count(s, op.Site) {
			return nil, false
		}
		o := &Obj{Kind: ObjChan, Site: op.Site, Inst: s.Insts.get(op.Site, 0), Cap: e.capOf(s, f, rd(op.A)), L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		if e.over != nil && e.over.site == op.Site {
			switch {
			case e.over.inf:
				o.Cap = top
			case e.over.slot >= 0 && f.Fn == e.root && int(e.over.slot) < len(f.Slots):
				o.Cap = e.length(s, f.Slots[e.over.slot])
			default:
				o.Cap = intVal(e.over.n)
			}
		}
		if len(s.Objs) >= e.lim.Objects {
			e.hit(BoundObjects)
			return nil, false
		}
		e.write(s, gi, op.Dst, Val{K: VObj, N: int64(s.newObj(o))})
	case OpEnvChan:
		o := &Obj{Kind: ObjChan, Env: CapSend, Site: -1, Cap: intVal(1), Extern: true, L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		e.write(s, gi, op.Dst, Val{K: VObj, N: int64(s.newObj(o))})
	case OpClosure:
		binds := make([]Val, len(op.Args))
		for i, a := range op.Args {
			binds[i] = rd(a)
		}
		o := &Obj{Kind: ObjClosure, Site: -1, Fn: e.p.funcIndex(op.Fn), Bind: binds, L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		e.write(s, gi, op.Dst, Val{K: VObj, N: int64(s.newObj(o))})
	case OpCall:
		return e.call(s, gi, op)
	case OpGo:
		return e.spawn(s, gi, op)
	case OpDefer:
		args := make([]Val, len(op.Args))
		for i, a := range op.Args {
			args[i] = rd(a)
		}
		d := deferred{Fn: -1, Val: top, Args: args}
		if op.Fn != nil {
			d.Fn = e.p.funcIndex(op.Fn)
		} else {
			d.Val = rd(op.A)
		}
		fr := s.frame(gi)
		fr.Defers = append(fr.Defers, d)
	case OpRunDefers:
		fr := s.frame(gi)
		if len(fr.Defers) == 0 {
			break
		}
		d := fr.Defers[len(fr.Defers)-1]
		fr.Defers = fr.Defers[:len(fr.Defers)-1]
		callee := d.Val
		if d.Fn >= 0 {
			callee = Val{K: VFunc, N: int64(d.Fn)}
		}
		// The frame stays on RunDefers until no deferred call is left.
		return e.invoke(s, gi, callee, d.Args, nil, true)
	case OpHavoc:
		for _, a := range op.Args {
			e.escape(s, rd(a))
		}
		for _, d := range op.Dsts {
			e.write(s, gi, d, e.unknownFor(s, gi, f.Fn, d))
		}
	case OpFail:
		s.Fail = true
		if op.Aux == 1 {
			return nil, false
		}
	case OpUnlock:
		v := rd(op.A)
		if v.K == VObj {
			o := s.Objs[v.N]
			switch {
			case o.Kind != ObjMutex && o.Kind != ObjRWMutex:
			case op.Aux == 1:
				if o.Readers > 0 {
					s.obj(int32(v.N)).Readers--
				} else if !o.Extern {
					return nil, false // fatal: unlock of an unlocked mutex
				}
			default:
				if o.Writer {
					s.obj(int32(v.N)).Writer = false
				} else if !o.Extern {
					return nil, false
				}
			}
		}
	case OpWGAdd:
		v := rd(op.A)
		if v.K == VObj && s.Objs[v.N].Kind == ObjWG {
			o := s.obj(int32(v.N))
			d := rd(op.B)
			switch {
			case o.Count < 0:
			case d.K == VInt:
				o.Count += int32(d.N)
				if o.Count < 0 {
					if o.Extern {
						o.Count = -1
					} else {
						return nil, false // panic: negative WaitGroup counter
					}
				}
			default:
				o.Count = -1
			}
		}
	case OpGroupLimit:
		v := rd(op.A)
		if v.K == VObj && s.Objs[v.N].Kind == ObjGroup {
			n := rd(op.B)
			o := s.obj(int32(v.N))
			if n.K == VInt && n.N > 0 {
				o.Limit = int32(n.N)
			} else {
				o.Limit = 0
			}
		}
	case OpGroupCtx:
		gv, parent := rd(op.A), rd(op.B)
		c := e.newCtx(s, parent, false)
		if gv.K == VObj && s.Objs[gv.N].Kind == ObjGroup {
			s.obj(int32(gv.N)).GCtx = int32(c.N)
		}
		e.write(s, gi, op.Dst, c)
	case OpOnceDo:
		v := rd(op.A)
		if v.K == VObj && s.Objs[v.N].Kind == ObjOnce {
			if s.Objs[v.N].Done {
				break
			}
			s.obj(int32(v.N)).Done = true
		}
		return e.invoke(s, gi, rd(op.B), nil, nil, false)
	case OpCtxRoot:
		o := &Obj{Kind: ObjCtx, Site: -1, DoneCh: -1, L: -1, GCtx: -1, Parent: -1}
		e.write(s, gi, op.Dst, Val{K: VObj, N: int64(s.newObj(o))})
	case OpCtxWith:
		c := e.newCtx(s, rd(op.A), op.Aux == 1)
		e.write(s, gi, op.Dst, c)
		e.write(s, gi, op.Dst2, Val{K: VCancel, N: c.N})
	case OpCtxDone:
		v := rd(op.A)
		r := top
		if v.K == VObj && s.Objs[v.N].Kind == ObjCtx {
			r = e.ctxDone(s, int32(v.N))
		} else {
			o := &Obj{Kind: ObjChan, Env: CapClose, Site: -1, Cap: intVal(0), Extern: true, L: -1, GCtx: -1, DoneCh: -1, Parent: -1, CtxDone: true}
			r = Val{K: VObj, N: int64(s.newObj(o))}
		}
		e.write(s, gi, op.Dst, r)
	case OpCancel:
		v := rd(op.A)
		if v.K == VObj || v.K == VCancel {
			e.cancel(s, int32(v.N))
		}
	case OpMakeCond:
		l := rd(op.A)
		o := &Obj{Kind: ObjCond, Site: -1, L: -1, GCtx: -1, DoneCh: -1, Parent: -1}
		if l.K == VObj {
			o.L = int32(l.N)
		}
		e.write(s, gi, op.Dst, Val{K: VObj, N: int64(s.newObj(o))})
	}
	e.advance(s, gi)
	return nil, true
}

// count counts one more instance of a site on the path, and reports
// whether the bound allows it.
func (e *explorer) count(s *State, site int32) bool {
	n := s.Insts.get(site, 0) + 1
	s.Insts.set(site, n)
	if int(n) > e.lim.Instances {
		e.hit(BoundInstances)
		return false
	}
	return true
}

func (e *explorer) capOf(s *State, f *Frame, v Val) Val {
	switch v.K {
	case VInt:
		return v
	case VSym:
		// make panics on a negative size: the path goes on with size >= 0.
		if sy := s.Syms[v.N]; sy.Lo < 0 {
			sy.Lo = 0
			s.Syms[v.N] = sy
		}
		return v
	}
	return top
}

func (e *explorer) newCtx(s *State, parent Val, deadline bool) Val {
	done := &Obj{Kind: ObjChan, Site: -1, Cap: intVal(0), L: -1, GCtx: -1, DoneCh: -1, Parent: -1, CtxDone: true}
	if deadline {
		done.Env = CapClose
	}
	c := &Obj{Kind: ObjCtx, Site: -1, DoneCh: -1, L: -1, GCtx: -1, Parent: -1}
	var pi int32 = -1
	switch parent.K {
	case VObj:
		po := s.Objs[parent.N]
		if po.Kind == ObjCtx {
			pi = int32(parent.N)
			pd := e.ctxDone(s, pi)
			if pd.K == VObj {
				if s.Objs[pd.N].Env&CapClose != 0 {
					done.Env |= CapClose
				}
				if s.Objs[pd.N].Closed {
					done.Closed = true
				}
			}
		} else {
			done.Env |= CapClose
		}
	case VNil:
	default:
		done.Env |= CapClose
	}
	c.DoneCh = s.newObj(done)
	c.Parent = -1
	ci := s.newObj(c)
	if pi >= 0 && !s.Objs[pi].Extern {
		// Cancelling the parent cancels the child (an external parent's
		// cancellation is already the child's Done being closable).
		po := s.obj(pi)
		po.Children = append(po.Children, ci)
		s.obj(ci).Parent = pi
	}
	return Val{K: VObj, N: int64(ci)}
}

// length returns len(v).
func (e *explorer) length(s *State, v Val) Val {
	switch v.K {
	case VSlice:
		return intVal(v.N)
	case VSliceSym:
		return Val{K: VSym, N: v.N}
	case VNil:
		return intVal(0)
	case VUnc:
		return v
	case VObj:
		if o := s.Objs[v.N]; o.Kind == ObjChan {
			return intVal(int64(len(o.Buf)))
		}
	}
	return top
}

func not(v Val) Val {
	switch v.K {
	case VInt:
		return boolVal(v.N == 0)
	case VSym:
		return Val{K: VNot, N: v.N}
	case VNot:
		return Val{K: VSym, N: v.N}
	case VUnc:
		return v
	}
	return top
}

// makeCell makes a variable described by x: zero, or (external) unknown.
func (e *explorer) makeCell(s *State, x *ExtType, ext bool) Val {
	if x == nil {
		return nonNil
	}
	o := &Obj{Kind: x.Kind, Site: -1, Ext: x, L: -1, GCtx: -1, DoneCh: -1, Extern: ext, Parent: -1}
	if ext {
		o.Env = x.Caps
		if x.Kind == ObjWG || x.Kind == ObjGroup {
			o.Count = -1
		}
	}
	switch x.Kind {
	case ObjCell:
		if !ext {
			o.Content, o.Inited = zero(x), true
		}
	case ObjNone:
		o.Kind = ObjCell
		o.Content, o.Inited = top, true
	}
	return Val{K: VObj, N: int64(s.newObj(o))}
}

func zero(x *ExtType) Val {
	if x.Elem == nil {
		return top
	}
	switch x.Elem.Fresh {
	case FreshInt, FreshBool:
		return intVal(0)
	case FreshNil, FreshSlice, FreshMap:
		return nilVal
	}
	if x.Elem.Kind != ObjNone {
		return nilVal
	}
	return top
}

// field returns the variable of field fi of the struct base points to.
func (e *explorer) field(s *State, base Val, fi *FieldInfo) Val {
	if base.K != VObj {
		return e.makeCell(s, fi.Type, true)
	}
	o := s.Objs[base.N]
	if o.Kind != ObjStruct {
		return e.makeCell(s, fi.Type, true)
	}
	for _, f := range o.Fields {
		if f.ID == fi.ID {
			return Val{K: VObj, N: int64(f.Obj)}
		}
	}
	ext := o.Extern
	sub := e.makeCell(s, fi.Type, ext)
	if ext && s.Objs[sub.N].Kind != ObjCell {
		// A lock or a WaitGroup of a struct the engine does not see in
		// full: the package may operate on it elsewhere.
		s.obj(int32(sub.N)).Env = fi.Type.Caps
	}
	bo := s.obj(int32(base.N))
	bo.Fields = append(bo.Fields, fieldObj{ID: fi.ID, Obj: int32(sub.N)})
	return sub
}

// load returns the value at address a, for slot d of fn.
func (e *explorer) load(s *State, a Val, fn *Func, d int32) Val {
	if a.K != VObj {
		return e.freshFor(s, fn, d)
	}
	o := s.Objs[a.N]
	if o.Kind != ObjCell {
		if o.Kind == ObjStruct && o.Extern {
			return top
		}
		return top
	}
	if !o.Inited {
		var v Val
		if o.Ext != nil && o.Ext.Elem != nil {
			v = e.external(s, o.Ext.Elem)
		} else {
			v = e.freshFor(s, fn, d)
		}
		w := s.obj(int32(a.N))
		w.Content, w.Inited = v, true
		return v
	}
	return o.Content
}

// store writes v at address a.
func (e *explorer) store(s *State, a Val, v Val) {
	if a.K != VObj {
		e.escape(s, v)
		return
	}
	o := s.Objs[a.N]
	if o.Kind == ObjStruct {
		// A whole struct value the explorer does not follow: its fields
		// are unknown from now on.
		w := s.obj(int32(a.N))
		w.Fields, w.Extern = nil, true
		e.escape(s, v)
		return
	}
	if o.Kind != ObjCell {
		e.escape(s, v)
		return
	}
	w := s.obj(int32(a.N))
	w.Content, w.Inited = v, true
	if o.Extern || o.Env&CapWrite != 0 {
		// Code the engine does not see reads this variable: a channel
		// stored in a field is operated on as the package does to that
		// field; anything else is handed over.
		if v.K == VObj && o.Ext != nil && o.Ext.Elem != nil && o.Ext.Elem.Kind == ObjChan && s.Objs[v.N].Kind == ObjChan {
			s.obj(int32(v.N)).Env |= o.Ext.Elem.Caps
			return
		}
		e.escape(s, v)
	}
}

// escape hands v, and everything reachable from it, to code the engine does
// not see.
func (e *explorer) escape(s *State, v Val) {
	seen := map[int32]bool{}
	var val func(v Val)
	var obj func(i int32)
	val = func(v Val) {
		switch v.K {
		case VCancel:
			if o := s.Objs[v.N]; o.Kind == ObjCtx {
				if o.DoneCh == -2 {
					e.ctxDone(s, int32(v.N))
					o = s.Objs[v.N]
				}
				if o.DoneCh >= 0 {
					s.obj(o.DoneCh).Env |= CapClose
				}
			}
		case VObj:
			obj(int32(v.N))
		}
	}
	obj = func(i int32) {
		if i < 0 || seen[i] || int(i) >= len(s.Objs) {
			return
		}
		seen[i] = true
		o := s.Objs[i]
		if o.Kind == ObjCtx {
			// A context handed over can be watched, not cancelled.
			return
		}
		if o.Env != CapAll {
			s.obj(i).Env = CapAll
			o = s.Objs[i]
		}
		val(o.Content)
		for _, f := range o.Fields {
			obj(f.Obj)
		}
		for _, b := range o.Buf {
			val(b)
		}
		var bindCaps []Caps
		if o.Kind == ObjClosure && o.Fn >= 0 && int(o.Fn) < len(e.p.funcs) {
			bindCaps = e.p.funcs[o.Fn].BindCaps
		}
		for k, b := range o.Bind {
			if k < len(bindCaps) && bindChan(s, b, bindCaps[k], val) {
				continue
			}
			val(b)
		}
		obj(o.L)
	}
	val(v)
}

// bindChan gives a channel bound in a literal that is handed to unknown
// code (directly, or through the captured variable holding it) what the
// literal does with it, rather than everything: that code may call the
// literal, as often as it likes. It reports whether b is such a channel;
// val escapes what the channel's buffer holds when the literal receives.
func bindChan(s *State, b Val, caps Caps, val func(Val)) bool {
	if caps == CapAll || b.K != VObj {
		return false
	}
	if s.Objs[b.N].Kind == ObjCell {
		if b = s.Objs[b.N].Content; b.K != VObj {
			return false
		}
	}
	c := int32(b.N)
	if s.Objs[c].Kind != ObjChan {
		return false
	}
	if s.Objs[c].Env&caps != caps {
		s.obj(c).Env |= caps
	}
	if caps&CapRecv != 0 {
		for _, x := range s.Objs[c].Buf {
			val(x)
		}
	}
	return true
}

// unknownFor is an unknown value for slot d of fn, the result of an
// unknown call by goroutine gi: a symbol remembers the goroutine.
func (e *explorer) unknownFor(s *State, gi int, fn *Func, d int32) Val {
	v := e.freshFor(s, fn, d)
	if (v.K == VSym || v.K == VSliceSym) && v.N >= 0 && int(v.N) < len(s.Syms) {
		s.Syms[v.N].By = s.Gs[gi].ID + 1
	}
	return v
}

// envFork marks goroutine gi of the states a branch of s made as having
// branched on its environment when one of vals is a symbol an unknown
// call returned to it, or a value the engine does not follow (what a
// slice or a map held, a field of an unknown struct).
//
// A fork on whether an error is nil (failed is set) marks EnvFork only;
// any other marks EnvProto too: what the goroutine does then follows a
// protocol with that code (read until EOF, act on the record read), not
// the handling of a failure.
func (e *explorer) envFork(s *State, out []*State, gi int, failed bool, vals ...Val) {
	if len(out) < 2 {
		return
	}
	id := s.Gs[gi].ID + 1
	for _, v := range vals {
		if v.K == VTop || (v.K == VSym || v.K == VNot || v.K == VSliceSym) && v.N >= 0 && int(v.N) < len(s.Syms) && s.Syms[v.N].By == id {
			for _, t := range out {
				if i := t.gIndex(id - 1); i >= 0 {
					g := t.g(i)
					g.EnvFork = true
					if !failed {
						g.EnvProto = true
					}
				}
			}
			return
		}
	}
}

// call runs a call: into the callee's skeleton when it has one and the
// depth allows, or as an unknown call.
func (e *explorer) call(s *State, gi int, op *Op) ([]*State, bool) {
	f := s.Gs[gi].top()
	args := make([]Val, len(op.Args))
	for i, a := range op.Args {
		args[i] = e.read(s, f, a)
	}
	callee := e.read(s, f, op.A)
	if op.Fn != nil {
		callee = Val{K: VFunc, N: int64(e.p.funcIndex(op.Fn))}
	}
	return e.invoke(s, gi, callee, args, op.Dsts, false)
}

// invoke calls callee with args in goroutine gi; the results go to dsts.
// deferRet marks a deferred call run by RunDefers.
func (e *explorer) invoke(s *State, gi int, callee Val, args []Val, dsts []int32, deferRet bool) ([]*State, bool) {
	var fn *Func
	var binds []Val
	switch callee.K {
	case VFunc:
		fn = e.p.funcs[callee.N]
	case VObj:
		o := s.Objs[callee.N]
		switch o.Kind {
		case ObjClosure:
			fn, binds = e.p.funcs[o.Fn], o.Bind
		case ObjCtx:
			e.cancel(s, int32(callee.N))
		}
	case VCancel:
		e.cancel(s, int32(callee.N))
	}
	g := s.Gs[gi]
	if fn != nil && len(g.Frames) >= e.lim.Depth {
		e.hit(BoundDepth)
		fn = nil
	}
	if fn != nil {
		for _, fr := range g.Frames {
			if fr.Fn == fn {
				fn = nil // recursion: not followed
				break
			}
		}
	}
	if fn != nil && fn.sum != nil {
		e.applySummary(s, fn, args)
		caller := s.Gs[gi].top()
		for _, d := range dsts {
			// A summary says what the call does, not what it returns:
			// its results are the environment's, as an unknown call's.
			e.write(s, gi, d, e.unknownFor(s, gi, caller.Fn, d))
		}
		if !deferRet {
			e.advance(s, gi)
		}
		return nil, true
	}
	if fn == nil {
		if callee.K != VCancel && !(callee.K == VObj && s.Objs[callee.N].Kind == ObjCtx) {
			for _, a := range args {
				e.escape(s, a)
			}
			e.escape(s, callee)
		}
		caller := s.Gs[gi].top()
		for _, d := range dsts {
			e.write(s, gi, d, e.unknownFor(s, gi, caller.Fn, d))
		}
		if !deferRet {
			e.advance(s, gi)
		}
		return nil, true
	}
	fr := e.frame(s, fn, args, binds)
	fr.Ret, fr.DeferRet = dsts, deferRet
	gw := s.g(gi)
	gw.Frames = append(gw.Frames, fr)
	return nil, true
}

// spawn starts a goroutine.
func (e *explorer) spawn(s *State, gi int, op *Op) ([]*State, bool) {
	f := s.Gs[gi].top()
	args := make([]Val, len(op.Args))
	for i, a := range op.Args {
		args[i] = e.read(s, f, a)
	}
	var fn *Func
	var binds []Val
	if op.Fn != nil {
		fn = op.Fn
	} else {
		c := e.read(s, f, op.A)
		switch c.K {
		case VFunc:
			fn = e.p.funcs[c.N]
		case VObj:
			if o := s.Objs[c.N]; o.Kind == ObjClosure {
				fn, binds = e.p.funcs[o.Fn], o.Bind
			}
		}
		if fn == nil {
			// An unknown function runs: what it gets escapes.
			for _, a := range args {
				e.escape(s, a)
			}
			e.escape(s, c)
			e.write(s, gi, op.Dst, boolVal(true))
			e.advance(s, gi)
			return nil, true
		}
	}
	group := int32(-1)
	if op.Aux != SpawnGo {
		gv := e.read(s, f, op.B)
		if gv.K == VObj {
			o := s.Objs[gv.N]
			if o.Kind == ObjWG || o.Kind == ObjGroup {
				group = int32(gv.N)
				if o.Kind == ObjGroup && o.Limit > 0 && o.Count >= o.Limit && o.Count >= 0 {
					if op.Dst >= 0 { // TryGo
						e.write(s, gi, op.Dst, boolVal(false))
						e.advance(s, gi)
						return nil, true
					}
				}
				w := s.obj(group)
				if w.Count >= 0 {
					w.Count++
				}
			}
		}
	}
	if !e.count(s, op.Site) {
		return nil, false
	}
	if len(s.Gs) >= e.lim.Goroutines {
		e.hit(BoundGoroutines)
		return nil, false
	}
	fr := e.frame(s, fn, args, binds)
	ng := &Goroutine{ID: e.nextG, Spawn: op, Inst: s.Insts.get(op.Site, 0), Frames: []*Frame{fr}, Group: group, GroupKind: op.Aux, gen: s.gen}
	ng.Chans, ng.ChansAll = chansOf(s, ng)
	e.nextG++
	s.Gs = append(s.Gs, ng)
	e.record(s, s.Gs[gi].ID, op, ng.ID, -1)
	e.write(s, gi, op.Dst, boolVal(true))
	e.advance(s, gi)
	return nil, true
}

// frame makes a frame of fn entered with args and, for a closure, binds:
// parameters the call does not give are fresh, other slots unknown.
func (e *explorer) frame(s *State, fn *Func, args, binds []Val) *Frame {
	fr := &Frame{Fn: fn, Slots: make([]Val, fn.NSlots), gen: s.gen}
	for i := range fr.Slots {
		fr.Slots[i] = top
	}
	for i := 0; i < fn.NParams && i < fn.NSlots; i++ {
		if i < len(args) {
			fr.Slots[i] = args[i]
		} else {
			fr.Slots[i] = e.freshFor(s, fn, int32(i))
		}
	}
	for i := 0; i < fn.NFree && fn.NParams+i < fn.NSlots; i++ {
		if i < len(binds) {
			fr.Slots[fn.NParams+i] = binds[i]
		}
	}
	return fr
}

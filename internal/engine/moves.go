package engine

import "go/token"

type moveKind uint8

const (
	mvSendBuf      moveKind = iota // into the buffer
	mvSendEnv                      // to code the engine does not see
	mvRendezvous                   // to goroutine h, which receives
	mvRecvBuf                      // from the buffer
	mvRecvClosed                   // from a closed channel: zero, !ok
	mvRecvEnv                      // a value from code the engine does not see
	mvRecvEnvClose                 // that code closes the channel
	mvClose
	mvCrash // the operation panics: the path ends
	mvLock
	mvTryLock
	mvWait
	mvCondEnter  // Cond.Wait: unlock and wait
	mvCondEnv    // a Signal from code the engine does not see
	mvCondRelock // signalled: lock again and return
	mvSignal
	mvLoad
	mvStore
	mvGo
	mvUnknown // an operation on an object the engine does not know: it completes
	mvDefault
)

// move is one step a state can take.
type move struct {
	kind moveKind
	g    int // goroutine index
	c    int // select case (or 0)
	h    int // partner goroutine index, or -1
	hc   int // partner's case
	obj  int32
	env  bool
}

// chanOf returns the channel object v denotes, -1 for an unknown channel,
// -2 for nil.
func (e *explorer) chanOf(s *State, v Val) int32 {
	switch v.K {
	case VNil:
		return -2
	case VObj:
		if s.Objs[v.N].Kind == ObjChan {
			return int32(v.N)
		}
	}
	return -1
}

// room reports whether channel o has room in its buffer (the caller made
// the capacity decided).
func (s *State) room(o *Obj) bool {
	n := int64(len(o.Buf))
	switch o.Cap.K {
	case VInt:
		return n < o.Cap.N
	case VSym:
		return s.Syms[o.Cap.N].Lo > n
	}
	return true
}

func (s *State) unbuffered(o *Obj) bool {
	switch o.Cap.K {
	case VInt:
		return o.Cap.N == 0
	case VSym:
		sy := s.Syms[o.Cap.N]
		return sy.Lo == 0 && sy.Hi == 0
	}
	return false
}

// splitCaps returns, when a goroutine is about to send on a channel whose
// unknown buffer size the path has not compared with its content yet, the
// two states where it has room and where it has none.
func (e *explorer) splitCaps(s *State) []*State {
	for _, g := range s.Gs {
		if g.Cond != 0 {
			continue
		}
		op := curOp(g)
		if op == nil {
			continue
		}
		var chans []Arg
		switch op.Kind {
		case OpSend:
			chans = []Arg{op.A}
		case OpSelect:
			for _, c := range op.Cases {
				if c.Send {
					chans = append(chans, c.Ch)
				}
			}
		}
		for _, a := range chans {
			ci := e.chanOf(s, e.readArg(s, g, a))
			if ci < 0 {
				continue
			}
			o := s.Objs[ci]
			if o.Cap.K != VSym {
				continue
			}
			outs := e.decide(s, token.LSS, intVal(int64(len(o.Buf))), o.Cap)
			if len(outs) == 0 {
				return []*State{}
			}
			if len(outs) > 1 {
				if len(o.Buf) == 0 {
					// A buffer of unknown size that is zero: a
					// degenerate configuration (a semaphore of size 0),
					// not worth a report.
					outs[1].s.Empty = true
				}
				return []*State{outs[0].s, outs[1].s}
			}
			if outs[0].s != s {
				return []*State{outs[0].s}
			}
			// Also settle whether it is unbuffered.
			sy := s.Syms[o.Cap.N]
			if sy.Lo == 0 && sy.Hi > 0 {
				outs := e.decide(s, token.EQL, o.Cap, intVal(0))
				if len(outs) == 0 {
					return []*State{}
				}
				if len(outs) > 1 {
					outs[0].s.Empty = true
					return []*State{outs[0].s, outs[1].s}
				}
				if outs[0].s != s {
					return []*State{outs[0].s}
				}
			}
		}
	}
	return nil
}

// receives reports whether goroutine h stands at a receive from channel ci,
// and at which case.
func (e *explorer) receives(s *State, h int, ci int32) []int {
	g := s.Gs[h]
	if g.Cond != 0 {
		return nil
	}
	op := curOp(g)
	if op == nil {
		return nil
	}
	switch op.Kind {
	case OpRecv:
		if e.chanOf(s, e.readArg(s, g, op.A)) == ci {
			return []int{0}
		}
	case OpSelect:
		var out []int
		for k, c := range op.Cases {
			if !c.Send && e.chanOf(s, e.readArg(s, g, c.Ch)) == ci {
				out = append(out, k)
			}
		}
		return out
	}
	return nil
}

// chanMoves adds the moves of a send (or receive) on v as case c of
// goroutine gi. It reports whether one does not depend on code the engine
// does not see.
func (e *explorer) chanMoves(s *State, gi, c int, v Val, send bool, out *[]move) bool {
	ci := e.chanOf(s, v)
	switch ci {
	case -2:
		return false // nil: blocks forever
	case -1:
		*out = append(*out, move{kind: mvUnknown, g: gi, c: c, h: -1, obj: -1, env: true})
		return false
	}
	o := s.Objs[ci]
	sure := false
	if send {
		if o.Closed {
			*out = append(*out, move{kind: mvCrash, g: gi, c: c, h: -1, obj: ci})
			return true
		}
		if !s.unbuffered(o) && s.room(o) {
			*out = append(*out, move{kind: mvSendBuf, g: gi, c: c, h: -1, obj: ci})
			sure = true
		}
		if s.unbuffered(o) {
			for h := range s.Gs {
				if h == gi {
					continue
				}
				for _, hc := range e.receives(s, h, ci) {
					*out = append(*out, move{kind: mvRendezvous, g: gi, c: c, h: h, hc: hc, obj: ci})
					sure = true
				}
			}
		}
		if o.Env&CapRecv != 0 {
			*out = append(*out, move{kind: mvSendEnv, g: gi, c: c, h: -1, obj: ci, env: true})
		}
		return sure
	}
	switch {
	case len(o.Buf) > 0:
		*out = append(*out, move{kind: mvRecvBuf, g: gi, c: c, h: -1, obj: ci})
		sure = true
	case o.Closed:
		*out = append(*out, move{kind: mvRecvClosed, g: gi, c: c, h: -1, obj: ci})
		sure = true
	}
	if s.unbuffered(o) {
		// Rendezvous are listed from the sender's side; note them.
		for h := range s.Gs {
			if h != gi && e.sendsOn(s, h, ci) {
				sure = true
			}
		}
	}
	if o.Env&CapSend != 0 && !o.Closed {
		*out = append(*out, move{kind: mvRecvEnv, g: gi, c: c, h: -1, obj: ci, env: true})
	}
	if o.Env&CapClose != 0 && !o.Closed && len(o.Buf) == 0 {
		*out = append(*out, move{kind: mvRecvEnvClose, g: gi, c: c, h: -1, obj: ci, env: true})
	}
	return sure
}

// sendsOn reports whether goroutine h stands at a send on ci.
func (e *explorer) sendsOn(s *State, h int, ci int32) bool {
	g := s.Gs[h]
	if g.Cond != 0 {
		return false
	}
	op := curOp(g)
	if op == nil {
		return false
	}
	switch op.Kind {
	case OpSend:
		return e.chanOf(s, e.readArg(s, g, op.A)) == ci
	case OpSelect:
		for _, c := range op.Cases {
			if c.Send && e.chanOf(s, e.readArg(s, g, c.Ch)) == ci {
				return true
			}
		}
	}
	return false
}

// moves lists the steps state s can take.
func (e *explorer) moves(s *State) []move {
	var out []move
	for gi, g := range s.Gs {
		switch g.Cond {
		case 1:
			op := curOp(g)
			if v := e.readArg(s, g, op.A); v.K == VObj && s.Objs[v.N].Env&CapSignal != 0 {
				out = append(out, move{kind: mvCondEnv, g: gi, h: -1, obj: int32(v.N), env: true})
			}
			continue
		case 2:
			op := curOp(g)
			v := e.readArg(s, g, op.A)
			l := int32(-1)
			if v.K == VObj {
				l = s.Objs[v.N].L
			}
			if l < 0 || !s.Objs[l].Writer {
				out = append(out, move{kind: mvCondRelock, g: gi, h: -1, obj: l})
			}
			continue
		}
		op := curOp(g)
		if op == nil {
			continue
		}
		rd := func(a Arg) Val { return e.readArg(s, g, a) }
		switch op.Kind {
		case OpSend:
			e.chanMoves(s, gi, 0, rd(op.A), true, &out)
		case OpRecv:
			e.chanMoves(s, gi, 0, rd(op.A), false, &out)
		case OpSelect:
			sure := false
			for k, c := range op.Cases {
				if e.chanMoves(s, gi, k, rd(c.Ch), c.Send, &out) {
					sure = true
				}
			}
			if op.Default && !sure {
				out = append(out, move{kind: mvDefault, g: gi, c: -1, h: -1, obj: -1})
			}
		case OpClose:
			ci := e.chanOf(s, rd(op.A))
			switch {
			case ci == -2 || ci >= 0 && s.Objs[ci].Closed:
				out = append(out, move{kind: mvCrash, g: gi, h: -1, obj: ci})
			default:
				out = append(out, move{kind: mvClose, g: gi, h: -1, obj: ci})
			}
		case OpLock:
			v := rd(op.A)
			if v.K == VObj && (s.Objs[v.N].Kind == ObjMutex || s.Objs[v.N].Kind == ObjRWMutex) {
				o := s.Objs[v.N]
				if !o.Writer && (op.Aux == 1 || o.Readers == 0) {
					out = append(out, move{kind: mvLock, g: gi, h: -1, obj: int32(v.N)})
				}
			} else {
				out = append(out, move{kind: mvUnknown, g: gi, h: -1, obj: -1, env: true})
			}
		case OpTryLock:
			out = append(out, move{kind: mvTryLock, g: gi, h: -1, obj: objOf(rd(op.A))})
		case OpWGWait, OpGroupWait:
			v := rd(op.A)
			if v.K == VObj && (s.Objs[v.N].Kind == ObjWG || s.Objs[v.N].Kind == ObjGroup) {
				o := s.Objs[v.N]
				if o.Count <= 0 || o.Env&CapDone != 0 {
					out = append(out, move{kind: mvWait, g: gi, h: -1, obj: int32(v.N), env: o.Count > 0})
				}
			} else {
				out = append(out, move{kind: mvUnknown, g: gi, h: -1, obj: -1, env: true})
			}
		case OpCondWait:
			v := rd(op.A)
			if v.K == VObj && s.Objs[v.N].Kind == ObjCond {
				out = append(out, move{kind: mvCondEnter, g: gi, h: -1, obj: int32(v.N)})
			} else {
				out = append(out, move{kind: mvUnknown, g: gi, h: -1, obj: -1, env: true})
			}
		case OpSignal:
			out = append(out, move{kind: mvSignal, g: gi, h: -1, obj: objOf(rd(op.A))})
		case OpLoad:
			out = append(out, move{kind: mvLoad, g: gi, h: -1, obj: objOf(rd(op.A))})
		case OpStore:
			out = append(out, move{kind: mvStore, g: gi, h: -1, obj: objOf(rd(op.A))})
		case OpGo:
			v := rd(op.B)
			if v.K == VObj && s.Objs[v.N].Kind == ObjGroup {
				o := s.Objs[v.N]
				if o.Limit <= 0 || o.Count < o.Limit || o.Count < 0 || op.Dst >= 0 {
					out = append(out, move{kind: mvGo, g: gi, h: -1, obj: int32(v.N)})
				}
			} else {
				out = append(out, move{kind: mvGo, g: gi, h: -1, obj: -1})
			}
		}
	}
	return out
}

func objOf(v Val) int32 {
	if v.K == VObj {
		return int32(v.N)
	}
	return -1
}

// apply takes move m from s, and returns the states it leads to once every
// goroutine stands at a visible step again.
func (e *explorer) apply(s *State, m move) []*State {
	if m.kind == mvCrash {
		return nil
	}
	t := e.clone(s)
	t.Steps++
	g := t.Gs[m.g]
	op := curOp(g)
	rd := func(gi int, a Arg) Val { return e.readArg(t, t.Gs[gi], a) }
	// sendVal is what goroutine gi sends at case c.
	sendVal := func(gi, c int) Val {
		op := curOp(t.Gs[gi])
		var v Val
		if op.Kind == OpSend {
			v = rd(gi, op.B)
		} else {
			v = rd(gi, op.Cases[c].Val)
		}
		return data(t, v)
	}
	// deliver completes goroutine gi's receive at case c with v.
	deliver := func(gi, c int, v Val, ok Val) {
		op := curOp(t.Gs[gi])
		if op.Kind == OpRecv {
			e.write(t, gi, op.Dst, v)
			e.write(t, gi, op.Dst2, ok)
		} else {
			e.write(t, gi, op.Dst, intVal(int64(c)))
			e.write(t, gi, op.Dst2, ok)
			k := 0
			for i := 0; i < c; i++ {
				if !op.Cases[i].Send {
					k++
				}
			}
			if k < len(op.Dsts) {
				e.write(t, gi, op.Dsts[k], v)
			}
		}
		e.advance(t, gi)
	}
	// sent completes goroutine gi's send at case c.
	sent := func(gi, c int) {
		op := curOp(t.Gs[gi])
		if op.Kind == OpSelect {
			e.write(t, gi, op.Dst, intVal(int64(c)))
		}
		e.advance(t, gi)
	}
	choice := int32(m.c)
	caseObjs := func(gi int) []int32 {
		op := curOp(t.Gs[gi])
		if op == nil || op.Kind != OpSelect {
			return nil
		}
		var cases []int32
		for _, c := range op.Cases {
			cases = append(cases, t.serial(e.chanOf(t, rd(gi, c.Ch))))
		}
		return cases
	}
	cases := caseObjs(m.g)
	switch m.kind {
	case mvSendBuf:
		v := sendVal(m.g, m.c)
		if t.Objs[m.obj].Env&CapRecv != 0 {
			// Code the engine does not see may take it from the buffer.
			e.escape(t, v)
		}
		o := t.obj(m.obj)
		o.Buf = append(o.Buf, v)
		sent(m.g, m.c)
	case mvSendEnv:
		e.escape(t, sendVal(m.g, m.c))
		sent(m.g, m.c)
		t.g(m.g).Fed = true
	case mvRendezvous:
		v := sendVal(m.g, m.c)
		e.record(t, t.Gs[m.h].ID, curOp(t.Gs[m.h]), int32(m.hc), m.obj)
		t.Trace.Cases = caseObjs(m.h)
		deliver(m.h, m.hc, v, boolVal(true))
		sent(m.g, m.c)
	case mvRecvBuf:
		o := t.obj(m.obj)
		v := o.Buf[0]
		o.Buf = o.Buf[1:]
		deliver(m.g, m.c, v, boolVal(true))
	case mvRecvClosed:
		deliver(m.g, m.c, top, boolVal(false))
	case mvRecvEnv:
		d := op.Dst
		if op.Kind == OpSelect {
			d = -1
		}
		v := e.freshFor(t, g.top().Fn, d)
		if op.Kind == OpSelect {
			v = top
		}
		deliver(m.g, m.c, v, boolVal(true))
		t.g(m.g).Fed = true
		t.obj(m.obj).EnvSent = true
	case mvRecvEnvClose:
		t.obj(m.obj).Closed = true
		if op.Kind == OpSelect && (len(op.Cases) > 1 || op.Default) {
			// Which case fires was the environment's choice: it
			// closed this channel first. A context's cancellation is
			// a failure the code must handle, not a protocol.
			g := t.g(m.g)
			g.EnvFork = true
			if !t.Objs[m.obj].CtxDone {
				g.EnvProto = true
			}
		}
		deliver(m.g, m.c, top, boolVal(false))
	case mvClose:
		if m.obj >= 0 {
			t.obj(m.obj).Closed = true
		}
		e.advance(t, m.g)
	case mvLock:
		o := t.obj(m.obj)
		if op.Aux == 1 {
			o.Readers++
		} else {
			o.Writer = true
		}
		e.advance(t, m.g)
	case mvTryLock:
		ok := false
		if m.obj >= 0 && (t.Objs[m.obj].Kind == ObjMutex || t.Objs[m.obj].Kind == ObjRWMutex) {
			o := t.Objs[m.obj]
			if !o.Writer && (op.Aux == 1 || o.Readers == 0) {
				ok = true
				w := t.obj(m.obj)
				if op.Aux == 1 {
					w.Readers++
				} else {
					w.Writer = true
				}
			}
			choice = 0
			if ok {
				choice = 1
			}
			e.write(t, m.g, op.Dst, boolVal(ok))
		} else {
			e.write(t, m.g, op.Dst, e.fresh(t, FreshBool))
		}
		e.advance(t, m.g)
	case mvWait:
		if op.Kind == OpGroupWait && m.obj >= 0 {
			if gc := t.Objs[m.obj].GCtx; gc >= 0 {
				e.cancel(t, gc)
			}
		}
		e.advance(t, m.g)
	case mvCondEnter:
		o := t.obj(m.obj)
		o.Waiters = append(o.Waiters, g.ID)
		if l := o.L; l >= 0 {
			lo := t.obj(l)
			if lo.Writer {
				lo.Writer = false
			} else if lo.Readers > 0 {
				lo.Readers--
			}
		}
		t.g(m.g).Cond = 1
	case mvCondEnv:
		t.g(m.g).Cond = 2
		o := t.obj(m.obj)
		for i, w := range o.Waiters {
			if w == g.ID {
				o.Waiters = append(o.Waiters[:i:i], o.Waiters[i+1:]...)
				break
			}
		}
	case mvCondRelock:
		if m.obj >= 0 {
			t.obj(m.obj).Writer = true
		}
		t.g(m.g).Cond = 0
		e.advance(t, m.g)
	case mvSignal:
		if m.obj >= 0 && t.Objs[m.obj].Kind == ObjCond {
			o := t.obj(m.obj)
			n := 1
			if op.Aux == 1 {
				n = len(o.Waiters)
			}
			for range n {
				if len(o.Waiters) == 0 {
					break
				}
				w := o.Waiters[0]
				o.Waiters = o.Waiters[1:]
				if i := t.gIndex(w); i >= 0 {
					t.g(i).Cond = 2
				}
			}
		}
		e.advance(t, m.g)
	case mvLoad:
		e.write(t, m.g, op.Dst, e.load(t, rd(m.g, op.A), g.top().Fn, op.Dst))
		e.advance(t, m.g)
	case mvStore:
		e.store(t, rd(m.g, op.A), rd(m.g, op.B))
		e.advance(t, m.g)
	case mvGo:
		res, cont := e.spawn(t, m.g, op)
		if !cont && res == nil {
			return nil
		}
	case mvUnknown:
		switch op.Kind {
		case OpRecv:
			e.write(t, m.g, op.Dst, e.freshFor(t, g.top().Fn, op.Dst))
			e.write(t, m.g, op.Dst2, e.fresh(t, FreshBool))
		case OpSelect:
			e.write(t, m.g, op.Dst, intVal(int64(m.c)))
			e.write(t, m.g, op.Dst2, e.fresh(t, FreshBool))
			if c := op.Cases[m.c]; c.Send {
				e.escape(t, rd(m.g, c.Val))
			}
		case OpSend:
			e.escape(t, rd(m.g, op.B))
		}
		e.advance(t, m.g)
	case mvDefault:
		e.write(t, m.g, op.Dst, intVal(-1))
		e.advance(t, m.g)
	}
	e.record(t, g.ID, op, choice, m.obj)
	t.Trace.Cases = cases
	return e.settle(t)
}

// data is what a receiver learns of a value sent: objects and nil-ness;
// numbers are data the explorer does not follow through channels. A
// length the path follows arrives uncertain: its relation to the sender's
// is lost, and a token passed with a count (the number of goroutines left)
// decides who goes on.
func data(s *State, v Val) Val {
	switch v.K {
	case VSym:
		if s.Syms[v.N].Len {
			return Val{K: VUnc}
		}
		return top
	case VInt, VNot:
		return top
	case VUnc:
		return v
	case VSlice, VSliceSym:
		return nonNil
	}
	return v
}

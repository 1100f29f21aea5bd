package engine

// Calls of functions that do nothing concurrent are not explored step by
// step (most code of a package is such): the explorer applies a summary
// instead, what the function hands to unknown code and which variables
// reached from its parameters it writes, and gives its results unknown
// values. Small functions are still run, so that a helper returning a
// constant decides its caller's branches.

// pathStep is one step from a parameter: a field of the struct it points to,
// or a load of the variable it points to.
type pathStep struct {
	field *FieldInfo // nil for a load
}

// paramPath is a value reached from parameter param.
type paramPath struct {
	param int
	steps []pathStep
	cut   bool // made by join from a longer path
}

// summary is what calling a function may do that the caller can observe.
type summary struct {
	esc    []paramPath // handed to code the engine does not see
	writes []paramPath // variables written (their value becomes unknown)
}

// Limits of a function run rather than summarised.
const (
	smallOps    = 24
	smallBlocks = 6
)

// concKinds are the operations that make a function worth running.
var concKinds = map[OpKind]bool{
	OpSend: true, OpRecv: true, OpSelect: true, OpClose: true, OpLock: true,
	OpUnlock: true, OpTryLock: true, OpMakeCond: true, OpCondWait: true,
	OpSignal: true, OpWGAdd: true, OpWGWait: true, OpGroupWait: true,
	OpGroupLimit: true, OpGroupCtx: true, OpOnceDo: true, OpCtxWith: true,
	OpCtxDone: true, OpCancel: true, OpGo: true, OpMakeChan: true,
	OpEnvChan: true, OpFail: true,
}

// computeSummaries marks the functions that need running (Conc) and
// summarises the others.
func (p *Prog) computeSummaries() {
	// Conc, transitively: a concurrent operation, a call of a function
	// value (it may be a closure of the caller), or a call of a Conc
	// function.
	conc := map[*Func]bool{}
	for changed := true; changed; {
		changed = false
		for _, f := range p.funcs {
			if conc[f] {
				continue
			}
			if f.isConc(conc) {
				conc[f] = true
				changed = true
			}
		}
	}
	for _, f := range p.funcs {
		f.Conc = conc[f]
	}
	// Summaries, to a fixed point over calls of summarised functions.
	for _, f := range p.funcs {
		if !f.Conc && !f.small() {
			f.sum = &summary{}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range p.funcs {
			if f.sum != nil && f.summarise() {
				changed = true
			}
		}
	}
}

func (f *Func) isConc(conc map[*Func]bool) bool {
	if f.Synth == "fact" {
		return true
	}
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			if concKinds[op.Kind] {
				return true
			}
			switch op.Kind {
			case OpCall, OpDefer:
				if op.Fn == nil || conc[op.Fn] {
					return true
				}
			case OpClosure:
				if op.Fn != nil && conc[op.Fn] {
					return true
				}
			}
		}
	}
	return false
}

func (f *Func) small() bool {
	if len(f.Blocks) > smallBlocks {
		return false
	}
	n := 0
	for _, b := range f.Blocks {
		n += len(b.Ops)
		for _, op := range b.Ops {
			if op.Loop {
				return false
			}
		}
	}
	return n <= smallOps
}

// summarise recomputes f's summary and reports whether it grew.
func (f *Func) summarise() bool {
	origin := map[int32]paramPath{}
	for i := 0; i < f.NParams; i++ {
		origin[int32(i)] = paramPath{param: i}
	}
	of := func(a Arg) (paramPath, bool) {
		if a < 0 {
			return paramPath{}, false
		}
		o, ok := origin[int32(a)]
		return o, ok
	}
	s := &summary{}
	esc := func(a Arg) {
		if o, ok := of(a); ok {
			s.esc = append(s.esc, o)
		}
	}
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			switch op.Kind {
			case OpCopy:
				if o, ok := of(op.A); ok && op.Dst >= 0 {
					origin[op.Dst] = o
				}
			case OpField:
				if o, ok := of(op.A); ok && op.Dst >= 0 && len(o.steps) < 4 {
					origin[op.Dst] = paramPath{param: o.param, steps: append(append([]pathStep(nil), o.steps...), pathStep{field: op.Field})}
				}
			case OpLoad:
				if o, ok := of(op.A); ok && op.Dst >= 0 && len(o.steps) < 4 {
					origin[op.Dst] = paramPath{param: o.param, steps: append(append([]pathStep(nil), o.steps...), pathStep{})}
				}
			case OpStore:
				if o, ok := of(op.A); ok {
					s.writes = append(s.writes, o)
				}
				esc(op.B)
			case OpHavoc, OpClosure:
				for _, a := range op.Args {
					esc(a)
				}
			case OpEscape:
				esc(op.A)
			case OpCall, OpDefer:
				if op.Fn != nil && op.Fn.sum != nil {
					for _, e := range op.Fn.sum.esc {
						if e.param < len(op.Args) {
							if o, ok := of(op.Args[e.param]); ok {
								s.esc = append(s.esc, join(o, e.steps))
							}
						}
					}
					for _, w := range op.Fn.sum.writes {
						if w.param < len(op.Args) {
							if o, ok := of(op.Args[w.param]); ok {
								if j := join(o, w.steps); j.cut {
									s.esc = append(s.esc, j)
								} else {
									s.writes = append(s.writes, j)
								}
							}
						}
					}
				} else {
					for _, a := range op.Args {
						esc(a)
					}
				}
			}
		}
	}
	s.esc, s.writes = dedupPaths(s.esc), dedupPaths(s.writes)
	if len(s.esc)+len(s.writes) > maxPaths {
		// Too much to say: every parameter is handed over whole.
		s.esc, s.writes = nil, nil
		for i := 0; i < f.NParams; i++ {
			s.esc = append(s.esc, paramPath{param: i})
		}
	}
	grew := len(s.esc) != len(f.sum.esc) || len(s.writes) != len(f.sum.writes)
	f.sum = s
	return grew
}

// Bounds of a summary: the steps of one path, and the paths. Calls compose
// paths, and recursion would lengthen them without end.
const (
	maxSteps = 4
	maxPaths = 32
)

// join is the path of steps taken from o. A path longer than maxSteps is cut
// to o itself, marked by one step more than it has: o is then escaped, not
// written (a write cannot be resolved below the cut).
func join(o paramPath, steps []pathStep) paramPath {
	if len(o.steps)+len(steps) > maxSteps {
		return paramPath{param: o.param, steps: o.steps, cut: true}
	}
	return paramPath{param: o.param, steps: append(append([]pathStep(nil), o.steps...), steps...)}
}

func dedupPaths(ps []paramPath) []paramPath {
	var out []paramPath
	for _, p := range ps {
		dup := false
		for _, q := range out {
			if samePath(p, q) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func samePath(a, b paramPath) bool {
	if a.param != b.param || len(a.steps) != len(b.steps) {
		return false
	}
	for i := range a.steps {
		if a.steps[i].field != b.steps[i].field {
			return false
		}
	}
	return true
}

// applySummary does to the state what calling fn (summarised) with args
// may do.
func (e *explorer) applySummary(s *State, fn *Func, args []Val) {
	resolve := func(pp paramPath) (Val, bool) {
		if pp.param >= len(args) {
			return top, false
		}
		v := args[pp.param]
		for _, st := range pp.steps {
			if v.K != VObj {
				return top, false
			}
			if st.field != nil {
				v = e.field(s, v, st.field)
			} else {
				o := s.Objs[v.N]
				if o.Kind != ObjCell {
					return top, false
				}
				v = e.load(s, v, fn, -1)
			}
		}
		return v, true
	}
	for _, pp := range fn.sum.esc {
		if v, ok := resolve(pp); ok {
			e.escape(s, v)
		}
	}
	for _, pp := range fn.sum.writes {
		if v, ok := resolve(pp); ok && v.K == VObj && s.Objs[v.N].Kind == ObjCell {
			w := s.obj(int32(v.N))
			w.Content, w.Inited = top, true
			if w.Ext != nil && w.Ext.Elem != nil {
				w.Content = e.fresh(s, w.Ext.Elem.Fresh)
			}
		}
	}
}

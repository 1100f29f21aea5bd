package model

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// condLocks is what the package says about the L of its sync.Conds: made
// by sync.NewCond(l) or given by c.L = l, stored in a variable or a field.
type condLocks struct {
	direct  []condPair
	byField map[*types.Var]*condRule
}

// condPair is a Cond named by its storage, and its lock; ok is false when
// the lock is not a mutex the model names (an RLocker, an unknown Locker).
type condPair struct {
	cond, mu Ref
	ok       bool
}

// condRule says that a struct field holding a Cond has as L the mutex at
// path rel from the same struct: q.cond = sync.NewCond(&q.mu) gives rel
// [mu] for the field cond. bad is set when two stores disagree.
type condRule struct {
	rel []*types.Var
	bad bool
}

// CondLock returns the mutex that is L of the sync.Cond v points to, in
// v's terms (q.cond gives q.mu), when the package says so unambiguously:
// every sync.NewCond(l) and every c.L = l stored where v points gives the
// same *sync.Mutex or *sync.RWMutex, or v is such a NewCond call itself.
// A Cond whose L is an RLocker, an unknown Locker, or set in two ways
// has no answer. It is computed once per package, on first use.
func (m *Model) CondLock(v ssa.Value) (Ref, bool) {
	if m == nil || m.b == nil {
		return Ref{}, false
	}
	m.condOnce.Do(func() { m.conds = m.condLocks() })
	r := m.Ref(v)
	if !r.Valid() {
		return Ref{}, false
	}
	var found *condPair
	for i, p := range m.conds.direct {
		if !p.cond.Same(r) {
			continue
		}
		if !p.ok || (found != nil && !found.mu.Same(p.mu)) {
			return Ref{}, false
		}
		found = &m.conds.direct[i]
	}
	if found != nil {
		return found.mu, true
	}
	if call, ok := r.Root.(*ssa.Call); ok && len(r.Fields) == 0 && IsNewCond(call.Call.StaticCallee()) && len(call.Call.Args) == 1 {
		return m.lockerRef(call.Call.Args[0])
	}
	if len(r.Fields) == 0 {
		return Ref{}, false
	}
	rule := m.conds.byField[r.Fields[len(r.Fields)-1].Origin()]
	if rule == nil || rule.bad || rule.rel == nil {
		return Ref{}, false
	}
	fields := append(slices.Clone(r.Fields[:len(r.Fields)-1]), rule.rel...)
	return Ref{Root: r.Root, Fields: fields}, true
}

func (m *Model) condLocks() *condLocks {
	cl := &condLocks{byField: map[*types.Var]*condRule{}}
	for _, fn := range m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.Call:
					if !IsNewCond(in.Call.StaticCallee()) || len(in.Call.Args) != 1 {
						continue
					}
					mu, ok := m.lockerRef(in.Call.Args[0])
					for _, ref := range *in.Referrers() {
						if st, isStore := ref.(*ssa.Store); isStore && st.Val == in {
							cl.record(m.Ref(st.Addr), mu, ok)
						}
					}
				case *ssa.Store:
					fa, ok := in.Addr.(*ssa.FieldAddr)
					if !ok || !IsSync(fa.X.Type(), "Cond") {
						continue
					}
					if f := StructField(fa.X.Type(), fa.Field); f == nil || f.Name() != "L" {
						continue
					}
					mu, ok := m.lockerRef(in.Val)
					cl.record(m.Ref(fa.X), mu, ok)
				}
			}
		}
	}
	return cl
}

func (cl *condLocks) record(cond, mu Ref, ok bool) {
	if !cond.Valid() {
		return
	}
	cl.direct = append(cl.direct, condPair{cond, mu, ok})
	if len(cond.Fields) == 0 {
		return
	}
	f := cond.Fields[len(cond.Fields)-1].Origin()
	prefix := cond.Fields[:len(cond.Fields)-1]
	rule := cl.byField[f]
	if rule == nil {
		rule = &condRule{}
		cl.byField[f] = rule
	}
	if !ok || mu.Root != cond.Root || len(mu.Fields) <= len(prefix) || !slices.Equal(mu.Fields[:len(prefix)], prefix) {
		rule.bad = true
		return
	}
	rel := mu.Fields[len(prefix):]
	if rule.rel != nil && !slices.Equal(rule.rel, rel) {
		rule.bad = true
		return
	}
	rule.rel = slices.Clone(rel)
}

// lockerRef returns the mutex a sync.Locker value is, when it is a
// *sync.Mutex or *sync.RWMutex (not an RLocker, nor an unknown Locker).
func (m *Model) lockerRef(v ssa.Value) (Ref, bool) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	if !IsSyncPointer(v.Type(), "Mutex", "RWMutex") {
		return Ref{}, false
	}
	r := m.Ref(v)
	return r, r.Valid()
}

// IsNewCond reports whether fn is sync.NewCond.
func IsNewCond(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Name() == "NewCond" && obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Signature().Recv() == nil
}

// IsCondMethod reports whether fn is one of the methods names (Wait,
// Signal, Broadcast) of *sync.Cond.
func IsCondMethod(fn *ssa.Function, names ...string) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || !slices.Contains(names, obj.Name()) || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	recv := obj.Signature().Recv()
	return recv != nil && IsSync(recv.Type(), "Cond")
}

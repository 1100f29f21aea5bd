package condwait

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// condLocks is what the package says about the L of its Conds: made by
// sync.NewCond(l) or given by c.L = l, stored in a variable or a field.
type condLocks struct {
	direct  []pair
	byField map[*types.Var]*fieldRule
}

// pair is a Cond named by its storage, and its lock.
type pair struct {
	cond, mu model.Ref
	ok       bool
}

// fieldRule says that a struct field holding a Cond has as L a mutex at
// path rel from the same struct (cond and mu of q.cond = sync.NewCond(&q.mu)).
type fieldRule struct {
	rel []*types.Var
	bad bool
}

func (c *checker) condLocks() *condLocks {
	if c.locks != nil {
		return c.locks
	}
	cl := &condLocks{byField: map[*types.Var]*fieldRule{}}
	c.locks = cl
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.Call:
					if !isNewCond(in.Call.StaticCallee()) || len(in.Call.Args) != 1 {
						continue
					}
					mu, ok := c.lockerRef(in.Call.Args[0])
					for _, ref := range *in.Referrers() {
						if st, isStore := ref.(*ssa.Store); isStore && st.Val == in {
							cl.record(c.m.Ref(st.Addr), mu, ok)
						}
					}
				case *ssa.Store:
					fa, ok := in.Addr.(*ssa.FieldAddr)
					if !ok || !model.IsSync(fa.X.Type(), "Cond") || fieldName(fa) != "L" {
						continue
					}
					mu, ok := c.lockerRef(in.Val)
					cl.record(c.m.Ref(fa.X), mu, ok)
				}
			}
		}
	}
	return cl
}

func fieldName(fa *ssa.FieldAddr) string {
	t := fa.X.Type().Underlying().(*types.Pointer).Elem()
	if s, ok := t.Underlying().(*types.Struct); ok && fa.Field < s.NumFields() {
		return s.Field(fa.Field).Name()
	}
	return ""
}

func isNewCond(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Name() == "NewCond" && obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Signature().Recv() == nil
}

func (cl *condLocks) record(cond, mu model.Ref, ok bool) {
	if !cond.Valid() {
		return
	}
	cl.direct = append(cl.direct, pair{cond, mu, ok})
	if len(cond.Fields) == 0 {
		return
	}
	f := cond.Fields[len(cond.Fields)-1]
	prefix := cond.Fields[:len(cond.Fields)-1]
	rule := cl.byField[f]
	if rule == nil {
		rule = &fieldRule{}
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
func (c *checker) lockerRef(v ssa.Value) (model.Ref, bool) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	if !model.IsSyncPointer(v.Type(), "Mutex", "RWMutex") {
		return model.Ref{}, false
	}
	r := c.m.Ref(v)
	return r, r.Valid()
}

// lockOf returns the mutex that is L of the Cond v points to, when the
// package says so unambiguously.
func (c *checker) lockOf(v ssa.Value) (model.Ref, bool) {
	cl := c.condLocks()
	r := c.m.Ref(v)
	if !r.Valid() {
		return model.Ref{}, false
	}
	var found *pair
	for i, p := range cl.direct {
		if !p.cond.Same(r) {
			continue
		}
		if !p.ok || (found != nil && !found.mu.Same(p.mu)) {
			return model.Ref{}, false
		}
		found = &cl.direct[i]
	}
	if found != nil {
		return found.mu, true
	}
	if call, ok := r.Root.(*ssa.Call); ok && len(r.Fields) == 0 && isNewCond(call.Call.StaticCallee()) && len(call.Call.Args) == 1 {
		return c.lockerRef(call.Call.Args[0])
	}
	if len(r.Fields) == 0 {
		return model.Ref{}, false
	}
	rule := cl.byField[r.Fields[len(r.Fields)-1]]
	if rule == nil || rule.bad || rule.rel == nil {
		return model.Ref{}, false
	}
	fields := append(slices.Clone(r.Fields[:len(r.Fields)-1]), rule.rel...)
	return model.Ref{Root: r.Root, Fields: fields}, true
}

package engine

import (
	"go/types"
	"sync"

	"github.com/concvet/concvet/internal/model"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Prog is the skeletons of one package and what is known about the objects
// its functions share: struct fields and package variables.
type Prog struct {
	Pkg   *types.Package
	m     *model.Model
	funcs []*Func
	index map[*Func]int32
	byFn  map[*ssa.Function]*Func
	facts map[*types.Func]*Func
	// sources are the package's functions; once builds the program from
	// them on first use (ensure).
	sources  []*ssa.Function
	capsOnce sync.Once
	once     sync.Once
	// buildMu serialises the making of skeletons (funcOf): loopctx asks
	// for a few while the explorer may be making all of them.
	buildMu sync.Mutex
	// strs numbers the string constants: two compare equal when they are
	// the same (a helper told which stream it copies decides on it).
	strs map[string]int64

	globals []*ssa.Global
	globIdx map[*ssa.Global]int32
	globExt []*ExtType

	fields map[*types.Var]*FieldInfo
	ext    typeutil.Map // types.Type -> *ExtType
	sites  int32
	// siteOp is the op of each site.
	siteOp []*Op

	// caps is what the package does, anywhere, to the channels and sync
	// values held in each field and package variable (caps.go);
	// valueCaps memoises it per value.
	caps      map[any]capInfo
	valueCaps map[ssa.Value]Caps
}

// str is the value of the string constant s.
func (p *Prog) str(s string) Val {
	n, ok := p.strs[s]
	if !ok {
		n = int64(len(p.strs))
		p.strs[s] = n
	}
	return Val{K: VStr, N: n}
}

func newProg(pkg *types.Package, m *model.Model) *Prog {
	return &Prog{
		Pkg:     pkg,
		m:       m,
		index:   map[*Func]int32{},
		byFn:    map[*ssa.Function]*Func{},
		facts:   map[*types.Func]*Func{},
		strs:    map[string]int64{},
		globIdx: map[*ssa.Global]int32{},
		fields:  map[*types.Var]*FieldInfo{},
		caps:    map[any]capInfo{},

		valueCaps: map[ssa.Value]Caps{},
	}
}

func (p *Prog) newSite(op *Op) int32 {
	p.sites++
	p.siteOp = append(p.siteOp, op)
	return p.sites - 1
}

// Funcs returns every skeleton built, in the order they were made.
func (p *Prog) Funcs() []*Func { return p.funcs }

// extOf describes an unknown value of type t, as a parameter or a load
// from memory the engine does not see gives it.
func (p *Prog) extOf(t types.Type) *ExtType {
	if t == nil {
		return &ExtType{}
	}
	if e, ok := p.ext.At(t).(*ExtType); ok {
		return e
	}
	e := &ExtType{Type: t, Cap: -1}
	p.ext.Set(t, e)
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return e
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		e.Kind, e.Caps, e.Fresh = ObjChan, CapAll, FreshNil
	case *types.Pointer:
		c := p.cellOf(u.Elem(), nil)
		*e = *c
		e.Type = t
		e.Fresh = FreshNil
	case *types.Interface:
		if model.IsContext(t) {
			e.Kind, e.Caps = ObjCtx, CapClose
		}
		e.Fresh = FreshNil
	case *types.Signature:
		e.Fresh = FreshNil
	case *types.Slice:
		e.Fresh = FreshSlice
	case *types.Map:
		e.Fresh = FreshMap
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			e.Fresh = FreshBool
		case u.Info()&types.IsInteger != 0:
			e.Fresh = FreshInt
		case u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil:
			e.Fresh = FreshNil
		}
	}
	return e
}

// cellOf describes a variable of type t: a lock, a WaitGroup, a struct, or
// a cell holding one value. For a field, f gives what the package does to
// it.
func (p *Prog) cellOf(t types.Type, f *types.Var) *ExtType {
	e := &ExtType{Type: t, Cap: -1, Caps: CapAll}
	switch {
	case model.IsSync(t, "Mutex") && !isPointer(t):
		e.Kind = ObjMutex
	case model.IsSync(t, "RWMutex") && !isPointer(t):
		e.Kind = ObjRWMutex
	case model.IsSync(t, "WaitGroup") && !isPointer(t):
		e.Kind = ObjWG
	case model.IsSync(t, "Cond") && !isPointer(t):
		e.Kind = ObjCond
	case model.IsSync(t, "Once") && !isPointer(t):
		e.Kind = ObjOnce
	case isErrgroup(t):
		e.Kind = ObjGroup
	default:
		if _, ok := types.Unalias(t).(*types.TypeParam); !ok {
			if _, ok := t.Underlying().(*types.Struct); ok {
				e.Kind = ObjStruct
				break
			}
		}
		e.Kind = ObjCell
		if f != nil {
			e.Elem = p.fieldElem(f)
		} else {
			e.Elem = p.extOf(t)
		}
		e.Fresh = e.Elem.Fresh
	}
	if f != nil && e.Kind != ObjCell && e.Kind != ObjStruct {
		e.Caps = p.capsOf(f).caps
	}
	return e
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

func isErrgroup(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "golang.org/x/sync/errgroup" && n.Obj().Name() == "Group"
}

func (p *Prog) groupCell() *ExtType {
	return &ExtType{Kind: ObjGroup, Cap: -1}
}

// fieldElem describes the value held in field (or package variable) v:
// for a channel, what the package does to it anywhere.
func (p *Prog) fieldElem(v *types.Var) *ExtType {
	base := p.extOf(v.Type())
	if base.Kind != ObjChan {
		return base
	}
	ci := p.capsOf(v)
	e := *base
	e.Caps, e.Cap = ci.caps, ci.cap
	e.Name = v.Name()
	return &e
}

// field returns the FieldInfo of struct field v.
func (p *Prog) field(v *types.Var) *FieldInfo {
	v = v.Origin()
	if fi, ok := p.fields[v]; ok {
		return fi
	}
	fi := &FieldInfo{ID: int32(len(p.fields)), Var: v}
	p.fields[v] = fi
	fi.Type = p.cellOf(v.Type(), v)
	fi.Type.Name = v.Name()
	return fi
}

// global returns the index of package variable g.
func (p *Prog) global(g *ssa.Global) int32 {
	if i, ok := p.globIdx[g]; ok {
		return i
	}
	i := int32(len(p.globals))
	p.globIdx[g] = i
	p.globals = append(p.globals, g)
	var e *ExtType
	if v, ok := g.Object().(*types.Var); ok && g.Pkg != nil && g.Pkg.Pkg == p.Pkg {
		e = p.cellOf(deref(g.Type()), v)
	} else {
		e = p.cellOf(deref(g.Type()), nil)
	}
	e.Name = g.Name()
	p.globExt = append(p.globExt, e)
	return i
}

// factFunc returns a skeleton for a function of another package made from
// its ParamOps fact, or nil when it has none.
func (p *Prog) factFunc(obj *types.Func) *Func {
	if f, ok := p.facts[obj]; ok {
		return f
	}
	p.facts[obj] = nil
	po := p.m.ParamOpsOf(obj)
	if po == nil || len(po.Ops) == 0 {
		return nil
	}
	f := synthFact(p, obj, po)
	p.facts[obj] = f
	return f
}

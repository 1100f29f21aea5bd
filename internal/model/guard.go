package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// This file infers which mutex guards a variable, without annotations: it
// collects every read and write of the struct fields and package variables
// of the package, the mutexes of the same object held at each (by the
// function's own operations or by every caller), and whether the access can
// run while other goroutines reach the object. The guard is the mutex held
// at most accesses. Checks decide what to report.

// VarAccess is one read or write of a struct field declared in the package
// (or an exported field of another package's struct that has a mutex), or
// of a package variable: a load from or a store to its address.
type VarAccess struct {
	Instr ssa.Instruction // the *ssa.UnOp load or the *ssa.Store
	Var   *types.Var      // the field (its generic origin) or package variable
	Ref   Ref             // the variable: its root object and field path
	Write bool
	// MapWrite reports a load of a map that the loaded value is written
	// through: m[k] = v, m[k]++, delete(m, k), clear(m).
	MapWrite bool
	// Held are the mutexes held on every path to the access that can guard
	// it: a field of the same object (or of an object holding it), or a
	// package variable.
	Held []GuardHeld
	// Unknown reports that no guard is held but a lock the model cannot
	// name may be (MaybeLocked; MaybeLockedByCaller for the function or its
	// callers up to three calls up; a function used as a value, whose
	// callers are not known), or that the function
	// may wait (receive, select, Wait) before the access, or makes it only
	// on a branch taken on a sync/atomic result: a channel, a WaitGroup or
	// an atomic flag may order it.
	Unknown bool
	// Shared reports that other goroutines may reach the object here: it
	// was not made by this function and not yet handed out, and the function
	// is not one that only sets up values not yet shared (init, or one
	// called only on fresh values).
	Shared bool
	// Entry reports that the code can be called concurrently: it is
	// reached, through calls in the package, from an exported function or
	// method, or from the body of a goroutine. Code of _test.go files is not
	// collected.
	Entry bool
	// Spawned reports that the code is a goroutine's body of the package,
	// or reached from one through calls.
	Spawned bool
}

// GuardHeld is a mutex held at an access.
type GuardHeld struct {
	Guard *types.Var // the mutex: a field (its origin) or a package variable
	Mutex Ref
	Read  bool    // held for reading only
	Lock  *LockOp // the operation of the access's function taking it; nil when held by callers
	// Caller reports that the function's callers hold it: every call in
	// the package does, or the function unlocks it without locking it.
	Caller bool
}

// GuardedVar is a variable with its accesses and the mutex inferred to
// guard it (Guard nil when none is held at two or more accesses).
type GuardedVar struct {
	Var      *types.Var
	Accesses []*VarAccess
	Guard    *types.Var
}

// Holds returns the hold of mutex g at a, if any.
func (a *VarAccess) Holds(g *types.Var) (GuardHeld, bool) {
	for _, h := range a.Held {
		if h.Guard == g {
			return h, true
		}
	}
	return GuardHeld{}, false
}

// Guarded returns the variables of the package accessed by its code, in the
// order of their first access, each with the mutex held at most of its
// shared accesses. Variables whose address is used other than for a load
// or a store (passed to a function, sync/atomic, a method of the field's
// value) and variables of sync or sync/atomic types are left out: their
// accesses are not all seen. It is computed once per package, on first use.
func (m *Model) Guarded() []*GuardedVar {
	if m == nil || m.b == nil {
		return nil
	}
	m.guardOnce.Do(func() { m.guarded = newGuardBuilder(m).run() })
	return m.guarded
}

// guardDepth bounds the calls followed up to a caller's locks and to
// functions called only on fresh values.
const guardDepth = 3

type guardBuilder struct {
	m         *Model
	b         *builder
	entry     map[*ssa.Function]bool
	spawned   map[*ssa.Function]bool
	callerH   map[*ssa.Function][]GuardHeld
	inCaller  map[*ssa.Function]bool
	preShare  map[[2]any]bool
	inPre     map[[2]any]bool
	waitsIn   map[*ssa.Function][]ssa.Instruction
	mayLock   map[*ssa.Function]bool
	byMethod  map[string][]ssa.CallInstruction // invokes
	handsLock map[*types.Named]bool            // insideLock
	handed    map[*types.Named]bool            // handedLocked
}

func newGuardBuilder(m *Model) *guardBuilder {
	return &guardBuilder{m: m, b: m.b,
		entry: map[*ssa.Function]bool{}, spawned: map[*ssa.Function]bool{},
		callerH: map[*ssa.Function][]GuardHeld{}, inCaller: map[*ssa.Function]bool{},
		preShare: map[[2]any]bool{}, inPre: map[[2]any]bool{},
		waitsIn: map[*ssa.Function][]ssa.Instruction{}, mayLock: map[*ssa.Function]bool{},
		handsLock: map[*types.Named]bool{}, handed: map[*types.Named]bool{}}
}

// hasGuards reports whether the package declares a mutex that can guard a
// variable (a struct field or a package variable of type sync.Mutex or
// sync.RWMutex), or selects an exported field of another package's struct
// that has one.
func hasGuards(pkg *types.Package, info *types.Info, fns []*ssa.Function) bool {
	if selectsGuardable(pkg, info) {
		return true
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if IsSync(obj.Type(), "Mutex", "RWMutex") {
			if _, ok := obj.(*types.Var); ok {
				return true
			}
		}
		if tn, ok := obj.(*types.TypeName); ok && structHasMutex(tn.Type(), 0) {
			return true
		}
	}
	// Types declared inside functions.
	for _, fn := range fns {
		for _, l := range fn.Locals {
			if structHasMutex(l.Type(), 0) {
				return true
			}
		}
	}
	return false
}

// selectsGuardable reports whether the package selects an exported field of
// another package's struct that has a mutex field.
func selectsGuardable(pkg *types.Package, info *types.Info) bool {
	for _, sel := range info.Selections {
		if sel.Kind() == types.FieldVal && sel.Obj().Pkg() != pkg && sel.Obj().Exported() && structHasMutex(sel.Recv(), 0) {
			return true
		}
	}
	return false
}

func structHasMutex(t types.Type, depth int) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 2 {
		return false
	}
	for i := range st.NumFields() {
		ft := st.Field(i).Type()
		if IsSync(ft, "Mutex", "RWMutex") {
			return true
		}
		if _, isStruct := ft.Underlying().(*types.Struct); isStruct && structHasMutex(ft, depth+1) {
			return true
		}
	}
	return false
}

func (g *guardBuilder) run() []*GuardedVar {
	m, b := g.m, g.b
	if b.pass == nil || !hasGuards(b.pass.Pkg, b.pass.TypesInfo, b.funcs) {
		return nil
	}
	g.index()
	byVar := map[*types.Var]*GuardedVar{}
	escaped := map[*types.Var]bool{}
	var vars []*GuardedVar
	for _, fn := range b.funcs {
		if g.inTest(fn) {
			continue
		}
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				addr, write := LoadStore(instr)
				switch in := instr.(type) {
				case *ssa.Store, *ssa.UnOp:
					if addr == nil {
						continue
					}
				case *ssa.FieldAddr:
					if v := g.varOf(in); v != nil && addrEscapes(in) {
						escaped[v] = true
					}
					continue
				case *ssa.IndexAddr, *ssa.Slice, *ssa.Call, *ssa.Go, *ssa.Defer, *ssa.MakeClosure:
					for _, op := range instr.Operands(nil) {
						if gl, ok := (*op).(*ssa.Global); ok && gl.Pkg == m.SSA {
							if v, ok := gl.Object().(*types.Var); ok {
								escaped[v] = true
							}
						}
					}
					continue
				default:
					continue
				}
				v := g.varOf(addr)
				if v == nil {
					continue
				}
				gv := byVar[v]
				if gv == nil {
					gv = &GuardedVar{Var: v}
					byVar[v] = gv
					vars = append(vars, gv)
				}
				a := &VarAccess{Instr: instr, Var: v, Ref: m.Ref(addr), Write: write}
				if ld, ok := instr.(*ssa.UnOp); ok {
					a.MapWrite = writesMap(ld)
				}
				gv.Accesses = append(gv.Accesses, a)
			}
		}
	}
	// Only a variable accessed at two or more places where a lock can be
	// held (in a function that locks or calls a lock helper, or in one
	// they call, up to three calls down) can have a guard: the others are
	// described only when their struct type has a guarded field (the
	// check-then-act report needs them), and left out otherwise.
	locking := g.lockingFuncs()
	described := map[*GuardedVar]bool{}
	owners := map[types.Type]bool{}
	describe := func(gv *GuardedVar) {
		described[gv] = true
		for _, a := range gv.Accesses {
			g.describe(a)
		}
		gv.Guard = inferGuard(gv)
		if gv.Guard != nil {
			owners[OwnerType(gv.Accesses[0].Ref)] = true
		}
	}
	for _, gv := range vars {
		if escaped[gv.Var] {
			continue
		}
		n := 0
		for _, a := range gv.Accesses {
			if locking[a.Instr.Parent()] {
				n++
			}
		}
		if n >= 2 || gv.Var.Pkg() != m.Pkg {
			describe(gv)
		}
	}
	var out []*GuardedVar
	for _, gv := range vars {
		if escaped[gv.Var] {
			continue
		}
		if !described[gv] {
			if !owners[OwnerType(gv.Accesses[0].Ref)] {
				continue
			}
			describe(gv)
		}
		if gv.Guard != nil || gv.Var.Pkg() != m.Pkg || owners[OwnerType(gv.Accesses[0].Ref)] {
			for _, a := range gv.Accesses {
				if len(a.Held) == 0 && a.Shared && a.Entry {
					a.Unknown = m.MaybeLocked(a.Instr, nil) || g.callerMayLock(a.Instr.Parent(), 0) || g.waitsBefore(a.Instr) || atomicGated(a.Instr)
				}
			}
		}
		out = append(out, gv)
	}
	return out
}

// LoadStore returns the address instr loads from (*p) or stores to
// (*p = v), and whether it stores; nil for any other instruction.
func LoadStore(instr ssa.Instruction) (addr ssa.Value, write bool) {
	switch in := instr.(type) {
	case *ssa.Store:
		return in.Addr, true
	case *ssa.UnOp:
		if in.Op == token.MUL {
			return in.X, false
		}
	}
	return nil, false
}

// OwnerType returns the type of the value whose field r is (the struct
// holding the variable), or nil for a package variable itself.
func OwnerType(r Ref) types.Type {
	var t types.Type
	switch n := len(r.Fields); {
	case n >= 2:
		t = r.Fields[n-2].Type()
	case n == 1:
		t = r.Root.Type()
	default:
		return nil
	}
	for range 2 {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return named.Origin()
	}
	return t
}

// lockingFuncs returns the functions where a lock can be held: those that
// lock, unlock or call a lock helper, and those they call (and their
// literals), up to guardDepth calls down.
func (g *guardBuilder) lockingFuncs() map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	var frontier []*ssa.Function
	for _, f := range g.m.Funcs {
		if len(f.LockOps) > 0 || len(g.m.LockCalls(f)) > 0 {
			frontier = append(frontier, f.Fn)
		}
	}
	for depth := 0; depth <= guardDepth && len(frontier) > 0; depth++ {
		var next []*ssa.Function
		for _, fn := range frontier {
			if out[fn] {
				continue
			}
			out[fn] = true
			next = append(next, fn.AnonFuncs...)
			for _, blk := range fn.Blocks {
				for _, in := range blk.Instrs {
					if c, ok := in.(ssa.CallInstruction); ok {
						if callee := c.Common().StaticCallee(); callee != nil && callee.Pkg == g.m.SSA {
							next = append(next, callee)
						}
					}
				}
			}
		}
		frontier = next
	}
	return out
}

// varOf returns the variable addr is the address of, when it is a field of
// a struct type of this package or a package variable, not of a sync or
// sync/atomic type.
func (g *guardBuilder) varOf(addr ssa.Value) *types.Var {
	var v *types.Var
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		f := StructField(a.X.Type(), a.Field)
		if f == nil {
			return nil
		}
		v = f.Origin()
		if v.Pkg() != g.m.Pkg && (!v.Exported() || !structHasMutex(a.X.Type(), 0)) {
			return nil // another package's field: only exported ones of a struct with a mutex
		}
	case *ssa.Global:
		if a.Pkg != g.m.SSA {
			return nil
		}
		v, _ = a.Object().(*types.Var)
	}
	if v == nil || isSyncValue(v.Type()) {
		return nil
	}
	return v
}

// writesMap reports whether the map loaded by ld is written through the
// loaded value.
func writesMap(ld *ssa.UnOp) bool {
	if _, ok := ld.Type().Underlying().(*types.Map); !ok {
		return false
	}
	for _, r := range *ld.Referrers() {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == ssa.Value(ld) {
				return true
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") && len(r.Call.Args) > 0 && r.Call.Args[0] == ssa.Value(ld) {
				return true
			}
		}
	}
	return false
}

// isSyncValue reports whether t is a type of sync or sync/atomic, or a
// struct or array of them: such values are used through their methods.
func isSyncValue(t types.Type) bool {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case pathSync, pathAtomic:
			return true
		}
	}
	return false
}

// addrEscapes reports whether the field address fa is used other than to
// load, store or select a field or element of the field's value.
func addrEscapes(fa *ssa.FieldAddr) bool {
	for _, r := range *fa.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return true
			}
		case *ssa.Store:
			if r.Addr != ssa.Value(fa) {
				return true
			}
		case *ssa.FieldAddr, *ssa.DebugRef:
		default:
			return true
		}
	}
	return false
}

// inTest reports whether fn is declared in a _test.go file.
func (g *guardBuilder) inTest(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if !fn.Pos().IsValid() {
		return false
	}
	return strings.HasSuffix(g.b.pass.Fset.File(fn.Pos()).Name(), "_test.go")
}

// index finds the functions used as values and the functions reached from
// the package's concurrent entry points: exported functions and methods and
// goroutine bodies, through static calls in the package (calls of literals
// included, literals handed elsewhere not).
func (g *guardBuilder) index() {
	var roots []*ssa.Function
	for _, fn := range g.b.funcs {
		if fn.Parent() == nil && fn.Synthetic == "" && !g.inTest(fn) {
			if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
				roots = append(roots, fn)
			}
		}
	}
	var spawned []*ssa.Function
	for _, s := range g.m.Spawns {
		if s.Target != nil {
			spawned = append(spawned, s.Target)
		}
	}
	g.reach(spawned, g.spawned)
	g.reach(append(roots, spawned...), g.entry)
}

// reach marks in seen the functions reached from roots through static
// calls in the package (calls of literals included; go statements and
// literals handed elsewhere not).
func (g *guardBuilder) reach(roots []*ssa.Function, seen map[*ssa.Function]bool) {
	callReach(g.m.SSA, roots, seen)
}

// CallReach returns the functions of the package that fn reaches through
// calls and deferred calls (fn included): the code that runs in fn's
// goroutine. Go statements start other goroutines and are not followed.
func (m *Model) CallReach(fn *ssa.Function) map[*ssa.Function]bool {
	seen := map[*ssa.Function]bool{}
	if m != nil && m.SSA != nil {
		callReach(m.SSA, []*ssa.Function{fn}, seen)
	}
	return seen
}

func callReach(pkg *ssa.Package, roots []*ssa.Function, seen map[*ssa.Function]bool) {
	for len(roots) > 0 {
		fn := roots[len(roots)-1]
		roots = roots[:len(roots)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := c.(*ssa.Go); isGo {
					continue // a root of its own
				}
				callee := c.Common().StaticCallee()
				if callee == nil {
					if mc, ok := c.Common().Value.(*ssa.MakeClosure); ok {
						callee, _ = mc.Fn.(*ssa.Function)
					}
				}
				if callee != nil && callee.Pkg == pkg && !seen[callee] {
					roots = append(roots, callee)
				}
			}
		}
	}
}

// boundTarget returns the method of a bound method value (x.M), or nil.
func boundTarget(mc *ssa.MakeClosure) *ssa.Function {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || fn.Synthetic == "" || !strings.HasSuffix(fn.Name(), "$bound") {
		return nil
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return fn.Prog.FuncValue(obj)
	}
	return nil
}

// describe fills in a's locks and sharing.
func (g *guardBuilder) describe(a *VarAccess) {
	fn := a.Instr.Parent()
	for _, h := range g.heldAt(a.Instr, 0) {
		if covers(h.Mutex, a.Ref) {
			a.Held = append(a.Held, h)
		}
	}
	a.Shared = !g.fresh(a.Ref, a.Instr) && !g.preShared(fn, a.Ref, 0)
	a.Entry = g.entry[fn]
	a.Spawned = g.spawned[fn]
}

// callerMayLock reports whether fn may run with a lock its callers hold:
// MaybeLockedByCaller for fn, or for a function calling it, up to
// guardDepth calls up; or fn (or the function its literal is in) is used as
// a value, so its callers are not known.
func (g *guardBuilder) callerMayLock(fn *ssa.Function, depth int) bool {
	if v, ok := g.mayLock[fn]; ok {
		return v
	}
	g.mayLock[fn] = false // a cycle adds nothing
	v := g.callerMayLock1(fn, depth)
	if depth == 0 || v {
		g.mayLock[fn] = v
	} else {
		delete(g.mayLock, fn) // cut by the bound: not final
	}
	return v
}

func (g *guardBuilder) callerMayLock1(fn *ssa.Function, depth int) bool {
	if g.m.MaybeLockedByCaller(fn) || g.insideLock(fn) || ExternallySynchronized(fn) || g.handedLocked(fn) {
		return true
	}
	decl := fn
	for decl.Parent() != nil {
		if g.m.usedAsValue(decl) {
			return true
		}
		decl = decl.Parent()
	}
	if g.m.usedAsValue(decl) {
		return true
	}
	if depth >= guardDepth {
		return false
	}
	for _, c := range g.invokes(decl) {
		if g.m.MaybeLocked(c, nil) || g.callerMayLock(c.Parent(), depth+1) {
			return true
		}
	}
	for _, c := range g.m.callsOf(decl) {
		if _, isGo := c.(*ssa.Go); isGo {
			continue
		}
		if g.callerMayLock(c.Parent(), depth+1) {
			return true
		}
	}
	return false
}

// ExternallySynchronized reports whether fn's documentation says that its
// callers synchronise it ("externally synchronized", "not safe for
// concurrent use", "must not be called concurrently"): the contract a
// GUARDED_BY annotation would state, in words. MaybeLockedByCaller reads
// the words that name a lock.
func ExternallySynchronized(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Doc == nil {
		return false
	}
	text := strings.ToLower(fd.Doc.Text())
	for _, k := range []string{"synchroniz", "synchronis", "not safe for concurrent", "not concurrently", "not be called concurrently", "single goroutine"} {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

// recvNamed returns the named type of fn's receiver (fn, or the method its
// literal is in), or nil.
func recvNamed(fn *ssa.Function) *types.Named {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin()
	}
	return nil
}

// handedLocked reports whether fn is a method of an unexported type whose
// values the package converts to an interface while holding a lock: the
// code given the interface (a batch's Replay handed a cleaner under the
// database lock) calls the method under it. Values of exported types are
// used directly as well, so their methods keep their own callers.
func (g *guardBuilder) handedLocked(fn *ssa.Function) bool {
	named := recvNamed(fn)
	if named == nil || named.Obj().Exported() {
		return false // an exported type's values are used directly too, not only through interfaces
	}
	if v, ok := g.handed[named]; ok {
		return v
	}
	v := false
	for _, f := range g.b.funcs {
		for _, blk := range f.Blocks {
			for _, in := range blk.Instrs {
				mi, ok := in.(*ssa.MakeInterface)
				if !ok || v {
					continue
				}
				t := mi.X.Type()
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				if n, ok := types.Unalias(t).(*types.Named); !ok || n.Origin() != named {
					continue
				}
				if len(g.m.HeldAt(mi)) > 0 {
					v = true // converted, and so handed on, with a lock held on every path
				}
			}
		}
	}
	g.handed[named] = v
	return v
}

// insideLock reports whether fn is a method of a type one of whose methods
// unlocks a mutex it did not lock: the type's values live inside a
// critical section their creator opened (a read transaction whose End
// releases the store's lock), so its methods may run under that lock.
func (g *guardBuilder) insideLock(fn *ssa.Function) bool {
	named := recvNamed(fn)
	if named == nil {
		return false
	}
	if v, ok := g.handsLock[named]; ok {
		return v
	}
	v := false
	for _, f := range g.m.Funcs {
		r := f.Fn.Signature.Recv()
		if r == nil || f.Fn.Parent() != nil {
			continue
		}
		rt := r.Type()
		if p, ok := rt.(*types.Pointer); ok {
			rt = p.Elem()
		}
		if n, ok := types.Unalias(rt).(*types.Named); !ok || n.Origin() != named {
			continue
		}
		for _, op := range f.LockOps {
			if (op.Kind == Unlock || op.Kind == RUnlock) && !g.m.LockedBefore(f, op) {
				v = true
			}
		}
	}
	g.handsLock[named] = v
	return v
}

// invokes returns the calls through an interface, in the package, of a
// method named as the method fn: its callers that the static call graph
// does not show.
func (g *guardBuilder) invokes(fn *ssa.Function) []ssa.CallInstruction {
	if fn.Signature.Recv() == nil {
		return nil
	}
	if g.byMethod == nil {
		g.byMethod = map[string][]ssa.CallInstruction{}
		for _, f := range g.b.funcs {
			for _, blk := range f.Blocks {
				for _, in := range blk.Instrs {
					if c, ok := in.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
						name := c.Common().Method.Name()
						g.byMethod[name] = append(g.byMethod[name], c)
					}
				}
			}
		}
	}
	var out []ssa.CallInstruction
	recv := fn.Signature.Recv().Type()
	for _, c := range g.byMethod[fn.Name()] {
		if iface, ok := c.Common().Value.Type().Underlying().(*types.Interface); ok && types.Implements(recv, iface) {
			out = append(out, c)
		}
	}
	return out
}

// atomicGated reports whether instr runs only on one branch of an if whose
// condition is computed from a sync/atomic call (if atomic.LoadInt32(&f) ==
// 0 { … }): a flag set atomically orders the access.
func atomicGated(instr ssa.Instruction) bool {
	return branchesOn(instr, func(iff *ssa.If, _ int) bool {
		return iff.Block() != instr.Block() && fromAtomic(iff.Cond, 0)
	})
}

func fromAtomic(v ssa.Value, depth int) bool {
	if depth > 3 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "sync/atomic" {
			return true
		}
	case *ssa.BinOp:
		return fromAtomic(v.X, depth+1) || fromAtomic(v.Y, depth+1)
	case *ssa.UnOp:
		return fromAtomic(v.X, depth+1)
	case *ssa.Extract:
		return fromAtomic(v.Tuple, depth+1)
	}
	return false
}

// waitsBefore reports whether instr's function may receive, select on a
// receive or Wait before instr: what it waited for (a close after the
// write, a Done) may order the access after the other side's.
func (g *guardBuilder) waitsBefore(instr ssa.Instruction) bool {
	fn := instr.Parent()
	ws, ok := g.waitsIn[fn]
	if !ok {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				if waits(g.m, in) {
					ws = append(ws, in)
				}
			}
		}
		g.waitsIn[fn] = ws
	}
	for _, w := range ws {
		if w != instr && g.m.Reaches(w, instr) {
			return true
		}
	}
	return false
}

// covers reports whether mutex mu can guard the variable r: a package
// mutex guards the package's variables; a mutex field guards the fields
// of its object and of the objects on its path.
func covers(mu, r Ref) bool {
	if _, ok := mu.Root.(*ssa.Global); ok && len(mu.Fields) == 0 {
		// A package mutex guards package variables (and their fields),
		// not the fields of objects held elsewhere.
		_, global := r.Root.(*ssa.Global)
		return global
	}
	n := len(mu.Fields)
	if n == 0 || n > len(r.Fields) {
		return false
	}
	return Ref{Root: mu.Root, Fields: mu.Fields[:n-1]}.Same(Ref{Root: r.Root, Fields: r.Fields[:n-1]})
}

// GuardOf returns the variable naming mutex r: its last field's origin, or
// the package variable; nil for a local mutex.
func GuardOf(r Ref) *types.Var {
	if n := len(r.Fields); n > 0 {
		return r.Fields[n-1].Origin()
	}
	if gl, ok := r.Root.(*ssa.Global); ok {
		v, _ := gl.Object().(*types.Var)
		return v
	}
	return nil
}

// heldAt returns the mutexes held at instr: by its function's operations on
// every path, by the callers when the function unlocks a mutex it did not
// lock after instr, and by every call of the function in the package
// (callerHeld).
func (g *guardBuilder) heldAt(instr ssa.Instruction, depth int) []GuardHeld {
	var out []GuardHeld
	add := func(h GuardHeld) {
		if h.Guard == nil {
			return
		}
		for i, o := range out {
			if o.Mutex.Same(h.Mutex) {
				out[i].Read = o.Read && h.Read
				return
			}
		}
		out = append(out, h)
	}
	for _, h := range g.m.HeldAt(instr) {
		add(GuardHeld{Guard: GuardOf(h.Mutex), Mutex: h.Mutex, Read: h.Read, Lock: h.Lock})
	}
	if f := g.m.Func(instr.Parent()); f != nil {
		for _, op := range f.LockOps {
			if op.Kind != Unlock && op.Kind != RUnlock || !op.Deferred && !g.m.Reaches(instr, op.Instr) {
				continue
			}
			if !g.m.LockedBefore(f, op) {
				add(GuardHeld{Guard: GuardOf(op.Mutex), Mutex: op.Mutex, Read: op.Kind == RUnlock, Caller: true})
			}
		}
	}
	if depth < guardDepth {
		for _, h := range g.callerHeld(instr.Parent(), depth+1) {
			add(h)
		}
	}
	return out
}

// callerHeld returns the mutexes every call of fn in the package holds, in
// fn's terms: a mutex reached through an argument becomes one reached
// through the parameter. Functions that other packages can call (exported
// ones, or methods of exported names), functions used as values, started as
// goroutines or deferred, and functions never called get none.
func (g *guardBuilder) callerHeld(fn *ssa.Function, depth int) []GuardHeld {
	if hs, ok := g.callerH[fn]; ok {
		return hs
	}
	if g.inCaller[fn] || g.m.usedAsValue(fn) {
		return nil
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return nil
	}
	if len(g.invokes(fn)) > 0 {
		return nil // called through an interface too: those calls are not translated
	}
	var calls []ssa.CallInstruction
	if fn.Parent() != nil {
		calls = g.b.calls[fn]
	} else {
		calls = g.m.callsOf(fn)
	}
	if len(calls) == 0 {
		return nil
	}
	g.inCaller[fn] = true
	defer delete(g.inCaller, fn)
	var common []GuardHeld
	for i, c := range calls {
		switch c.(type) {
		case *ssa.Go, *ssa.Defer:
			g.callerH[fn] = nil
			return nil
		}
		var here []GuardHeld
		for _, h := range g.heldAt(c, depth) {
			if r, ok := g.toCallee(fn, c, h.Mutex); ok {
				h.Mutex, h.Lock, h.Caller = r, nil, true
				here = append(here, h)
			}
		}
		if i == 0 {
			common = here
			continue
		}
		common = slices.DeleteFunc(common, func(h GuardHeld) bool {
			j := slices.IndexFunc(here, func(o GuardHeld) bool { return o.Mutex.Same(h.Mutex) })
			if j < 0 {
				return true
			}
			h.Read = h.Read || here[j].Read
			return false
		})
		for k, h := range common {
			if j := slices.IndexFunc(here, func(o GuardHeld) bool { return o.Mutex.Same(h.Mutex) }); j >= 0 && here[j].Read {
				common[k].Read = true
			}
		}
		if len(common) == 0 {
			break
		}
	}
	if depth <= 1 {
		g.callerH[fn] = common // memoised at the top level only: deeper results are cut by the bound
	}
	return common
}

// toCallee translates mutex r, in the terms of call c's function, into the
// terms of its callee fn: through the argument that reaches it, or as it is
// for a package variable and, in a literal, for the enclosing function's
// objects the literal shares.
func (g *guardBuilder) toCallee(fn *ssa.Function, c ssa.CallInstruction, r Ref) (Ref, bool) {
	if _, ok := r.Root.(*ssa.Global); ok {
		return r, true
	}
	args := c.Common().Args
	params := fn.Params
	if c.Common().IsInvoke() {
		return Ref{}, false
	}
	if c.Common().Signature().Recv() != nil && len(params) == len(args)+1 {
		params = params[1:]
	}
	for i, arg := range args {
		if i >= len(params) {
			break
		}
		ar := g.m.Ref(arg)
		if len(ar.Fields) <= len(r.Fields) && ar.Same(Ref{Root: r.Root, Fields: r.Fields[:len(ar.Fields)]}) {
			return Ref{Root: params[i], Fields: r.Fields[len(ar.Fields):]}, true
		}
	}
	if fn.Parent() != nil {
		return r, true
	}
	return Ref{}, false
}

// fresh reports whether the object of r was made by at's function (new,
// &T{}, a local variable, or the result of a call of a function of the
// package that returns what it makes) and nothing done before at hands it
// out: only its fields were used.
func (g *guardBuilder) fresh(r Ref, at ssa.Instruction) bool {
	return len(r.Fields) > 0 && g.freshObject(r.Root, at)
}

// freshObject is fresh for the object v itself.
func (g *guardBuilder) freshObject(v ssa.Value, at ssa.Instruction) bool {
	if !g.made(v, 0) {
		return false
	}
	if root := v.(ssa.Instruction); root.Parent() != at.Parent() {
		return false
	}
	for _, u := range g.sharePoints(v, 0, 0) {
		if u != at && g.m.Reaches(u, at) {
			return false
		}
	}
	return true
}

// sharePoints returns the instructions at which the object v may be handed
// to another goroutine (shares). A literal capturing v shares it where the
// literal itself is shared, and a local struct holding the literal (a
// watcher's callbacks) where that struct is: the capture alone hands
// nothing out. The variable a captured pointer lives in is followed
// through its loads.
func (g *guardBuilder) sharePoints(v ssa.Value, depth, calls int) []ssa.Instruction {
	return g.sharePointsSeen(v, depth, calls, map[ssa.Value]bool{})
}

func (g *guardBuilder) sharePointsSeen(v ssa.Value, depth, calls int, seen map[ssa.Value]bool) []ssa.Instruction {
	if seen[v] {
		return nil // around a loop: its share points are counted once
	}
	seen[v] = true
	var out []ssa.Instruction
	for _, u := range *v.Referrers() {
		switch u := u.(type) {
		case *ssa.MakeClosure:
			if depth < 3 && u.Fn != v {
				out = append(out, g.sharePointsSeen(u, depth+1, calls, seen)...)
				continue
			}
		case *ssa.Store:
			if u.Val == v && depth < 3 {
				switch addr := u.Addr.(type) {
				case *ssa.FieldAddr: // a field of a local struct
					if a, ok := addr.X.(*ssa.Alloc); ok {
						out = append(out, g.sharePointsSeen(a, depth+1, calls, seen)...)
						continue
					}
				case *ssa.Alloc: // the variable holding it, captured by a literal
					out = append(out, g.sharePointsSeen(addr, depth+1, calls, seen)...)
					continue
				}
			}
		case *ssa.MakeInterface, *ssa.Phi, *ssa.ChangeType:
			// The same object under another type or name (seen stops
			// the cycles of a loop variable).
			{
				if mi, ok := u.(*ssa.MakeInterface); ok && g.onlyOut(mi, 0) {
					continue
				}
				out = append(out, g.sharePointsSeen(u.(ssa.Value), depth, calls, seen)...)
				continue
			}
		case *ssa.UnOp:
			if u.Op == token.MUL && depth < 3 {
				if _, ptr := u.Type().Underlying().(*types.Pointer); ptr {
					out = append(out, g.sharePointsSeen(u, depth+1, calls, seen)...) // a load of the variable: the object again
				}
				continue
			}
		}
		if g.shares(u, v, calls) {
			out = append(out, u)
		}
	}
	return out
}

// shares reports whether the use u of the object v may hand it to another
// goroutine: a go or defer statement, a store of the pointer, a send, a
// capture, or a call of a function of the package that retains it (starts
// a goroutine, stores or captures its parameter, or passes it on to one
// that does, up to two calls down). Calls of other packages' functions are
// taken not to retain it (fmt's %p, a logger, a metric): the functions
// that do (a registration with a server) are left unseen.
func (g *guardBuilder) shares(u ssa.Instruction, v ssa.Value, depth int) bool {
	switch u := u.(type) {
	case *ssa.FieldAddr, *ssa.DebugRef, *ssa.IndexAddr:
		return false
	case *ssa.Store:
		return u.Val == v
	case *ssa.Call:
		if b, ok := u.Call.Value.(*ssa.Builtin); ok {
			return b.Name() == "append" // into a slice someone else may hold
		}
		callee := u.Call.StaticCallee()
		if callee == nil {
			return u.Call.IsInvoke() && u.Call.Value == v // a method of an interface holding it: unknown
		}
		if callee.Pkg != g.m.SSA {
			return false
		}
		for i, arg := range u.Call.Args {
			if arg == v && g.retains(callee, i, depth) {
				return true
			}
		}
		return false
	case *ssa.MakeInterface:
		return !g.onlyOut(u, 0)
	}
	return true
}

// onlyOut reports whether the value v is only passed to other packages'
// functions: as an argument, or stored in a local array (the ... of
// fmt.Sprintf("%p", v)) that only such calls receive.
func (g *guardBuilder) onlyOut(v ssa.Value, depth int) bool {
	if depth > 3 {
		return false
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Call:
			if r.Call.IsInvoke() || r.Call.StaticCallee() == nil || r.Call.StaticCallee().Pkg == g.m.SSA {
				return false
			}
		case *ssa.Store:
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || r.Val != v {
				return false
			}
			a, ok := ia.X.(*ssa.Alloc)
			if !ok {
				return false
			}
			for _, ar := range *a.Referrers() {
				switch ar := ar.(type) {
				case *ssa.IndexAddr, *ssa.DebugRef:
				case *ssa.Slice:
					if !g.onlyOut(ar, depth+1) {
						return false
					}
				default:
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// retains reports whether fn may hand its parameter i to another
// goroutine (shares, for the parameter's uses).
func (g *guardBuilder) retains(fn *ssa.Function, i int, depth int) bool {
	if i >= len(fn.Params) || depth >= 2 {
		return true
	}
	if f := g.m.Func(fn); f != nil && len(f.Spawns) > 0 {
		return true
	}
	p := fn.Params[i]
	for _, u := range g.sharePoints(p, 0, depth+1) {
		if _, ret := u.(*ssa.Return); !ret {
			return true // returned, inside a value the callee made, is the caller's to share
		}
	}
	return false
}

// made reports whether v is an allocation, or the result of a call of a
// function of the package all of whose returns give one.
func (g *guardBuilder) made(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return true
	case *ssa.TypeAssert:
		// (*sync.Pool).Get gives a value nobody else holds.
		if c, ok := v.X.(*ssa.Call); ok && !c.Call.IsInvoke() {
			if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "Get" && callee.Signature.Recv() != nil && IsSync(callee.Signature.Recv().Type(), "Pool") {
				return true
			}
		}
		return false
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Pkg != g.m.SSA || depth >= guardDepth || len(callee.Blocks) == 0 {
			return false
		}
		n := 0
		for _, blk := range callee.Blocks {
			if ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok {
				if len(ret.Results) == 0 || !g.made(g.m.Ref(ret.Results[0]).Root, depth+1) {
					return false
				}
				n++
			}
		}
		return n > 0
	}
	return false
}

// preShared reports whether fn only sets up the object of r before it is
// shared: fn is the package initialiser or an init function, or an
// unexported function, not used as a value, whose every call in the
// package passes, for r's root parameter, a fresh object or one its own
// caller only sets up.
func (g *guardBuilder) preShared(fn *ssa.Function, r Ref, depth int) bool {
	for fn.Parent() != nil {
		if g.m.usedAsValue(fn) || g.m.Func(fn) != nil && len(g.m.Func(fn).SpawnedBy) > 0 {
			return false // a goroutine's body or a callback: it runs later
		}
		fn = fn.Parent()
	}
	if f := g.m.Func(fn); f != nil && len(f.Spawns) > 0 {
		return false // it hands out what it sets up
	}
	if fn.Signature.Recv() == nil && (fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#")) {
		return true
	}
	p, ok := r.Root.(*ssa.Parameter)
	if !ok || p.Parent() != fn || depth >= guardDepth || g.m.usedAsValue(fn) {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return false
	}
	key := [2]any{fn, p}
	if v, ok := g.preShare[key]; ok {
		return v
	}
	if g.inPre[key] {
		return false
	}
	g.inPre[key] = true
	defer delete(g.inPre, key)
	idx := slices.Index(fn.Params, p)
	calls := g.m.callsOf(fn)
	ok = len(calls) > 0
	for _, c := range calls {
		if _, isCall := c.(*ssa.Call); !isCall {
			ok = false
			break
		}
		args := c.Common().Args
		if c.Common().IsInvoke() || idx >= len(args) {
			ok = false
			break
		}
		ar := g.m.Ref(args[idx])
		if !(len(ar.Fields) == 0 && g.freshObject(ar.Root, c)) && !g.preShared(c.Parent(), ar, depth+1) {
			ok = false
			break
		}
	}
	if depth == 0 {
		g.preShare[key] = ok
	}
	return ok
}

// inferGuard returns the mutex held at the most shared accesses of gv, when
// it is held at two or more (the first such mutex on a tie).
func inferGuard(gv *GuardedVar) *types.Var {
	count := map[*types.Var]int{}
	var best *types.Var
	for _, a := range gv.Accesses {
		if !a.Shared {
			continue
		}
		for _, h := range a.Held {
			count[h.Guard]++
			if best == nil || count[h.Guard] > count[best] {
				best = h.Guard
			}
		}
	}
	if best == nil || count[best] < 2 {
		return nil
	}
	return best
}

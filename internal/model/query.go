package model

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Ref returns the Ref of the object v denotes (see Ref), resolved as the
// model resolves the operands of the operations it records.
func (m *Model) Ref(v ssa.Value) Ref {
	if m == nil || m.b == nil || v == nil {
		return Ref{Root: v}
	}
	// Checks run in parallel on one Model, and resolve caches.
	m.b.refMu.Lock()
	defer m.b.refMu.Unlock()
	return m.b.resolve(v)
}

// InSpawner translates r, a Ref seen inside the goroutine started by s, to
// the spawning function's terms: a parameter of the goroutine's function
// becomes the argument s passes. Captured variables already resolve to the
// spawner's storage.
func (m *Model) InSpawner(s *Spawn, r Ref) Ref {
	p := r.Param()
	if p == nil || s.Target == nil || p.Parent() != s.Target {
		return r
	}
	arg := s.ArgFor(p)
	if arg == nil {
		return r
	}
	out := m.Ref(arg)
	for _, f := range r.Fields {
		out = out.with(f)
	}
	return out
}

// InCaller translates r, a Ref in the terms of fn, to the terms of the
// function making call, a call of fn: a parameter of fn becomes the
// call's argument; a Ref rooted in a package variable, or in the caller's
// own values (a literal's captures resolve to them), is the same. It
// reports false for anything else.
func (m *Model) InCaller(call ssa.CallInstruction, fn *ssa.Function, r Ref) (Ref, bool) {
	p := r.Param()
	if p == nil {
		switch root := r.Root.(type) {
		case *ssa.Global:
			return r, true
		case ssa.Instruction:
			return r, root.Parent() == call.Parent()
		}
		return Ref{}, false
	}
	if p.Parent() != fn {
		return r, p.Parent() == call.Parent()
	}
	i := slices.Index(fn.Params, p)
	args := call.Common().Args
	if i < 0 || i >= len(args) {
		return Ref{}, false
	}
	out := m.Ref(args[i])
	if !out.Valid() {
		return Ref{}, false
	}
	for _, f := range r.Fields {
		out = out.with(f)
	}
	return out, true
}

// SpawnOps returns the operations, of ParamOps kind, that the goroutine
// started by s performs on what it is given, in the spawner's terms: for a
// named function (of this or another package) from its fact.
func (m *Model) SpawnOps(s *Spawn) []CallOp {
	if s.Callee == nil {
		return nil
	}
	facts := m.ParamOpsOf(s.Callee)
	if facts == nil {
		return nil
	}
	var out []CallOp
	for _, op := range facts.Ops {
		if op.Param < len(s.Args) {
			out = append(out, CallOp{Op: op.Op, Ref: m.Ref(s.Args[op.Param]).withPath(op.Path)})
		}
	}
	return out
}

// withPath appends the fields named by a ParamOps path, looked up by name
// in the types along the way. A path that does not resolve gives the invalid
// Ref, which is Same as nothing.
func (r Ref) withPath(path string) Ref {
	if path == "" || r.Root == nil {
		return r
	}
	t := r.Root.Type()
	if len(r.Fields) > 0 {
		t = r.Fields[len(r.Fields)-1].Type()
	}
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '.' {
			continue
		}
		name := path[start:i]
		start = i + 1
		f := fieldByName(t, name)
		if f == nil {
			return Ref{}
		}
		r = r.with(f)
		t = f.Type()
	}
	return r
}

func fieldByName(t types.Type, name string) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range s.NumFields() {
		if s.Field(i).Name() == name {
			return s.Field(i)
		}
	}
	return nil
}

// SyncFuncs returns the model of f and of the literals f runs before it
// returns (called or deferred, transitively; not spawned nor stored), the
// code whose operations happen in f's goroutine during a call of f. Funcs
// without operations are left out.
func (m *Model) SyncFuncs(f *ssa.Function) []*Func {
	if m == nil || m.b == nil || f == nil {
		return nil
	}
	var out []*Func
	for _, fn := range m.b.synchronousBody(f) {
		if mf := m.byFn[fn]; mf != nil {
			out = append(out, mf)
		}
	}
	return out
}

// Reaches reports whether to can execute after from in the same call of
// their function (both must belong to it): later in the same block, or in a
// block reachable from from's block. It walks the function on every call:
// Model.Reaches answers from the function's index.
func Reaches(from, to ssa.Instruction) bool {
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || fb.Parent() != tb.Parent() {
		return false
	}
	if fb == tb && Index(fb, from) < Index(tb, to) {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), fb.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == tb {
			return true
		}
		if !seen[b] {
			seen[b] = true
			stack = append(stack, b.Succs...)
		}
	}
	return false
}

// Dominates reports whether every path from the function's entry to b
// passes through a first.
func Dominates(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil || ab.Parent() != bb.Parent() {
		return false
	}
	if ab == bb {
		return Index(ab, a) < Index(bb, b)
	}
	return ab.Dominates(bb)
}

// Index returns the position of instr in block b, or -1.
func Index(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, in := range b.Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}

// OnCycle reports whether block b can run again after itself: it lies in a
// loop of its function's control flow graph.
func OnCycle(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, x.Succs...)
		}
	}
	return false
}

// IsSync reports whether t, or the type t points to, is the named type
// sync.<name> for one of names: IsSync(t, "Mutex", "RWMutex").
func IsSync(t types.Type, names ...string) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pathSync && slices.Contains(names, n.Obj().Name())
}

// IsSyncPointer is IsSync for pointers only: *sync.Mutex, not sync.Mutex.
func IsSyncPointer(t types.Type, names ...string) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok && IsSync(t, names...)
}

// DeclaringType returns the named struct type of field's package that
// declares field, and its index there; ok is false for a field of an
// unnamed struct type or of another kind of variable.
func DeclaringType(field *types.Var) (named types.Type, st *types.Struct, index int, ok bool) {
	if field == nil || !field.IsField() || field.Pkg() == nil {
		return nil, nil, 0, false
	}
	scope := field.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, isType := scope.Lookup(name).(*types.TypeName)
		if !isType {
			continue
		}
		s, isStruct := tn.Type().Underlying().(*types.Struct)
		if !isStruct {
			continue
		}
		for i := 0; i < s.NumFields(); i++ {
			if s.Field(i) == field {
				return tn.Type(), s, i, true
			}
		}
	}
	return nil, nil, 0, false
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pathContext && n.Obj().Name() == "Context"
}

// CallSyntax returns the call expression of a call instruction of this
// package (for a deferred or go call, the call after the keyword), or nil.
func (m *Model) CallSyntax(c ssa.CallInstruction) *ast.CallExpr {
	if m == nil || m.b == nil {
		return nil
	}
	_, call := m.b.callSyntax(c)
	return call
}

// collectCalls records, per function, the calls of functions with ParamOps
// facts, once the package's own facts are known.
func (b *builder) collectCalls() {
	for _, f := range b.funcs {
		for _, blk := range f.Blocks {
			for _, instr := range blk.Instrs {
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := c.(*ssa.Go); isGo {
					continue // spawns: see Model.SpawnOps
				}
				target, args := b.target(c.Common())
				if target == nil {
					continue
				}
				obj, ok := target.Object().(*types.Func)
				if !ok || isSyncMethod(obj) {
					continue
				}
				facts := b.m.ParamOpsOf(obj)
				if facts == nil {
					continue
				}
				pos, syntax := b.callSyntax(c)
				call := &Call{Pos: pos, Syntax: syntax, Instr: c, Callee: obj}
				for _, op := range facts.Ops {
					if op.Param < len(args) {
						call.Ops = append(call.Ops, CallOp{Op: op.Op, Ref: b.resolve(args[op.Param]).withPath(op.Path)})
					}
				}
				mf := b.fn(f)
				call.Func = mf
				mf.Calls = append(mf.Calls, call)
			}
		}
	}
	// Functions that only call helpers were created late: keep Funcs in
	// source order.
	b.m.Funcs = b.m.Funcs[:0]
	for _, f := range b.funcs {
		if mf := b.m.byFn[f]; mf != nil {
			b.m.Funcs = append(b.m.Funcs, mf)
		}
	}
}

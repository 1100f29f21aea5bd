package model

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// maxPathFields bounds the field paths of ParamOps.
const maxPathFields = 3

// exportFacts computes, for every declared function of the package, what it
// does to its parameters before it returns, and exports it as a ParamOps
// fact. Calls of functions of this package are followed to a fixed point;
// calls of imported functions use their facts.
func (b *builder) exportFacts() {
	type decl struct {
		fn   *ssa.Function
		obj  *types.Func
		body []*ssa.Function // fn and the literals it runs before returning
	}
	var decls []decl
	local := map[*types.Func]*ParamOps{}
	for _, f := range b.funcs {
		obj, ok := f.Object().(*types.Func)
		if !ok || f.Parent() != nil || obj.Pkg() != b.pass.Pkg {
			continue
		}
		decls = append(decls, decl{fn: f, obj: obj, body: b.synchronousBody(f)})
		local[obj] = &ParamOps{}
	}
	factOf := func(fn *types.Func) *ParamOps {
		if f, ok := local[fn]; ok {
			return f
		}
		return b.m.ParamOpsOf(fn)
	}
	// A worklist to the fixed point: a function is computed again only
	// when the facts of a function of the package it calls have grown.
	// Facts only grow, so the order does not change the result.
	queue := make([]int, len(decls))
	queued := make([]bool, len(decls))
	for i := range decls {
		queue[i], queued[i] = i, true
	}
	type dep struct {
		callee *types.Func
		reader int
	}
	readers := map[*types.Func][]int{}
	seen := map[dep]bool{}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		queued[i] = false
		d := decls[i]
		read := func(fn *types.Func) *ParamOps {
			if _, ok := local[fn]; ok && !seen[dep{fn, i}] {
				seen[dep{fn, i}] = true
				readers[fn] = append(readers[fn], i)
			}
			return factOf(fn)
		}
		changed := false
		for _, f := range d.body {
			if b.paramOps(d.fn, f, local[d.obj], read) {
				changed = true
			}
		}
		if !changed {
			continue
		}
		for _, j := range readers[d.obj] {
			if !queued[j] {
				queue, queued[j] = append(queue, j), true
			}
		}
	}
	for _, d := range decls {
		if f := local[d.obj]; len(f.Ops) > 0 {
			f.sort()
			b.pass.ExportObjectFact(d.obj, f)
		}
	}
	// Later queries see this package's facts as they see imported ones.
	imported := b.m.paramOpsF
	b.m.paramOpsF = func(fn *types.Func) *ParamOps {
		if f, ok := local[fn]; ok {
			if len(f.Ops) == 0 {
				return nil
			}
			return f
		}
		return imported(fn)
	}
}

// synchronousBody returns fn and, transitively, the literals it calls or
// defers directly: code that runs before fn returns. Literals run by a
// goroutine or stored for later are left out.
func (b *builder) synchronousBody(fn *ssa.Function) []*ssa.Function {
	out := []*ssa.Function{fn}
	for i := 0; i < len(out); i++ {
		for _, anon := range out[i].AnonFuncs {
			if b.escapes[anon] {
				continue
			}
			sync := len(b.calls[anon]) > 0
			for _, c := range b.calls[anon] {
				if _, ok := c.(*ssa.Go); ok {
					sync = false
				}
			}
			if sync {
				out = append(out, anon)
			}
		}
	}
	return out
}

// paramOps adds to facts the operations f (fn itself or one of its
// synchronous literals) performs on fn's parameters, and reports whether it
// added any.
func (b *builder) paramOps(fn, f *ssa.Function, facts *ParamOps, factOf func(*types.Func) *ParamOps) bool {
	changed := false
	add := func(r Ref, path, op string) {
		p := r.Param()
		if p == nil || p.Parent() != fn {
			return
		}
		i := slices.Index(fn.Params, p)
		full := r.Path()
		if path != "" {
			if full != "" {
				full += "."
			}
			full += path
		}
		if strings.Count(full, ".") >= maxPathFields {
			// Recursion through a field (n.next.walk()) would grow the
			// path without end; deeper paths are not tracked.
			return
		}
		if facts.add(ParamOp{Param: i, Path: full, Op: op}) {
			changed = true
		}
	}
	if mf := b.m.byFn[f]; mf != nil {
		for _, op := range mf.ChanOps {
			switch op.Kind {
			case Send:
				add(op.Chan, "", OpSend)
				if op.Select == nil {
					add(op.Chan, "", OpBareSend)
					if blk := op.Instr.Block(); blk != nil && b.m.OnCycle(blk) {
						add(op.Chan, "", OpSendLoop)
					}
				}
			case Recv, Range:
				add(op.Chan, "", OpRecv)
			case Close:
				add(op.Chan, "", OpClose)
			}
		}
		for _, op := range mf.LockOps {
			switch op.Kind {
			case Lock, Unlock, RLock, RUnlock:
				add(op.Mutex, "", op.Kind.String())
			}
		}
		for _, op := range mf.WGOps {
			add(op.WG, "", op.Kind.String())
		}
	}
	for _, blk := range f.Blocks {
		for _, instr := range blk.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := c.(*ssa.Go); isGo {
				continue
			}
			common := c.Common()
			if common.StaticCallee() == nil && !common.IsInvoke() {
				// A call of a function value: the parameter's cancel,
				// stop or cleanup function.
				if _, isBuiltin := common.Value.(*ssa.Builtin); !isBuiltin {
					add(b.resolve(common.Value), "", OpCall)
				}
				continue
			}
			target, args := b.target(common)
			if target == nil {
				continue
			}
			obj, ok := target.Object().(*types.Func)
			if !ok || isSyncMethod(obj) {
				continue
			}
			callee := factOf(obj)
			if callee == nil {
				continue
			}
			for _, op := range callee.Ops {
				if op.Param < len(args) {
					add(b.resolve(args[op.Param]), op.Path, op.Op)
					if op.Op == OpBareSend && b.m.OnCycle(blk) {
						add(b.resolve(args[op.Param]), op.Path, OpSendLoop)
					}
				}
			}
		}
	}
	return changed
}

// isSyncMethod reports whether fn is a method of a sync type: the model
// records those calls as operations, and their own implementation (Done
// calls Add(-1)) must not leak into facts.
func isSyncMethod(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == pathSync && RecvName(fn) != ""
}

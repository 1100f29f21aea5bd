package wgadd

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// countedBy returns the Add of the spawner that counts the goroutine
// started by s on wg: one of the Adds on wg that dominate the spawn, whose
// count is not used up by the goroutines started in between. The Adds and
// the other spawns that dominate s are ordered by dominance: each Add raises
// a balance by its constant delta, each goroutine in between that calls
// Done on wg takes one from it, and s is counted when some is left.
//
//	wg.Add(1)
//	go a() // calls wg.Done: a takes the count
//	go b() // not counted by that Add
//
// An Add whose delta is not a constant (Add(len(xs))), or one made through
// a call, counts every goroutine after it, as does an Add dominating a
// spawn in a loop (the same goroutine started again is not "in between").
func (c *checker) countedBy(s *model.Spawn, wg model.Ref) (spawnerOp, bool) {
	type event struct {
		instr ssa.Instruction
		delta int64 // for an Add; 0 for a spawn in between
		known bool
		add   bool
		op    spawnerOp
	}
	var evs []event
	for _, w := range s.Func.WGOps {
		if w.Kind == model.Add && !w.Deferred && w.WG.Same(wg) && c.m.Dominates(w.Instr, s.Instr) {
			evs = append(evs, event{instr: w.Instr, delta: w.Delta, known: w.DeltaOK, add: true, op: spawnerOp{w.Instr, w.Pos}})
		}
	}
	for _, call := range s.Func.Calls {
		if call.Has(model.OpAdd, wg) && c.m.Dominates(call.Instr, s.Instr) {
			evs = append(evs, event{instr: call.Instr, add: true, op: spawnerOp{call.Instr, call.Pos}})
		}
	}
	if len(evs) == 0 {
		return spawnerOp{}, false
	}
	for _, t := range s.Func.Spawns {
		if t == s || t.Kind != model.GoStmt || t.Instr == nil || !c.m.Dominates(t.Instr, s.Instr) {
			continue
		}
		if c.goroutineOf(t).has(model.Done, wg) {
			evs = append(evs, event{instr: t.Instr})
		}
	}
	// All dominate s, so dominance orders them.
	slices.SortStableFunc(evs, func(a, b event) int {
		switch {
		case a.instr == b.instr:
			return 0
		case c.m.Dominates(a.instr, b.instr):
			return -1
		default:
			return 1
		}
	})
	var balance int64
	var last spawnerOp
	for _, e := range evs {
		switch {
		case e.add && !e.known:
			return e.op, true // counts every goroutine after it
		case e.add:
			balance += e.delta
			if e.delta > 0 {
				last = e.op
			}
		case balance > 0:
			balance-- // a goroutine in between takes one
		}
	}
	return last, balance > 0
}

// goroutineOf returns the goroutine s starts, computed once.
func (c *checker) goroutineOf(s *model.Spawn) *goroutine {
	if g, ok := c.gs[s]; ok {
		return g
	}
	if c.gs == nil {
		c.gs = map[*model.Spawn]*goroutine{}
	}
	g := c.goroutine(s)
	c.gs[s] = g
	return g
}

// doubleCount reports an Add inside a goroutine literal that the spawner's
// Add already counts, when the goroutine does nothing the extra count could
// be for: it starts no goroutine, hands the WaitGroup to no other code,
// sends on no channel, calls no function literal, and calls Done fewer times
// than it is counted. Only a local WaitGroup of the spawner that no code
// this check cannot see uses is considered: then nothing else can call Done
// for the extra count, and the counter never returns to zero.
func (c *checker) doubleCount(g *goroutine) {
	s := g.s
	if !g.literal || s.Target == nil || s.Target.Blocks == nil || s.Body == nil {
		return
	}
	for _, o := range g.ops {
		if o.kind != model.Add || o.deferred || o.callee != nil || o.fn == nil || o.fn.Fn != s.Target || !o.wg.Valid() || len(o.wg.Fields) > 0 {
			continue
		}
		alloc, ok := o.wg.Root.(*ssa.Alloc)
		if !ok || alloc.Parent() != s.Func.Fn || !c.contained(alloc, 0) {
			continue
		}
		add, counted := c.countedBy(s, o.wg)
		if !counted || !c.onlyCounts(g, o.wg) {
			return
		}
		wg := name(o)
		var wait *spawnerOp
		for _, w := range c.spawnerOps(s, model.Wait, o.wg) {
			if c.m.Reaches(s.Instr, w.instr) {
				wait = &w
				break
			}
		}
		effect := "its count never returns to zero, so a " + wg + ".Wait would never return"
		related := []analysis.RelatedInformation{{Pos: add.pos, Message: "the Add that counts the goroutine"}, {Pos: s.Pos, Message: "the go statement"}}
		if wait != nil {
			effect = "its count never returns to zero, so " + wg + ".Wait never returns"
			related = append(related, analysis.RelatedInformation{Pos: wait.pos, Message: "the Wait"})
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: o.pos,
			Message: fmt.Sprintf("%s.Add inside a goroutine that %s already counts: the Add before the go statement counted it and it starts no goroutine to call Done for this one; %s (remove this Add, or start the goroutine it is meant for)",
				wg, wg, effect),
			Related: related,
		})
		return // one report per goroutine
	}
}

// onlyCounts reports whether nothing but the goroutine itself can call Done
// on wg for its extra count, and it does not: wg (contained, see
// doubleCount) is handed to no call, no other literal of the spawner calls
// Done on it except goroutines the spawner's Adds count (each Done for its
// own count), and the goroutine's Done calls on wg (none in a loop) are
// fewer than its count: one for the spawner's Add plus the constant deltas
// of its own Adds.
func (c *checker) onlyCounts(g *goroutine, wg model.Ref) bool {
	var count, dones int64 = 1, 0
	for _, o := range g.ops {
		if !o.wg.Same(wg) {
			continue
		}
		if o.fn == nil || o.callee != nil || inLoop(o.fn, o.pos) {
			return false // through a call, or units of work
		}
		switch o.kind {
		case model.Add:
			w := c.wgOp(o)
			if w == nil || !w.DeltaOK {
				return false
			}
			count += w.Delta
		case model.Done:
			dones++
		default:
			return false
		}
	}
	if dones >= count {
		return false
	}
	// Calls that take the WaitGroup.
	for _, f := range c.m.SyncFuncs(g.s.Target) {
		for _, call := range f.Calls {
			if call.Has(model.OpDone, c.m.InSpawner(g.s, wg)) || call.Has(model.OpAdd, wg) {
				return false
			}
		}
		for _, b := range f.Fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					for _, a := range call.Common().Args {
						if model.IsSyncPointer(a.Type(), "WaitGroup") && !isSyncMethod(call.Common()) {
							return false
						}
					}
				}
			}
		}
	}
	// Other code of the spawner that calls Done on wg: goroutines counted
	// for themselves only.
	for _, t := range g.s.Func.Spawns {
		if t == g.s {
			continue
		}
		if c.goroutineOf(t).has(model.Done, wg) && !c.counted(t, wg) {
			return false // a worker that calls Done for work handed to it
		}
	}
	for _, f := range c.m.Funcs {
		if f.Fn == nil || f.Fn == g.s.Target || f.Fn.Parent() == nil || !within(f.Fn, g.s.Func.Fn) || isSpawnTarget(g.s.Func, f.Fn) {
			continue
		}
		for _, w := range f.WGOps {
			if w.Kind == model.Done && w.WG.Same(wg) {
				return false // a literal that calls Done for others
			}
		}
	}
	return true
}

// wgOp returns the model's operation behind o.
func (c *checker) wgOp(o op) *model.WGOp {
	if o.fn == nil {
		return nil
	}
	for _, w := range o.fn.WGOps {
		if w.Instr == o.instr {
			return w
		}
	}
	return nil
}

func isSyncMethod(common *ssa.CallCommon) bool {
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync"
}

// within reports whether fn is outer or a literal nested in it.
func within(fn, outer *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == outer {
			return true
		}
	}
	return false
}

// isSpawnTarget reports whether fn is the function one of f's spawns runs.
func isSpawnTarget(f *model.Func, fn *ssa.Function) bool {
	for _, s := range f.Spawns {
		if s.Target == fn {
			return true
		}
	}
	return false
}

// copiedDone reports Done on a WaitGroup parameter passed by value: the
// goroutine decrements its own copy, and the spawner's WaitGroup, which
// counted the goroutine, never returns to zero. It returns whether it
// reported, so that the Done is not also taken for a Done without Add.
func (c *checker) copiedDone(g *goroutine) bool {
	s := g.s
	if s.Target == nil || s.Target.Blocks == nil {
		return false
	}
	for _, o := range g.ops {
		if o.kind != model.Done || o.fn == nil || o.fn.Fn != s.Target || !o.wg.Valid() || len(o.wg.Fields) > 0 {
			continue
		}
		i := c.copiedParam(s.Target, o.wg.Root)
		if i < 0 || i >= len(s.Args) {
			continue
		}
		var orig model.Ref
		if load, ok := s.Args[i].(*ssa.UnOp); ok && load.Op == token.MUL {
			orig = c.m.Ref(load.X) // the argument wg is a load of the variable
		}
		wg := name(o)
		what := "a copy of the WaitGroup"
		if exprs := argExprs(s); exprs != nil {
			what = "a copy of " + types.ExprString(exprs[i])
		}
		effect := "the copy's Done never reaches the WaitGroup it was copied from"
		related := []analysis.RelatedInformation{{Pos: s.Pos, Message: "the WaitGroup is copied here"}}
		if orig.Valid() {
			if add, ok := c.countedBy(s, orig); ok {
				effect = "the copy's Done never reaches the original, so the count its Add made never returns to zero"
				related = append(related, analysis.RelatedInformation{Pos: add.pos, Message: "the Add that counts the goroutine"})
				for _, w := range c.spawnerOps(s, model.Wait, orig) {
					if c.m.Reaches(s.Instr, w.instr) {
						effect = "the copy's Done never reaches the original, whose Wait blocks forever"
						related = append(related, analysis.RelatedInformation{Pos: w.pos, Message: "the Wait"})
						break
					}
				}
			}
		}
		pos, msg := o.pos, fmt.Sprintf("%s.Done is called on %s, passed by value: %s (pass a *sync.WaitGroup)", wg, what, effect)
		if !g.literal {
			pos = s.Pos
			msg = fmt.Sprintf("%s calls Done on %s, passed by value: %s (pass a *sync.WaitGroup)", calleeName(s), what, effect)
		}
		c.pass.Report(analysis.Diagnostic{Pos: pos, Message: msg, Related: related})
		return true
	}
	return false
}

// copiedParam returns the index of fn's parameter of type sync.WaitGroup
// whose spilled local root is (the variable a by-value parameter lives in
// once its address is taken for a method call), or -1.
func (c *checker) copiedParam(fn *ssa.Function, root ssa.Value) int {
	alloc, ok := root.(*ssa.Alloc)
	if !ok || alloc.Parent() != fn || alloc.Referrers() == nil {
		return -1
	}
	for _, ref := range *alloc.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Addr != alloc {
			continue
		}
		p, ok := st.Val.(*ssa.Parameter)
		if !ok || !model.IsSync(p.Type(), "WaitGroup") {
			continue
		}
		return slices.Index(fn.Params, p)
	}
	return -1
}

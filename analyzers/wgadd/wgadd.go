package wgadd

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "wgadd",
	Doc:      checkdoc.MustExtract(doc, "wgadd"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/wgadd",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, m: pass.ResultOf[model.Analyzer].(*model.Model)}
	for _, s := range c.m.Spawns {
		if s.Func.File == nil || srcedit.Generated(s.Func.File) || c.m.Oversized(pass, pass.Analyzer.Name, s.Func.Fn) {
			continue
		}
		g := c.goroutineOf(s)
		switch s.Kind {
		case model.GoStmt:
			c.addInside(g)
			c.doubleCount(g)
			c.doneSkipped(g)
			c.waitInside(g)
			if !c.copiedDone(g) {
				c.doneWithoutAdd(g)
			}
		case model.WaitGroupGo:
			c.waitInside(g)
		}
	}
	for _, d := range c.diags {
		pass.Report(*d)
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	gs    map[*model.Spawn]*goroutine // see goroutineOf
	diags []*analysis.Diagnostic      // in the order found, one per bug
	adds  map[ssa.Value][]model.Ref   // see addedAnywhere
}

// report records d. A literal started by several go statements (go
// producer("A"); go producer("B")) has one bug at one place: a second
// finding with the same position and message only adds its related
// positions (the other go statements) to the first.
func (c *checker) report(d analysis.Diagnostic) {
	for _, e := range c.diags {
		if e.Pos != d.Pos || e.Message != d.Message {
			continue
		}
		for _, r := range d.Related {
			if !slices.ContainsFunc(e.Related, func(x analysis.RelatedInformation) bool { return x.Pos == r.Pos && x.Message == r.Message }) {
				e.Related = append(e.Related, r)
			}
		}
		return
	}
	c.diags = append(c.diags, &d)
}

// op is a WaitGroup operation of a goroutine, with its WaitGroup in the
// spawner's terms.
type op struct {
	kind     model.WGKind
	wg       model.Ref
	pos      token.Pos
	instr    ssa.Instruction
	fn       *model.Func // nil when known only from a fact
	syntax   *ast.CallExpr
	deferred bool // deferred, or in a deferred literal
	callee   *types.Func
	// underLock reports that a mutex may be held when the operation runs:
	// an Add made under a lock is taken to be ordered with the Wait by that
	// lock, as in a long-lived server whose Serve adds under its mutex after
	// checking that Shutdown has not begun.
	underLock bool
}

// goroutine is what one spawn site starts.
type goroutine struct {
	s   *model.Spawn
	ops []op
	// literal reports that the goroutine runs a literal, whose operations
	// are reported where they are; otherwise they are reported at the spawn.
	literal bool
}

func (c *checker) goroutine(s *model.Spawn) *goroutine {
	g := &goroutine{s: s}
	if s.Target == nil {
		return g
	}
	g.literal = s.Target.Parent() != nil
	if s.Target.Blocks == nil {
		// Another package's function: its fact.
		ops := c.m.SpawnOps(s)
		for _, o := range ops {
			if k, ok := wgOps[o.Op]; ok {
				g.ops = append(g.ops, op{kind: k, wg: o.Ref, pos: s.Pos, callee: s.Callee, underLock: locks(ops)})
			}
		}
		return g
	}
	for _, f := range c.m.SyncFuncs(s.Target) {
		for _, w := range f.WGOps {
			g.ops = append(g.ops, op{
				kind: w.Kind, wg: c.m.InSpawner(s, w.WG), pos: w.Pos, instr: w.Instr,
				fn: f, syntax: w.Syntax, deferred: w.Deferred || f.Deferred,
				underLock: c.lockedBefore(f, w.Instr),
			})
		}
		for _, call := range f.Calls {
			for _, o := range call.Ops {
				if k, ok := wgOps[o.Op]; ok {
					g.ops = append(g.ops, op{
						kind: k, wg: c.m.InSpawner(s, o.Ref), pos: call.Pos, instr: call.Instr,
						fn: f, syntax: call.Syntax, deferred: f.Deferred, callee: call.Callee,
						underLock: locks(call.Ops) || c.lockedBefore(f, call.Instr),
					})
				}
			}
		}
	}
	return g
}

// locks reports whether ops (of one callee) lock a mutex.
func locks(ops []model.CallOp) bool {
	for _, o := range ops {
		if o.Op == model.OpLock || o.Op == model.OpRLock {
			return true
		}
	}
	return false
}

// lockedBefore reports whether f locks a mutex, directly or through a call,
// at a point from which instr can be reached.
func (c *checker) lockedBefore(f *model.Func, instr ssa.Instruction) bool {
	for _, l := range f.LockOps {
		if (l.Kind == model.Lock || l.Kind == model.RLock) && !l.Deferred && c.m.Reaches(l.Instr, instr) {
			return true
		}
	}
	for _, call := range f.Calls {
		if call.Instr != instr && locks(call.Ops) && c.m.Reaches(call.Instr, instr) {
			return true
		}
	}
	return false
}

var wgOps = map[string]model.WGKind{
	model.OpAdd: model.Add, model.OpDone: model.Done, model.OpWait: model.Wait, model.OpGo: model.Go,
}

// spawnerOp is a WaitGroup operation of the spawning function: a call of
// the method, or of a function whose fact says it performs it.
type spawnerOp struct {
	instr ssa.Instruction
	pos   token.Pos // start of the call
}

// spawnerOps returns the WaitGroup operations of kind k on wg that the
// spawning function performs, directly or through calls with facts.
func (c *checker) spawnerOps(s *model.Spawn, k model.WGKind, wg model.Ref) []spawnerOp {
	var out []spawnerOp
	for _, w := range s.Func.WGOps {
		if w.Kind == k && w.WG.Same(wg) && !w.Deferred {
			out = append(out, spawnerOp{w.Instr, w.Pos})
		}
	}
	for _, call := range s.Func.Calls {
		if call.Has(k.String(), wg) {
			out = append(out, spawnerOp{call.Instr, call.Pos})
		}
	}
	return out
}

// counted reports whether the goroutine started by s is counted by wg
// before it starts: an Add on wg in the spawner that dominates the spawn
// counts it (see countedBy), or the spawn is wg.Go.
func (c *checker) counted(s *model.Spawn, wg model.Ref) bool {
	if s.Kind == model.WaitGroupGo {
		return s.Group.Same(wg)
	}
	_, ok := c.countedBy(s, wg)
	return ok
}

// name returns how the source names the WaitGroup of o: the receiver of
// its call, or the Ref.
func name(o op) string {
	if o.syntax != nil {
		if sel, ok := o.syntax.Fun.(*ast.SelectorExpr); ok && o.callee == nil {
			return types.ExprString(sel.X)
		}
	}
	return o.wg.String()
}

// spawnName names the WaitGroup of o, an operation of the goroutine started
// by s, as the go statement spells the argument it comes from ("srv" and
// field path "wg" give "srv.wg"), falling back to name.
func (c *checker) spawnName(s *model.Spawn, o op) string {
	exprs := argExprs(s)
	if exprs == nil {
		return name(o)
	}
	for i, arg := range s.Args {
		r := c.m.Ref(arg)
		if r.Root != o.wg.Root || len(r.Fields) > len(o.wg.Fields) {
			continue
		}
		text := types.ExprString(exprs[i])
		if u, ok := exprs[i].(*ast.UnaryExpr); ok && u.Op == token.AND {
			text = types.ExprString(u.X)
		}
		for _, f := range o.wg.Fields[len(r.Fields):] {
			text += "." + f.Name()
		}
		return text
	}
	return name(o)
}

// argExprs returns the syntax of s.Args (the receiver first) from the go
// statement, or nil when they do not correspond.
func argExprs(s *model.Spawn) []ast.Expr {
	goStmt, ok := s.Syntax.(*ast.GoStmt)
	if !ok || s.Target == nil {
		return nil
	}
	var exprs []ast.Expr
	if s.Target.Signature.Recv() != nil {
		if sel, ok := ast.Unparen(goStmt.Call.Fun).(*ast.SelectorExpr); ok {
			exprs = append(exprs, sel.X)
		}
	}
	exprs = append(exprs, goStmt.Call.Args...)
	if len(exprs) != len(s.Args) {
		return nil
	}
	return exprs
}

// addInside reports an Add on a WaitGroup inside the goroutine it counts,
// when the spawner can reach Wait on it after the spawn.
func (c *checker) addInside(g *goroutine) {
	s := g.s
	reported := false
	for _, o := range g.ops {
		if o.kind != model.Add || !o.wg.Valid() || o.underLock || c.counted(s, o.wg) {
			continue
		}
		var wait *spawnerOp
		for _, w := range c.spawnerOps(s, model.Wait, o.wg) {
			if c.m.Reaches(s.Instr, w.instr) {
				wait = &w
				break
			}
		}
		if wait == nil || c.handshake(g, o.wg, wait.instr) {
			continue
		}
		wg := name(o)
		if g.literal && o.callee == nil {
			d := analysis.Diagnostic{
				Pos: o.pos,
				Message: fmt.Sprintf("%s.Add inside the goroutine it counts races with %s.Wait, which may return before the goroutine is counted (call %s.Add before the go statement)",
					wg, wg, wg),
				Related: []analysis.RelatedInformation{{Pos: s.Pos, Message: "the go statement"}, {Pos: wait.pos, Message: "the Wait"}},
			}
			if fix, ok := c.moveAddFix(s, o); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			c.report(d)
			continue
		}
		if reported {
			continue // one report per go statement
		}
		reported = true
		wg = c.spawnName(s, o)
		related := []analysis.RelatedInformation{{Pos: wait.pos, Message: "the Wait"}}
		if o.fn != nil {
			related = append(related, analysis.RelatedInformation{Pos: o.pos, Message: "the Add"})
		}
		c.report(analysis.Diagnostic{
			Pos: s.Pos,
			Message: fmt.Sprintf("%s calls %s.Add inside the goroutine it counts, racing with %s.Wait, which may return before the goroutine is counted (call %s.Add before the go statement)",
				calleeName(s), wg, wg, wg),
			Related: related,
		})
	}
}

// handshake reports whether the spawner synchronises with the goroutine
// between the spawn and the Wait — it receives from a channel the goroutine
// sends on or closes, or waits on another WaitGroup that counts the
// goroutine — so that the goroutine's Add may be ordered before the Wait.
func (c *checker) handshake(g *goroutine, wg model.Ref, wait ssa.Instruction) bool {
	if g.s.Target == nil {
		return false
	}
	for _, o := range g.ops {
		if o.kind != model.Done || o.wg.Same(wg) || !c.counted(g.s, o.wg) {
			continue
		}
		for _, w := range c.spawnerOps(g.s, model.Wait, o.wg) {
			if c.m.Reaches(g.s.Instr, w.instr) && c.m.Reaches(w.instr, wait) {
				return true
			}
		}
	}
	var signals []model.Ref
	for _, f := range c.m.SyncFuncs(g.s.Target) {
		for _, op := range f.ChanOps {
			if op.Kind == model.Send || op.Kind == model.Close {
				signals = append(signals, c.m.InSpawner(g.s, op.Chan))
			}
		}
	}
	for _, op := range g.s.Func.ChanOps {
		if op.Kind != model.Recv && op.Kind != model.Range {
			continue
		}
		if !c.m.Reaches(g.s.Instr, op.Instr) || !c.m.Reaches(op.Instr, wait) {
			continue
		}
		for _, sig := range signals {
			if sig.Same(op.Chan) {
				return true
			}
		}
	}
	return false
}

// waitInside reports Wait on the WaitGroup that counts the goroutine, in
// the goroutine, before its Done.
func (c *checker) waitInside(g *goroutine) {
	s := g.s
	for _, o := range g.ops {
		if o.kind != model.Wait || !o.wg.Valid() || !c.counted(s, o.wg) {
			continue
		}
		if s.Kind == model.GoStmt && !g.has(model.Done, o.wg) {
			continue // the Add before the spawn counts another goroutine
		}
		if s.Kind == model.GoStmt && c.doneBefore(g, o) {
			continue // a barrier: Done, then wait for the others
		}
		const why = "%s.Wait inside a goroutine counted by %s waits for itself: the goroutine's Done comes after it, so Wait never returns (call Done before Wait, or wait outside the goroutine)"
		pos, msg := o.pos, fmt.Sprintf(why, name(o), name(o))
		if !g.literal || o.callee != nil {
			wg := c.spawnName(s, o)
			pos, msg = s.Pos, calleeName(s)+" calls "+fmt.Sprintf(why, wg, wg)
		}
		c.report(analysis.Diagnostic{Pos: pos, Message: msg, Related: []analysis.RelatedInformation{{Pos: s.Pos, Message: "the goroutine is started here"}}})
		return // one report per goroutine
	}
}

// has reports whether the goroutine performs an operation of kind k on wg.
func (g *goroutine) has(k model.WGKind, wg model.Ref) bool {
	for _, o := range g.ops {
		if o.kind == k && o.wg.Same(wg) {
			return true
		}
	}
	return false
}

// doneBefore reports whether a non-deferred Done on w.wg in the goroutine
// can run before w.
func (c *checker) doneBefore(g *goroutine, w op) bool {
	for _, o := range g.ops {
		if o.kind == model.Done && !o.deferred && o.wg.Same(w.wg) && o.instr != nil && w.instr != nil && c.m.Reaches(o.instr, w.instr) {
			return true
		}
	}
	return false
}

// doneSkipped reports paths out of a counted goroutine that skip its Done.
func (c *checker) doneSkipped(g *goroutine) {
	s := g.s
	if s.Body == nil || s.Target.Blocks == nil {
		return
	}
	var dones []op
	for _, o := range g.ops {
		if o.kind != model.Done || !o.wg.Valid() || !c.counted(s, o.wg) {
			continue
		}
		if o.deferred {
			return // runs on every path
		}
		dones = append(dones, o)
	}
	if len(dones) == 0 {
		return
	}
	wg := dones[0].wg
	for _, o := range dones[1:] {
		if !o.wg.Same(wg) {
			return // several WaitGroups: not a shape this check knows
		}
	}
	wgName := name(dones[0])
	// Points in the goroutine's own function where Done has run: its Done
	// calls, and calls of literals that call Done.
	done := map[ssa.Instruction]bool{}
	for _, o := range dones {
		if o.fn == nil {
			return
		}
		at := o.instr
		for o.fn.Fn != s.Target && at != nil {
			at = callerSite(c.m, o.fn.Fn, s.Target)
			break
		}
		if at == nil || inLoop(s.Body, at.Pos()) {
			// A Done in a loop counts units of work, or leaves a loop
			// that only ends that way: not a per-goroutine Done.
			return
		}
		done[at] = true
	}
	// Deferring Done cures the hang only when the return skips nothing
	// else that other goroutines may wait for.
	skipsOther := c.otherSignals(s, dones)
	advice := fmt.Sprintf("defer %s.Done() at the start of the goroutine", wgName)
	if skipsOther {
		advice = fmt.Sprintf("call %s.Done on that path too, and release what other goroutines wait for from this one: the return also skips its channel or WaitGroup operations", wgName)
	}
	for _, exit := range skippingExits(c.m, s.Target, done) {
		d := analysis.Diagnostic{
			Related: []analysis.RelatedInformation{
				{Pos: s.Pos, Message: "the goroutine, counted before it starts"},
				{Pos: dones[0].pos, Message: "the Done it skips"},
			},
		}
		switch x := exit.(type) {
		case *ssa.Return:
			d.Pos = x.Pos()
			d.Message = fmt.Sprintf("this return skips %s.Done: the goroutine was counted, so %s.Wait never returns (%s)", wgName, wgName, advice)
			if !d.Pos.IsValid() {
				d.Pos = s.Target.Syntax().End() - 1
				d.Message = fmt.Sprintf("the end of the goroutine's function skips %s.Done: the goroutine was counted, so %s.Wait never returns (%s)", wgName, wgName, advice)
			}
		default:
			d.Pos = exit.Pos()
			if call := c.m.CallSyntax(exit.(ssa.CallInstruction)); call != nil {
				d.Pos = call.Pos()
			}
			d.Message = fmt.Sprintf("runtime.Goexit skips %s.Done: the goroutine was counted, so %s.Wait never returns (%s)", wgName, wgName, advice)
		}
		if fix, ok := c.deferDoneFix(s, dones); ok && !skipsOther {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.report(d)
	}
}

// otherSignals reports whether the goroutine started by s performs, besides
// its dones, operations other goroutines may be waiting for: a channel
// send, receive or close, or a WaitGroup operation, directly or through a
// call. An early return skips them too (a receiver that stops leaves its
// senders blocked), and deferring Done alone does not cure the hang.
func (c *checker) otherSignals(s *model.Spawn, dones []op) bool {
	isDone := map[ssa.Instruction]bool{}
	for _, o := range dones {
		isDone[o.instr] = true
	}
	for _, f := range c.m.SyncFuncs(s.Target) {
		for _, op := range f.ChanOps {
			if !doneRecv(op) {
				return true
			}
		}
		for _, w := range f.WGOps {
			if !isDone[w.Instr] {
				return true
			}
		}
		for _, call := range f.Calls {
			if isDone[call.Instr] {
				continue
			}
			for _, o := range call.Ops {
				switch o.Op {
				case model.OpSend, model.OpRecv, model.OpClose, model.OpDone, model.OpAdd, model.OpWait:
					return true
				}
			}
		}
	}
	return false
}

// doneRecv reports whether op receives from a context's Done channel,
// which nobody sends on: skipping it blocks no one.
func doneRecv(op *model.ChanOp) bool {
	if op.Kind != model.Recv {
		return false
	}
	call, ok := op.Chan.Root.(*ssa.Call)
	if !ok || len(op.Chan.Fields) > 0 || !call.Common().IsInvoke() || call.Common().Method.Name() != "Done" {
		return false
	}
	return model.IsContext(call.Common().Value.Type())
}

// callerSite returns the instruction of target that calls the literal lit
// (directly or through enclosing literals), or nil.
func callerSite(m *model.Model, lit, target *ssa.Function) ssa.Instruction {
	for fn := lit; fn != nil && fn.Parent() != nil; fn = fn.Parent() {
		if fn.Parent() != target {
			continue
		}
		for _, blk := range target.Blocks {
			for _, instr := range blk.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && call.Common().StaticCallee() == fn {
					return instr
				}
			}
		}
	}
	return nil
}

// skippingExits returns the returns and runtime.Goexit calls of fn that
// some path from fn's entry reaches without passing a done instruction, in
// source order.
func skippingExits(m *model.Model, fn *ssa.Function, done map[ssa.Instruction]bool) []ssa.Instruction {
	stop := make(map[ssa.Instruction]bool, len(done))
	for in, d := range done {
		stop[in] = d
	}
	var exits []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if isGoexit(instr) {
				stop[instr] = true // the goroutine ends there
				exits = append(exits, instr)
			} else if _, ok := instr.(*ssa.Return); ok {
				exits = append(exits, instr)
			}
		}
	}
	reaches := m.EntryReacher(fn, stop, nil)
	exits = slices.DeleteFunc(exits, func(e ssa.Instruction) bool { return !reaches(e) })
	slices.SortFunc(exits, func(a, b ssa.Instruction) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return exits
}

// inLoop reports whether pos lies in a for or range statement of the
// function f.
func inLoop(f *model.Func, pos token.Pos) bool {
	if f.File == nil || f.Syntax == nil || !pos.IsValid() {
		return true // cannot tell: assume the worst for precision
	}
	path := srcedit.Enclosing(f.File, pos, pos)
	for _, n := range path {
		if n == f.Syntax {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

func isGoexit(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	fn := call.Common().StaticCallee()
	return fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "runtime" && fn.Name() == "Goexit"
}

// doneWithoutAdd reports Done in a goroutine on a WaitGroup of the spawner
// that nothing ever adds to.
func (c *checker) doneWithoutAdd(g *goroutine) {
	s := g.s
	for _, o := range g.ops {
		if o.kind != model.Done || !o.wg.Valid() || len(o.wg.Fields) > 0 {
			continue
		}
		alloc, ok := o.wg.Root.(*ssa.Alloc)
		if !ok || !c.contained(alloc, 0) || c.addedAnywhere(o.wg) {
			continue
		}
		wg := name(o)
		pos, msg := o.pos, fmt.Sprintf("%s.Done without any %s.Add: the counter goes negative and the program panics (call %s.Add(1) before the go statement)", wg, wg, wg)
		if !g.literal || o.callee != nil {
			pos = s.Pos
			wg = c.spawnName(s, o)
			msg = fmt.Sprintf("%s calls %s.Done without any %s.Add: the counter goes negative and the program panics (call %s.Add(1) before the go statement)", calleeName(s), wg, wg, wg)
		}
		c.report(analysis.Diagnostic{Pos: pos, Message: msg})
		return
	}
}

func calleeName(s *model.Spawn) string {
	if s.Callee != nil {
		return s.Callee.Name()
	}
	return "the function"
}

// addedAnywhere reports whether any code of the package adds to wg or
// starts goroutines with its Go method.
func (c *checker) addedAnywhere(wg model.Ref) bool {
	if c.adds == nil {
		// The package's own Adds and Gos, and its calls that add, by
		// the root of the WaitGroup's Ref.
		c.adds = map[ssa.Value][]model.Ref{}
		for _, f := range c.m.Funcs {
			for _, w := range f.WGOps {
				if w.Kind == model.Add || w.Kind == model.Go {
					c.adds[w.WG.Root] = append(c.adds[w.WG.Root], w.WG)
				}
			}
			for _, call := range f.Calls {
				for _, o := range call.Ops {
					if o.Op == model.OpAdd || o.Op == model.OpGo {
						c.adds[o.Ref.Root] = append(c.adds[o.Ref.Root], o.Ref)
					}
				}
			}
		}
	}
	if slices.ContainsFunc(c.adds[wg.Root], wg.Same) {
		return true
	}
	for _, s := range c.m.Spawns {
		for _, o := range c.m.SpawnOps(s) {
			if (o.Op == model.OpAdd || o.Op == model.OpGo) && o.Ref.Same(wg) {
				return true
			}
		}
		if s.Target != nil && s.Target.Blocks != nil {
			for _, f := range c.m.SyncFuncs(s.Target) {
				for _, w := range f.WGOps {
					if (w.Kind == model.Add || w.Kind == model.Go) && c.m.InSpawner(s, w.WG).Same(wg) {
						return true
					}
				}
			}
		}
	}
	return false
}

// contained reports whether the WaitGroup stored at v is used only by
// WaitGroup method calls, calls of functions whose facts describe what they
// do with it, and closures that use it the same way: no code this check
// cannot see can add to it.
func (c *checker) contained(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != v {
				return false
			}
		case *ssa.MakeClosure:
			fn := r.Fn.(*ssa.Function)
			for i, b := range r.Bindings {
				if b == v && (i >= len(fn.FreeVars) || !c.contained(fn.FreeVars[i], depth+1)) {
					return false
				}
			}
		case ssa.CallInstruction:
			common := r.Common()
			if common.Value == v {
				return false
			}
			callee := common.StaticCallee()
			if callee == nil {
				return false
			}
			if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync" {
				continue
			}
			target := callee
			if target.Parent() != nil {
				// A literal called with the WaitGroup as an argument.
				for i, a := range common.Args {
					if a == v && (i >= len(target.Params) || !c.contained(target.Params[i], depth+1)) {
						return false
					}
				}
				continue
			}
			obj, ok := target.Object().(*types.Func)
			if !ok || c.m.ParamOpsOf(obj) == nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}

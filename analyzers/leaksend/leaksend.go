package leaksend

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/chanuse"
	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "leaksend",
	Doc:      checkdoc.MustExtract(doc, "leaksend"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/leaksend",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, m: pass.ResultOf[model.Analyzer].(*model.Model)}
	for _, ch := range c.m.Chans {
		if ch.Func == nil || ch.Func.File == nil || srcedit.Generated(ch.Func.File) {
			continue
		}
		c.check(ch)
	}
	c.flush()
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	// found holds the findings, one per bug (see add).
	found map[bug][]analysis.Diagnostic
	order []bug
}

// bug is what makes two findings one: the sends of one goroutine on one
// channel that block for the same reason.
type bug struct {
	ch, spawn token.Pos
	msg       string
}

// add records d for the send of the goroutine started at spawn on the
// channel made at ch.
func (c *checker) add(ch, spawn token.Pos, d analysis.Diagnostic) {
	k := bug{ch, spawn, d.Message}
	if c.found == nil {
		c.found = map[bug][]analysis.Diagnostic{}
	}
	if _, ok := c.found[k]; !ok {
		c.order = append(c.order, k)
	}
	c.found[k] = append(c.found[k], d)
}

// flush reports each bug once, at its first send, with the others
// related (go-ethereum's ExportSnapshotPreimages sends on one channel at
// two places of one goroutine).
func (c *checker) flush() {
	for _, k := range c.order {
		ds := c.found[k]
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos < ds[j].Pos })
		d := ds[0]
		for _, o := range ds[1:] {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: o.Pos, Message: "the same goroutine blocks here too, for the same reason"})
		}
		c.pass.Report(d)
	}
}

// many stands for a number of senders that is not known statically.
const many = -1

func (c *checker) check(ch *model.Chan) {
	if ch.Cap < 0 {
		return
	}
	F := ch.Func.Fn
	if F.Parent() == nil && F.Name() == "main" && F.Pkg != nil && F.Pkg.Pkg.Name() == "main" {
		return // returning from main ends the program
	}
	ops, ok := c.confined(ch.Make)
	if !ok {
		return
	}
	noRecv := !slices.ContainsFunc(ops, func(op *chop) bool { return op.kind == model.Recv })
	// The goroutines F starts with a go statement, by the function they run
	// (a literal of F, or a named function).
	spawnsOf := map[*ssa.Function][]*model.Spawn{}
	byInstr := map[ssa.Instruction]*model.Spawn{}
	for _, s := range ch.Func.Spawns {
		if s.Kind == model.GoStmt && s.Target != nil {
			spawnsOf[s.Target] = append(spawnsOf[s.Target], s)
			byInstr[s.Instr] = s
		}
	}
	spawnOf := func(op *chop) *model.Spawn {
		if op.callee != nil {
			return byInstr[op.instr]
		}
		if ss := spawnsOf[op.fn]; len(ss) == 1 {
			return ss[0]
		}
		return nil // not started by F, or started twice: keep it simple
	}
	// Classify the operations.
	var fRecvs []*chop
	sends := map[*model.Spawn][]*chop{}
	for _, op := range ops {
		if op.fn == F {
			switch op.kind {
			case model.Send:
				return // F sends itself
			case model.Recv:
				fRecvs = append(fRecvs, op)
			}
			continue
		}
		s := spawnOf(op)
		if s == nil {
			return // the channel is used by other code of F (a deferred or called literal)
		}
		switch op.kind {
		case model.Send:
			sends[s] = append(sends[s], op)
		case model.Recv:
			return // a goroutine receives
		}
	}
	if len(sends) == 0 {
		return
	}
	// Count the senders: spawns in source order.
	var spawns []*model.Spawn
	for _, s := range ch.Func.Spawns {
		if sends[s] != nil {
			spawns = append(spawns, s)
		}
	}
	n, perG := 0, 0
	per := map[*model.Spawn]int{}
	for _, s := range spawns {
		k := sendsPerGoroutine(sends[s])
		perG = k
		if s.InLoop() {
			k = many
		}
		if k == many {
			if len(spawns) != 1 || ch.Cap > 0 {
				return // unknown many senders: only for an unbuffered channel
			}
			n = many
			per[s] = 2 // first-response: assume the loop starts at least two
			break
		}
		per[s] = k
		n += k
	}
	if n != many && int64(n) <= ch.Cap {
		return
	}
	for i := 0; i+1 < len(spawns); i++ {
		if !model.Dominates(spawns[i].Instr, spawns[i+1].Instr) {
			return // spawns on different paths: the count is not a sum
		}
	}
	p, ok := c.leakPath(ch.Func, fRecvs, spawns, per, ch.Cap, n != many)
	if !ok {
		return
	}
	// Report the senders after the last receive that dominates a later
	// spawn: those before it have been received.
	from := 0
	for i := 0; i+1 < len(spawns); i++ {
		for _, r := range fRecvs {
			if model.Dominates(spawns[i].Instr, r.instr) && model.Dominates(r.instr, spawns[i+1].Instr) {
				from = i + 1
			}
		}
	}
	for _, s := range spawns[from:] {
		for _, op := range sends[s] {
			if op.sel == nil {
				c.report(ch, s, sends[s], op, n, perG, p, noRecv)
			}
		}
	}
}

// chop is one operation on the channel, found by the confinement walk.
type chop struct {
	kind  model.ChanOpKind // Send, Recv (also range) or Close
	instr ssa.Instruction
	fn    *ssa.Function
	pos   token.Pos
	sel   *ssa.Select // nil for a bare operation
	state int         // the case's index in sel
	// callee is set for a send known only from the ParamOps fact of a
	// function of another package that a go statement of F starts: instr
	// is that go statement, fn the callee, arg the index of the channel
	// among the callee's parameters (the receiver first).
	callee *types.Func
	arg    int
	repeat bool // the fact says the send can run more than once
}

// sendsPerGoroutine returns how many of ops one run of their goroutine can
// perform: 1 when no send can follow another (or itself), else many.
func sendsPerGoroutine(ops []*chop) int {
	for _, a := range ops {
		if a.repeat {
			return many
		}
		for _, b := range ops {
			if a.callee == nil && b.callee == nil && model.Reaches(a.instr, b.instr) {
				return many
			}
		}
	}
	return 1
}

// confined follows the channel made by mk through F and the literals it
// binds the channel to (chanuse.FollowWith), and returns its operations, or
// false when the channel escapes: returned, stored, sent, converted to an
// interface, passed to a function that is not a literal called or started
// right there (wg.Go and errgroup literals included), or merged in a phi. A
// go statement of F that starts a named function is followed into its body
// when the function is of this package, and known by its ParamOps fact
// otherwise: it must send on the channel outside any select and not receive
// from it.
func (c *checker) confined(mk *ssa.MakeChan) ([]*chop, bool) {
	F := mk.Parent()
	named := func(call ssa.CallInstruction, fn *ssa.Function, arg int) (bool, []*chanuse.Op, bool) {
		g, isGo := call.(*ssa.Go)
		if !isGo || g.Parent() != F {
			return false, nil, false // a named function: only when F starts it
		}
		if len(fn.Blocks) > 0 {
			return true, nil, true
		}
		obj, _ := fn.Object().(*types.Func)
		if obj == nil || obj.Signature().Variadic() || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
			return false, nil, false
		}
		facts := c.m.ParamOpsOf(obj)
		if !facts.Has(arg, "", model.OpBareSend) || facts.Has(arg, "", model.OpRecv) {
			return false, nil, false
		}
		return false, []*chanuse.Op{{Kind: model.Send, Instr: g, Fn: fn, Pos: g.Pos(), Callee: obj, Arg: arg, Repeat: facts.Has(arg, "", model.OpSendLoop)}}, true
	}
	u, ok := chanuse.FollowWith(c.m, mk, chanuse.Options{Named: named, NoGroupGo: true})
	if !ok {
		return nil, false
	}
	ops := make([]*chop, 0, len(u.Ops))
	for _, op := range u.Ops {
		k, pos := op.Kind, op.Pos
		switch k {
		case model.Range:
			k = model.Recv // leaksend tells a range by its loop
		case model.Close:
			pos = op.Instr.Pos()
		}
		ops = append(ops, &chop{kind: k, instr: op.Instr, fn: op.Fn, pos: pos, sel: op.Select, state: op.Case, callee: op.Callee, arg: op.Arg, repeat: op.Repeat})
	}
	return ops, true
}

// path is a way out of F that leaves senders blocked.
type path struct {
	ret     ssa.Instruction // the *ssa.Return reached
	sel     *ssa.Select     // a select on the channel left by another case, if any
	recvs   int             // receives on the path
	pending int             // sends left without a receiver or a buffer slot
	loop    ast.Stmt        // the consumer loop of F the path leaves early, if any
	recvAt  []token.Pos     // F's receives on the channel
}

type event struct {
	index int // in the block; -1 on entry
	delta int // + senders started, - a receive
}

type edge struct{ from, to *ssa.BasicBlock }

// leakPath searches F's control-flow graph, from the first go statement, for
// a path to a return on which the senders started outnumber the receives
// plus the buffer. A receive inside a loop of F silences the check unless
// the loop is a consumer loop (see consumerLoop): the edge on which its
// receive reports the channel closed sets the senders left to none. A
// select case on a channel a goroutine of F closes or sends on counts as
// enough (the sender is done); a receive in a select counts only in its own
// case; a path through a call that does not return (t.Fatal, os.Exit) or
// fails a test (t.Error) ends there. exact says the senders are counted
// exactly (no loop of spawns, no loop of sends).
func (c *checker) leakPath(f *model.Func, recvs []*chop, spawns []*model.Spawn, per map[*model.Spawn]int, capacity int64, exact bool) (path, bool) {
	F := f.Fn
	barrier := map[*ssa.BasicBlock]bool{}
	events := map[*ssa.BasicBlock][]event{}
	drained := map[edge]bool{}
	loopOf := map[*ssa.BasicBlock]ast.Stmt{} // the consumer loop of a looped receive's block
	var loops []ast.Stmt
	maxP := 0
	for _, s := range spawns {
		b := s.Instr.Block()
		if b == nil {
			return path{}, false
		}
		events[b] = append(events[b], event{model.Index(b, s.Instr), per[s]})
		maxP += per[s]
	}
	recvSel := map[*ssa.Select]bool{}
	for _, op := range recvs {
		b := op.instr.Block()
		if b == nil {
			return path{}, false
		}
		if model.OnCycle(b) {
			// A receive in a loop. A counted loop, or a range that runs
			// to the close, has a control-flow path that skips its body
			// (a rotated for loop tests its condition first), which the
			// go statements before it make infeasible: stay silent,
			// unless the loop can only end by the channel's close or by
			// an early exit.
			loop, es, ok := c.consumerLoop(f, op, exact)
			if !ok {
				return path{}, false
			}
			for _, e := range es {
				drained[e] = true
			}
			if !slices.Contains(loops, loop) {
				loops = append(loops, loop)
			}
			loopOf[b] = loop
		}
		if op.sel == nil {
			events[b] = append(events[b], event{model.Index(b, op.instr), -1})
			continue
		}
		recvSel[op.sel] = true
		if body := caseBody(op.sel, op.state); body != nil {
			events[body] = append(events[body], event{-1, -1})
		} else {
			events[b] = append(events[b], event{model.Index(b, op.instr), -1})
		}
	}
	// Other cases of those selects that hear from a goroutine of F: a
	// sender, or a closer that waits for the senders (wg.Wait()).
	targets := map[*ssa.Function]bool{}
	for _, s := range spawns {
		targets[s.Target] = true
	}
	for _, s := range f.Spawns {
		if s.Target != nil && s.Body != nil && waits(s.Body) {
			targets[s.Target] = true
		}
	}
	for sel := range recvSel {
		for i, st := range sel.States {
			if st.Dir == types.RecvOnly && c.signalledBy(st.Chan, targets) {
				if body := caseBody(sel, i); body != nil {
					barrier[body] = true
				} else {
					return path{}, false
				}
			}
		}
	}
	for _, b := range F.Blocks {
		if noReturn(b) {
			barrier[b] = true
		}
		slices.SortStableFunc(events[b], func(x, y event) int { return x.index - y.index })
	}

	first := spawns[0].Instr
	fb := first.Block()
	if barrier[fb] {
		return path{}, false
	}
	type state struct {
		b          *ssa.BasicBlock
		pending, k int
	}
	type link struct {
		prev  state
		start bool
	}
	seen := map[state]link{}
	// run applies the events of b from index from on.
	run := func(b *ssa.BasicBlock, from, pending, k int) (int, int) {
		for _, e := range events[b] {
			if e.index < from {
				continue
			}
			if e.delta < 0 {
				k++
			}
			pending = min(max(pending+e.delta, 0), maxP)
		}
		return pending, k
	}
	var queue []state
	visit := func(s state, l link) (path, bool) {
		if ret := returnIn(s.b); ret != nil && int64(s.pending) > capacity {
			p := path{ret: ret, recvs: s.k, pending: s.pending - int(capacity)}
			for _, op := range recvs {
				p.recvAt = append(p.recvAt, op.pos)
			}
			for cur, cl := s, l; ; cur, cl = cl.prev, seen[cl.prev] {
				for _, in := range cur.b.Instrs {
					if sel, ok := in.(*ssa.Select); ok && recvSel[sel] && p.sel == nil {
						p.sel = sel // the last select on the path
					}
				}
				if p.loop == nil && loopOf[cur.b] != nil {
					p.loop = loopOf[cur.b] // the last consumer loop on the path
				}
				if cl.start {
					break
				}
			}
			return p, true
		}
		for _, succ := range s.b.Succs {
			if barrier[succ] {
				continue
			}
			pending := s.pending
			if drained[edge{s.b, succ}] {
				pending = 0 // the channel is closed: every sender is done
			}
			pending, k := run(succ, -1, pending, s.k)
			ns := state{succ, pending, min(k, maxP+1)}
			if _, ok := seen[ns]; !ok {
				seen[ns] = link{prev: s}
				queue = append(queue, ns)
			}
		}
		return path{}, false
	}
	pending, k := run(fb, model.Index(fb, first), 0, 0)
	st := state{fb, pending, k}
	seen[st] = link{start: true}
	if p, ok := visit(st, link{start: true}); ok {
		return p, true
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if p, ok := visit(s, seen[s]); ok {
			return p, true
		}
	}
	return path{}, false
}

// consumerLoop reports whether the receive op of F, on a cycle of F's
// control-flow graph, is in a consumer loop: a range over the channel, or a
// for loop without condition (inside for loops without condition only), so
// that the loop ends only when the channel is closed or by an early exit
// (break, return, a select's other case). It returns the loop and the
// edges on which the receive reports the channel closed (the range's end,
// `if !ok`). A loop without such an edge is accepted only when the senders
// are counted exactly (a receive loop waiting for a sentinel value would
// otherwise look like an early exit). A loop whose exits test a counter or
// a length (`if n == len(xs) { break }`) is counted: not a consumer loop.
func (c *checker) consumerLoop(f *model.Func, op *chop, exact bool) (ast.Stmt, []edge, bool) {
	if f.File == nil || f.Syntax == nil {
		return nil, nil, false
	}
	enclosing, _ := astutil.PathEnclosingInterval(f.File, op.pos, op.pos)
	var loops []ast.Stmt
	for _, nd := range enclosing {
		if nd == f.Syntax {
			break
		}
		switch nd := nd.(type) {
		case *ast.FuncLit:
			return nil, nil, false
		case *ast.ForStmt:
			if nd.Cond != nil {
				return nil, nil, false
			}
			loops = append(loops, nd)
		case *ast.RangeStmt:
			if len(loops) > 0 || nd.For != op.pos {
				return nil, nil, false // not the range's own receive
			}
			loops = append(loops, nd)
		}
	}
	if len(loops) == 0 {
		return nil, nil, false
	}
	loop := loops[0]
	if c.counted(loop) {
		return nil, nil, false
	}
	es := closedEdges(op)
	if len(es) == 0 && !exact {
		return nil, nil, false
	}
	return loop, es, true
}

// closedEdges returns the edges of F's graph taken when the receive op
// reports its channel closed: the false branch of an if on the receive's ok
// (in the receive's own case, for a select).
func closedEdges(op *chop) []edge {
	var ok ssa.Value
	var caseB *ssa.BasicBlock
	if op.sel != nil {
		caseB = caseBody(op.sel, op.state)
		if caseB == nil {
			return nil
		}
		for _, r := range *op.sel.Referrers() {
			if ex, isEx := r.(*ssa.Extract); isEx && ex.Index == 1 {
				ok = ex
			}
		}
	} else if u, isU := op.instr.(*ssa.UnOp); isU && u.CommaOk {
		for _, r := range *u.Referrers() {
			if ex, isEx := r.(*ssa.Extract); isEx && ex.Index == 1 {
				ok = ex
			}
		}
	}
	if ok == nil {
		return nil
	}
	var out []edge
	var visit func(v ssa.Value, closedIdx int)
	visit = func(v ssa.Value, closedIdx int) {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.If:
				b := r.Block()
				if len(b.Succs) != 2 || caseB != nil && !caseB.Dominates(b) {
					continue
				}
				out = append(out, edge{b, b.Succs[closedIdx]})
			case *ssa.UnOp:
				if r.Op == token.NOT {
					visit(r, 1-closedIdx)
				}
			}
		}
	}
	visit(ok, 1)
	return out
}

// counted reports whether an if statement in the loop's body (outside
// literals) tests a counter of the loop or the length of a collection the
// loop fills (`if n == len(xs)`, `if len(seen) == n`): its exit may come
// once every sender has been received. Counters and collections are
// variables declared outside the body that the body increments, adds to,
// appends to or stores into.
func (c *checker) counted(loop ast.Stmt) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return true
	}
	outer := func(e ast.Expr) types.Object {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.Ident:
				obj := c.pass.TypesInfo.ObjectOf(x)
				if obj == nil || body.Pos() <= obj.Pos() && obj.Pos() < body.End() {
					return nil
				}
				return obj
			}
			return nil
		}
	}
	counters := map[types.Object]bool{}    // incremented or added to
	collections := map[types.Object]bool{} // appended to or stored into
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if obj := outer(n.X); obj != nil {
				counters[obj] = true
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				obj := outer(l)
				if obj == nil {
					continue
				}
				switch {
				case n.Tok == token.ADD_ASSIGN || n.Tok == token.SUB_ASSIGN:
					counters[obj] = true
				case n.Tok == token.ASSIGN:
					if _, isIdx := ast.Unparen(l).(*ast.IndexExpr); isIdx {
						collections[obj] = true
					} else if len(n.Rhs) == len(n.Lhs) {
						if call, ok := n.Rhs[0].(*ast.CallExpr); ok {
							if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "append" {
								collections[obj] = true
							}
						}
					}
				}
			}
		}
		return true
	})
	mentions := func(e ast.Node, set map[types.Object]bool) bool {
		found := false
		ast.Inspect(e, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && set[c.pass.TypesInfo.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if mentions(n.Cond, counters) {
				found = true
				break
			}
			ast.Inspect(n.Cond, func(m ast.Node) bool {
				if call, ok := m.(*ast.CallExpr); ok && len(call.Args) == 1 {
					if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
						if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && mentions(call.Args[0], collections) {
							found = true
						}
					}
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// waits reports whether f calls WaitGroup.Wait.
func waits(f *model.Func) bool {
	for _, op := range f.WGOps {
		if op.Kind == model.Wait {
			return true
		}
	}
	return false
}

// signalledBy reports whether ch is made in this package and closed or sent
// on by one of the functions in fns.
func (c *checker) signalledBy(ch ssa.Value, fns map[*ssa.Function]bool) bool {
	r := c.m.Ref(ch)
	mk, ok := r.Root.(*ssa.MakeChan)
	if !ok || len(r.Fields) > 0 {
		return false
	}
	if other := c.m.ChanOf(mk); other != nil {
		for _, op := range other.Ops {
			if (op.Kind == model.Close || op.Kind == model.Send) && op.Func != nil && fns[op.Func.Fn] {
				return true
			}
		}
	}
	// The model may not resolve every operation: look for them directly.
	if ops, ok := c.confined(mk); ok {
		for _, op := range ops {
			if (op.kind == model.Close || op.kind == model.Send) && fns[op.fn] {
				return true
			}
		}
	} else {
		return true // escapes: anyone may signal it
	}
	return false
}

// noReturnNames are functions and methods after whose call the goroutine
// does not go on: a path through them is not a return.
var noReturnNames = map[string]bool{
	"Fatal": true, "Fatalf": true, "Fatalln": true, "FailNow": true,
	"Skip": true, "Skipf": true, "SkipNow": true, "Exit": true, "Goexit": true,
	"Panic": true, "Panicf": true, "Panicln": true,
}

func noReturn(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		call, ok := in.(*ssa.Call)
		if !ok {
			continue
		}
		common := call.Common()
		name := ""
		if common.IsInvoke() {
			name = common.Method.Name()
		} else if fn := common.StaticCallee(); fn != nil {
			name = fn.Name()
		}
		if noReturnNames[name] || testFailure(common, name) {
			return true
		}
	}
	return false
}

// testFailure reports whether common calls a method of package testing that
// marks the test failed (Error, Errorf, Fail): a leak on a failing test's
// path is not worth a report.
func testFailure(common *ssa.CallCommon, name string) bool {
	switch name {
	case "Error", "Errorf", "Fail":
	default:
		return false
	}
	var obj types.Object
	if common.IsInvoke() {
		obj = common.Method
	} else if fn := common.StaticCallee(); fn != nil {
		obj = fn.Object()
	}
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "testing"
}

func returnIn(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
		return r
	}
	return nil
}

// caseBody returns the block that starts the body of case idx of sel: the
// true successor of `index == idx` on the select's first result.
func caseBody(sel *ssa.Select, idx int) *ssa.BasicBlock {
	for _, r := range *sel.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r2 := range *ex.Referrers() {
			cmp, ok := r2.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL || cmp.X != ex {
				continue
			}
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Int64() != int64(idx) {
				continue
			}
			for _, r3 := range *cmp.Referrers() {
				if iff, ok := r3.(*ssa.If); ok && len(iff.Block().Succs) == 2 {
					return iff.Block().Succs[0]
				}
			}
		}
	}
	return nil
}

// report records the finding for the send op of the goroutine started at
// s on ch, left blocked on path p; noRecv says nothing receives from ch at
// all.
func (c *checker) report(ch *model.Chan, s *model.Spawn, sends []*chop, op *chop, n, perG int, p path, noRecv bool) {
	file := ch.Func.File
	F := ch.Func.Fn
	fname := F.Name()
	if F.Parent() != nil {
		fname = "the enclosing function"
	}
	retPos := p.ret.Pos()
	if !retPos.IsValid() {
		switch syn := ch.Func.Syntax.(type) {
		case *ast.FuncDecl:
			if syn.Body != nil {
				retPos = syn.Body.Rbrace
			}
		case *ast.FuncLit:
			retPos = syn.Body.Rbrace
		}
	}
	elem := types.TypeString(ch.Make.Type().Underlying().(*types.Chan).Elem(), types.RelativeTo(c.pass.Pkg))

	// The diagnostic sits on the send; for a function of another package,
	// on the go statement that starts it.
	pos, name, subject := op.pos, "the channel", ""
	if op.callee != nil {
		if gs, ok := s.Syntax.(*ast.GoStmt); ok {
			i := op.arg
			if op.callee.Signature().Recv() != nil {
				i--
			}
			if i >= 0 && i < len(gs.Call.Args) {
				name = types.ExprString(gs.Call.Args[i])
			}
		}
		pos = s.Pos
		subject = fmt.Sprintf("%s.%s, started here, sends on %s and ", op.callee.Pkg().Name(), op.callee.Name(), name)
	} else if f := srcedit.FileOf(c.pass, op.pos); f != nil {
		enclosing, _ := astutil.PathEnclosingInterval(f, op.pos, op.pos)
		for _, nd := range enclosing {
			if st, ok := nd.(*ast.SendStmt); ok {
				name = types.ExprString(st.Chan)
				break
			}
		}
	}
	if subject == "" {
		subject = fmt.Sprintf("send on %s ", name)
	}
	chName := name
	if file != nil {
		if id := makeName(file, ch.Pos); id != "" {
			chName = id
		}
	}

	// Where F stops receiving, for a consumer loop left early.
	exitPos, exitWhat := token.NoPos, ""
	if p.loop != nil && !(p.sel != nil && file != nil && otherCase(file, p, retPos)) {
		if p.loop.Pos() <= retPos && retPos < p.loop.End() {
			exitPos, exitWhat = retPos, "returns"
		} else if br := c.breakOf(p.loop); br != nil {
			exitPos, exitWhat = br.Pos(), "breaks"
		}
	}

	size, sizeOK := c.size(ch, s, sends, n, perG)
	advice := fmt.Sprintf("make %s buffered for every sender", chName)
	switch {
	case sizeOK:
		advice = fmt.Sprintf("make %s buffered: make(chan %s, %s)", chName, elem, size)
	case exitPos.IsValid():
		advice = fmt.Sprintf("send in a select with ctx.Done() or a done channel that %s closes when it stops receiving", fname)
	case n == many:
		advice = fmt.Sprintf("make %s buffered for every sender, or send in a select with ctx.Done()", chName)
	}
	var msg string
	if exitPos.IsValid() {
		line := c.pass.Fset.Position(exitPos).Line
		what := fmt.Sprintf("the loop receiving from %s %s there", chName, exitWhat)
		if p.sel != nil && file != nil && otherCase(file, p, exitPos) {
			what = "the select there leaves the loop"
		}
		if exitWhat == "breaks" {
			what += " and nothing receives after it"
		}
		msg = fmt.Sprintf("%sblocks forever if %s stops receiving at line %d before %s is closed: %s (%s)", subject, fname, line, chName, what, advice)
	} else {
		line := c.pass.Fset.Position(retPos).Line
		what := "nothing receives after that"
		switch {
		case p.recvs == 1:
			what = "only one value is received on that path"
		case p.recvs > 1:
			what = fmt.Sprintf("only %d values are received on that path", p.recvs)
		}
		if p.sel != nil && p.recvs == 0 {
			what = "the select there stops receiving"
		}
		msg = fmt.Sprintf("%sblocks forever if %s returns at line %d first: %s (%s)", subject, fname, line, what, advice)
		if noRecv && p.sel == nil {
			// Not a matter of returning first: nothing ever receives
			// (crypto/tls handshake_client_test.go:2896).
			msg = fmt.Sprintf("%sblocks forever: nothing receives from %s (%s)", subject, chName, advice)
		}
	}
	d := analysis.Diagnostic{
		Pos:     pos,
		Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: ch.Pos, Message: "channel made here"},
		},
	}
	if op.callee == nil && s.Target != nil && s.Target.Parent() == nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: s.Pos, Message: "goroutine started here"})
	}
	if p.sel != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: p.sel.Pos(), Message: "this select can return without receiving"})
	}
	if exitPos.IsValid() && exitPos != retPos {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: exitPos, Message: "stops receiving here"})
	}
	if retPos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: retPos, Message: "returns here"})
	}
	if sizeOK {
		if fix, ok := c.fix(ch, size); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.add(ch.Pos, s.Pos, d)
}

// otherCase reports whether pos lies in a case of the select of p that
// does not receive from the channel: the select stops receiving there.
func otherCase(file *ast.File, p path, pos token.Pos) bool {
	enclosing, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for i, nd := range enclosing {
		cc, ok := nd.(*ast.CommClause)
		if !ok || i+2 >= len(enclosing) {
			continue
		}
		sel, ok := enclosing[i+2].(*ast.SelectStmt) // CommClause, BlockStmt, SelectStmt
		if !ok || sel.Pos() != p.sel.Pos() {
			continue
		}
		if cc.Comm == nil {
			return true
		}
		for _, r := range p.recvAt {
			if cc.Comm.Pos() <= r && r < cc.Comm.End() {
				return false
			}
		}
		return true
	}
	return false
}

// makeName returns the variable a make at pos is assigned to (ch :=
// make(chan T)), or "".
func makeName(file *ast.File, pos token.Pos) string {
	enclosing, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for i, nd := range enclosing {
		call, ok := nd.(*ast.CallExpr)
		if !ok || call.Lparen != pos {
			continue
		}
		if i+1 >= len(enclosing) {
			return ""
		}
		switch parent := enclosing[i+1].(type) {
		case *ast.AssignStmt:
			for j, r := range parent.Rhs {
				if r == call && j < len(parent.Lhs) && len(parent.Lhs) == len(parent.Rhs) {
					if id, ok := parent.Lhs[j].(*ast.Ident); ok {
						return id.Name
					}
				}
			}
		case *ast.ValueSpec:
			for j, r := range parent.Values {
				if r == call && j < len(parent.Names) && len(parent.Names) == len(parent.Values) {
					return parent.Names[j].Name
				}
			}
		}
		return ""
	}
	return ""
}

// breakOf returns the first break statement that leaves loop early: an
// unlabeled break not inside an inner for, range, switch or select, or a
// break to loop's label or an outer one, that is not the loop's normal end
// (under an if that tests the ok of a comma-ok receive).
func (c *checker) breakOf(loop ast.Stmt) *ast.BranchStmt {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return nil
	}
	inner := map[string]bool{} // labels of statements inside the loop
	oks := map[types.Object]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			inner[n.Label.Name] = true
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if u, ok := ast.Unparen(n.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					if id, ok := n.Lhs[1].(*ast.Ident); ok {
						if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
							oks[obj] = true
						}
					}
				}
			}
		}
		return true
	})
	testsOk := func(cond ast.Expr) bool {
		found := false
		ast.Inspect(cond, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && oks[c.pass.TypesInfo.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	var found *ast.BranchStmt
	var walk func(n ast.Node, nested, underOk bool)
	walk = func(n ast.Node, nested, underOk bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found != nil || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					walk(m, true, underOk)
					return false
				}
			case *ast.IfStmt:
				if m != n && testsOk(m.Cond) {
					walk(m.Body, nested, true)
					if m.Else != nil {
						walk(m.Else, nested, true)
					}
					return false
				}
			case *ast.BranchStmt:
				if m.Tok != token.BREAK || underOk {
					return true
				}
				if m.Label == nil && !nested || m.Label != nil && !inner[m.Label.Name] {
					found = m
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return found
}

// size returns the buffer that holds every send, as source text, when it
// is known: the number of senders; len(xs) for one sender per element of a
// ranged plain variable xs that is not reassigned; len(xs) for one goroutine
// whose only send is in its one loop, a range over such an xs.
func (c *checker) size(ch *model.Chan, s *model.Spawn, sends []*chop, n, perG int) (string, bool) {
	if n != many {
		return strconv.Itoa(n), true
	}
	var rs *ast.RangeStmt
	switch {
	case len(s.Loops) == 1 && perG == 1:
		rs, _ = s.Loops[0].(*ast.RangeStmt)
	case len(s.Loops) == 0 && len(sends) == 1 && sends[0].callee == nil && s.Target != nil && s.Target.Parent() == ch.Func.Fn:
		// One goroutine: its send in a range over xs, inside no other loop.
		lit, ok := s.Target.Syntax().(*ast.FuncLit)
		if !ok || ch.Func.File == nil {
			return "", false
		}
		enclosing, _ := astutil.PathEnclosingInterval(ch.Func.File, sends[0].pos, sends[0].pos)
		for _, nd := range enclosing {
			if nd == lit {
				break
			}
			switch nd := nd.(type) {
			case *ast.FuncLit, *ast.ForStmt:
				return "", false
			case *ast.RangeStmt:
				if rs != nil {
					return "", false
				}
				rs = nd
			}
		}
	}
	if rs == nil {
		return "", false
	}
	id, ok := rs.X.(*ast.Ident)
	if !ok {
		return "", false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Pkg() != c.pass.Pkg || !v.Parent().Contains(ch.Pos) || v.Pos() >= ch.Pos {
		return "", false
	}
	switch v.Type().Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
	default:
		return "", false
	}
	if c.assigned(ch.Func.Syntax, v) {
		return "", false
	}
	return "len(" + id.Name + ")", true
}

// assigned reports whether v is assigned (other than by its definition),
// incremented, or has its address taken in body.
func (c *checker) assigned(body ast.Node, v *types.Var) bool {
	if body == nil {
		return true
	}
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				found = true
			}
		case *ast.RangeStmt:
			if (n.Key != nil && is(n.Key)) || (n.Value != nil && is(n.Value)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// fix sets the buffer size of the make to size.
func (c *checker) fix(ch *model.Chan, size string) (analysis.SuggestedFix, bool) {
	file := ch.Func.File
	enclosing, _ := astutil.PathEnclosingInterval(file, ch.Pos, ch.Pos)
	var call *ast.CallExpr
	for _, nd := range enclosing {
		if ce, ok := nd.(*ast.CallExpr); ok && ce.Lparen == ch.Pos {
			call = ce
			break
		}
	}
	if call == nil || len(call.Args) == 0 || len(call.Args) > 2 {
		return analysis.SuggestedFix{}, false
	}
	var edit analysis.TextEdit
	if len(call.Args) == 1 {
		edit = analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + size)}
	} else {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
	}
	return analysis.SuggestedFix{
		Message:   "Buffer the channel for every sender",
		TextEdits: []analysis.TextEdit{edit},
	}, true
}

package leaksend

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
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
		if ch.Func == nil || ch.Func.File == nil || ast.IsGenerated(ch.Func.File) {
			continue
		}
		c.check(ch)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
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
	ops, ok := confined(ch.Make)
	if !ok {
		return
	}
	// The goroutine literals F starts with a go statement.
	spawnOf := map[*ssa.Function]*model.Spawn{}
	for _, s := range ch.Func.Spawns {
		if s.Kind == model.GoStmt && s.Target != nil && s.Target.Parent() == F {
			if spawnOf[s.Target] != nil {
				return // the same literal started twice: keep it simple
			}
			spawnOf[s.Target] = s
		}
	}
	// Classify the operations.
	var fRecvs []*chop
	sends := map[*model.Spawn][]*chop{}
	for _, op := range ops {
		if op.fn != F && spawnOf[op.fn] == nil {
			return // the channel is used by other code of F (a deferred or called literal)
		}
		switch op.kind {
		case model.Close:
		case model.Send:
			s := spawnOf[op.fn]
			if s == nil {
				return // F sends itself
			}
			sends[s] = append(sends[s], op)
		case model.Recv:
			if op.fn != F {
				return // a goroutine receives
			}
			fRecvs = append(fRecvs, op)
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
	p, ok := c.leakPath(F, fRecvs, spawns, per, ch.Cap)
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
				c.report(ch, s, op, n, perG, p)
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
}

// sendsPerGoroutine returns how many of ops one run of their goroutine can
// perform: 1 when no send can follow another (or itself), else many.
func sendsPerGoroutine(ops []*chop) int {
	for _, a := range ops {
		for _, b := range ops {
			if model.Reaches(a.instr, b.instr) {
				return many
			}
		}
	}
	return 1
}

// confined follows the channel made by mk through F and the literals it
// binds the channel to, and reports the functions where it is used, or false
// when the channel escapes: returned, stored, sent, converted to an
// interface, passed to a function that is not a literal called or started
// right there, or merged in a phi.
func confined(mk *ssa.MakeChan) ([]*chop, bool) {
	var ops []*chop
	add := func(k model.ChanOpKind, in ssa.Instruction, pos token.Pos, sel *ssa.Select, state int) {
		ops = append(ops, &chop{kind: k, instr: in, fn: in.Parent(), pos: pos, sel: sel, state: state})
	}
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value) bool
	// cell follows the variable a (an Alloc, or a FreeVar of a closure that
	// captures it) holding the channel: it may be loaded and captured, and
	// stored to only by the one store that puts the channel there.
	var cell func(a ssa.Value, init *ssa.Store) bool
	cell = func(a ssa.Value, init *ssa.Store) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if r != init || r.Addr != a {
					return false // reassigned, or the address stored
				}
			case *ssa.UnOp:
				if r.Op != token.MUL || !walk(r) {
					return false
				}
			case *ssa.MakeClosure:
				if !calledOnly(r) {
					return false
				}
				fn := r.Fn.(*ssa.Function)
				for i, b := range r.Bindings {
					if b == a && !cell(fn.FreeVars[i], init) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Send:
				if r.X == v {
					return false
				}
				add(model.Send, r, r.Pos(), nil, 0)
			case *ssa.UnOp:
				if r.Op != token.ARROW {
					return false
				}
				add(model.Recv, r, r.Pos(), nil, 0)
			case *ssa.BinOp:
				if r.Op != token.EQL && r.Op != token.NEQ {
					return false
				}
			case *ssa.Select:
				for i, st := range r.States {
					if st.Send == v {
						return false
					}
					if st.Chan == v {
						k := model.Recv
						if st.Dir == types.SendOnly {
							k = model.Send
						}
						add(k, r, st.Pos, r, i)
					}
				}
			case *ssa.Store:
				a, ok := r.Addr.(*ssa.Alloc)
				if !ok || r.Val != v || !cell(a, r) {
					return false
				}
			case *ssa.ChangeType:
				if !walk(r) {
					return false
				}
			case *ssa.MakeClosure:
				if !calledOnly(r) {
					return false
				}
				fn := r.Fn.(*ssa.Function)
				for i, b := range r.Bindings {
					if b == v && !walk(fn.FreeVars[i]) {
						return false
					}
				}
			case ssa.CallInstruction:
				common := r.Common()
				if common.IsInvoke() {
					return false
				}
				if b, ok := common.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "close":
						add(model.Close, r, r.Pos(), nil, 0)
						continue
					case "len", "cap":
						continue
					}
					return false
				}
				var fn *ssa.Function
				switch callee := common.Value.(type) {
				case *ssa.Function:
					fn = callee
				case *ssa.MakeClosure:
					fn = callee.Fn.(*ssa.Function)
				}
				if fn == nil || fn.Parent() == nil || len(fn.Params) != len(common.Args) {
					return false
				}
				for i, a := range common.Args {
					if a == v && !walk(fn.Params[i]) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	if !walk(mk) {
		return nil, false
	}
	return ops, true
}

// calledOnly reports whether the closure mc is only called, deferred or
// started right where it is made.
func calledOnly(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case ssa.CallInstruction:
			common := r.Common()
			if common.Value != mc {
				return false
			}
			for _, a := range common.Args {
				if a == mc {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// path is a way out of F that leaves senders blocked.
type path struct {
	ret     ssa.Instruction // the *ssa.Return reached
	sel     *ssa.Select     // a select on the channel left by another case, if any
	recvs   int             // receives on the path
	pending int             // sends left without a receiver or a buffer slot
}

type event struct {
	index int // in the block; -1 on entry
	delta int // + senders started, - a receive
}

// leakPath searches F's control-flow graph, from the first go statement, for
// a path to a return on which the senders started outnumber the receives
// plus the buffer. A receive inside a loop of F silences the check (it may
// be a counted loop, or a range that runs to the close); a select
// case on a channel a sender closes or sends on counts as enough (the
// sender is done); a
// receive in a select counts only in its own case; a path through a call
// that does not return (t.Fatal, os.Exit) or fails a test (t.Error) ends
// there.
func (c *checker) leakPath(F *ssa.Function, recvs []*chop, spawns []*model.Spawn, per map[*model.Spawn]int, capacity int64) (path, bool) {
	barrier := map[*ssa.BasicBlock]bool{}
	events := map[*ssa.BasicBlock][]event{}
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
			// A receive in a loop: a counted loop or a range to the close.
			// The CFG also has the path that skips the loop (a rotated for
			// loop tests its condition before the body), which the spawns
			// before it make infeasible: stay silent.
			return path{}, false
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
	// Other cases of those selects that hear from a sender.
	targets := map[*ssa.Function]bool{}
	for _, s := range spawns {
		targets[s.Target] = true
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
			for cur, cl := s, l; ; cur, cl = cl.prev, seen[cl.prev] {
				for _, in := range cur.b.Instrs {
					if sel, ok := in.(*ssa.Select); ok && recvSel[sel] {
						p.sel = sel
					}
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
			pending, k := run(succ, -1, s.pending, s.k)
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
	if ops, ok := confined(mk); ok {
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

func (c *checker) report(ch *model.Chan, s *model.Spawn, op *chop, n, perG int, p path) {
	file := ch.Func.File
	name := "the channel"
	if file != nil {
		enclosing, _ := astutil.PathEnclosingInterval(file, op.pos, op.pos)
		for _, nd := range enclosing {
			if st, ok := nd.(*ast.SendStmt); ok {
				name = types.ExprString(st.Chan)
				break
			}
		}
	}
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
	line := c.pass.Fset.Position(retPos).Line
	elem := types.TypeString(ch.Make.Type().Underlying().(*types.Chan).Elem(), types.RelativeTo(c.pass.Pkg))
	size, sizeOK := c.size(ch, s, n, perG)
	advice := fmt.Sprintf("make %s buffered for every sender", name)
	if sizeOK {
		advice = fmt.Sprintf("make %s buffered: make(chan %s, %s)", name, elem, size)
	} else if n == many {
		advice = fmt.Sprintf("make %s buffered for every sender, or send in a select with ctx.Done()", name)
	}
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
	d := analysis.Diagnostic{
		Pos:     op.pos,
		Message: fmt.Sprintf("send on %s blocks forever if %s returns at line %d first: %s (%s)", name, fname, line, what, advice),
		Related: []analysis.RelatedInformation{
			{Pos: ch.Pos, Message: "channel made here"},
		},
	}
	if p.sel != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: p.sel.Pos(), Message: "this select can return without receiving"})
	}
	if retPos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: retPos, Message: "returns here"})
	}
	if sizeOK {
		if fix, ok := c.fix(ch, size); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.pass.Report(d)
}

// size returns the buffer that holds every send, as source text, when it
// is known: the number of senders, or len(xs) for one sender per element of
// a ranged plain variable xs that is not reassigned.
func (c *checker) size(ch *model.Chan, s *model.Spawn, n, perG int) (string, bool) {
	if n != many {
		return strconv.Itoa(n), true
	}
	if len(s.Loops) != 1 || perG != 1 {
		return "", false
	}
	rs, ok := s.Loops[0].(*ast.RangeStmt)
	if !ok {
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

package leaksend

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/chanuse"
	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/engine"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "leaksend",
	Doc:      checkdoc.MustExtract(doc, "leaksend"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/leaksend",
	Requires: []*analysis.Analyzer{engine.Explorer, model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[engine.Explorer].(*engine.Result)
	// One bug, one finding: the stranded sends of one goroutine on one
	// channel (a make, or a field) are one finding, at the first, with the
	// others related: the receiver that stops early strands them all.
	type bug struct {
		mk, spawn *engine.Op
		field     *engine.ExtType
	}
	var order []bug
	found := map[bug][]*analysis.Diagnostic{}
	for _, st := range res.Stuck {
		if st.Kind != engine.StuckSend || !st.Primary || st.Fed || st.EnvSent || !st.Whole(engine.CapRecv) {
			continue
		}
		if st.RootDone && st.RootIsMain() {
			continue
		}
		d := report(pass, res.Prog, st)
		if d == nil {
			continue
		}
		k := bug{st.Make, st.Spawn, nil}
		if st.Make == nil {
			k.field = st.Ext
		}
		if _, ok := found[k]; !ok {
			order = append(order, k)
		}
		found[k] = append(found[k], d)
	}
	for _, k := range order {
		ds := found[k]
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos < ds[j].Pos })
		d := ds[0]
		for _, o := range ds[1:] {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: o.Pos, Message: "the same goroutine blocks here too"})
		}
		pass.Report(*d)
	}
	return nil, nil
}

// rootName names the explored function in messages.
func rootName(st *engine.Stuck) string {
	fn := st.Root.Fn
	if fn == nil {
		return "the caller"
	}
	if fn.Parent() != nil {
		return "the enclosing function"
	}
	return fn.Name()
}

// story is what the root did with the channel on the path that strands the
// sender.
type story struct {
	recvs   int        // values the root received after starting the goroutine
	senders int        // sends on the channel on the path, the stuck ones included
	sel     *engine.Op // the root's last select that had a case on the channel and took another
	selCase int32
	loop    *engine.Op // the root's last receive from the channel, when it was a range
	ret     token.Pos  // where the root returned (NoPos: at its end)
	blocked *engine.Blocked
	// own counts the sends of the stuck goroutine on the channel, on the
	// path before the stuck one.
	own int
	// never reports that nothing in the package receives from the
	// channel: it is followed whole, and no receive is found.
	never bool
}

func tell(m *model.Model, st *engine.Stuck) story {
	var s story
	if st.Make != nil {
		if mk, ok := st.Make.Instr.(*ssa.MakeChan); ok {
			if u, ok := chanuse.Follow(m, mk); ok && !u.Has(model.Recv) && !u.Has(model.Range) {
				s.never = true
			}
		}
	}
	start := 0
	for i, step := range st.Path {
		if step.G == 0 && step.Op != nil && step.Op == st.Spawn && step.Choice == st.G {
			start = i + 1
		}
	}
	for _, step := range st.Path {
		if step.Op == nil {
			continue
		}
		if step.Obj == st.Obj && isSend(step) {
			s.senders++
			if step.G == st.G {
				s.own++
			}
		}
	}
	s.senders++ // the stuck one
	for _, o := range st.Others {
		if o.Obj == st.Obj && o.Op != nil && o.Op.Kind == engine.OpSend {
			s.senders++
		}
	}
	for _, step := range st.Path[start:] {
		if step.G != 0 || step.Op == nil {
			continue
		}
		switch step.Op.Kind {
		case engine.OpRecv:
			if step.Obj == st.Obj {
				s.recvs++
				s.loop = nil
				if step.Op.Aux == 1 || step.Op.Loop {
					s.loop = step.Op
				}
				s.sel = nil
			}
		case engine.OpSelect:
			has := false
			for _, c := range step.Cases {
				if c == st.Obj {
					has = true
				}
			}
			if !has {
				continue
			}
			if step.Choice >= 0 && int(step.Choice) < len(step.Cases) && step.Cases[step.Choice] == st.Obj {
				s.recvs++
				s.sel = nil
				continue
			}
			s.sel, s.selCase = step.Op, step.Choice
		}
	}
	s.ret, _ = st.ReturnPos()
	for i, o := range st.Others {
		if o.G == 0 {
			s.blocked = &st.Others[i]
		}
	}
	return s
}

func isSend(step engine.Step) bool {
	switch step.Op.Kind {
	case engine.OpSend:
		return true
	case engine.OpSelect:
		return step.Choice >= 0 && int(step.Choice) < len(step.Op.Cases) && step.Op.Cases[step.Choice].Send
	}
	return false
}

// report makes the finding for st, or nil.
func report(pass *analysis.Pass, p *engine.Prog, st *engine.Stuck) *analysis.Diagnostic {
	pos := st.Op.Pos
	subject := ""
	name := chanExpr(pass, st.Op.Pos)
	if !pos.IsValid() || fromFact(st) {
		// A send of a function of another package, known from its fact:
		// the report goes on the go statement that starts it.
		if st.Spawn == nil || !st.Spawn.Pos.IsValid() {
			return nil
		}
		pos = st.Spawn.Pos
		name = "the channel"
		if st.Make != nil {
			name = chanExpr(pass, st.Make.Pos)
		}
		callee := st.Spawn.Fn.Callee
		subject = fmt.Sprintf("%s.%s, started here, sends on %s and ", callee.Pkg().Name(), callee.Name(), name)
	}
	file := srcedit.FileOf(pass, pos)
	if file == nil || srcedit.Generated(file) {
		return nil
	}
	if subject == "" {
		subject = fmt.Sprintf("send on %s ", name)
	}
	chName := name
	if st.Make != nil {
		if n := makeName(pass, st.Make.Pos); n != "" {
			chName = n
		}
	}
	fname := rootName(st)
	s := tell(pass.ResultOf[model.Analyzer].(*model.Model), st)
	if st.EnvFork && s.own > 0 && s.loop == nil && (s.sel == nil || !s.sel.Loop) {
		// The root received what it meant to, and did not leave a loop
		// of receives early; the goroutine sends once more because its
		// environment gave it one more result (a read loop that has not
		// seen EOF, a queue popped once more than it holds): whether it
		// does is a protocol between the two that the engine does not
		// see. A select that waits once more for a value it does not
		// expect (a test's "nothing else arrives" with a timeout) is such
		// a root too.
		return nil
	}
	d := analysis.Diagnostic{Pos: pos}
	related := func(p token.Pos, msg string) {
		if p.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, Message: msg})
		}
	}
	if st.Make != nil {
		related(st.Make.Pos, "channel made here")
	}
	if st.Spawn != nil && st.Spawn.Pos != pos {
		related(st.Spawn.Pos, "goroutine started here")
	}
	line := func(p token.Pos) int { return pass.Fset.Position(p).Line }
	ret := s.ret
	if !ret.IsValid() {
		ret = endOf(st.Root.Fn)
	}
	fix, size := bufferFix(pass, p, st)
	advice := fmt.Sprintf("send in a select with ctx.Done() or a done channel that %s closes when it stops receiving", fname)
	if size != "" {
		advice = fmt.Sprintf("make %s buffered: make(chan %s, %s)", chName, elemType(pass, st), size)
	}
	var msg string
	switch {
	case st.Make == nil:
		msg = fmt.Sprintf("%sblocks forever: nothing in the package receives from the field %s (receive from it, or drop the send)", subject, st.Ext.Name)
	case st.G == 0:
		msg = fmt.Sprintf("%sblocks forever: %s sends before any goroutine can receive from %s (%s)", subject, fname, chName, advice)
	case !st.RootDone && s.blocked != nil:
		w := s.blocked.Op
		what := "waits"
		if w.Kind == engine.OpWGWait || w.Kind == engine.OpGroupWait {
			what = "waits for this goroutine"
		}
		related(w.Pos, fmt.Sprintf("%s blocks here", fname))
		msg = fmt.Sprintf("%sblocks forever: %s %s at line %d, and nothing receives from %s (%s)", subject, fname, what, line(w.Pos), chName, advice)
	case !st.RootDone, s.never:
		msg = fmt.Sprintf("%sblocks forever: nothing receives from %s (%s)", subject, chName, advice)
	case s.sel != nil:
		related(s.sel.Pos, "this select can return without receiving")
		related(ret, "returns here")
		where := fmt.Sprintf("the select at line %d stops receiving", line(s.sel.Pos))
		if within(file, s.sel.Pos, ret) {
			where = "the select there stops receiving"
		}
		msg = fmt.Sprintf("%sblocks forever if %s returns at line %d first: %s (%s)", subject, fname, line(ret), where, advice)
	case s.loop != nil:
		related(s.loop.Pos, "the loop receiving here stops early")
		related(ret, "returns here")
		if within(file, s.loop.Pos, ret) {
			msg = fmt.Sprintf("%sblocks forever if %s stops receiving at line %d before %s is closed: the loop receiving from %s returns there (%s)", subject, fname, line(ret), chName, chName, advice)
		} else {
			msg = fmt.Sprintf("%sblocks forever if %s stops receiving before %s is closed: the loop receiving from %s at line %d ends early and nothing receives after it (%s)", subject, fname, chName, chName, line(s.loop.Pos), advice)
		}
	default:
		related(ret, "returns here")
		what := "nothing receives after that"
		switch {
		case s.recvs == 1:
			what = "only one value is received on that path"
		case s.recvs > 1:
			what = fmt.Sprintf("only %d values are received on that path", s.recvs)
		}
		msg = fmt.Sprintf("%sblocks forever if %s returns at line %d first: %s (%s)", subject, fname, line(ret), what, advice)
	}
	d.Message = msg
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	return &d
}

func fromFact(st *engine.Stuck) bool {
	return st.Spawn != nil && st.Spawn.Fn != nil && st.Spawn.Fn.Synth == "fact" && len(st.Calls) == 0
}

// within reports whether pos lies inside the statement that starts at start.
func within(file *ast.File, start, pos token.Pos) bool {
	path, _ := astutil.PathEnclosingInterval(file, start, start)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SelectStmt, *ast.RangeStmt, *ast.ForStmt:
			if n.Pos() == start || n.Pos() <= start && start < n.End() {
				return n.Pos() <= pos && pos < n.End()
			}
		}
	}
	return false
}

// endOf is the closing brace of fn's body.
func endOf(fn *ssa.Function) token.Pos {
	if fn == nil {
		return token.NoPos
	}
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return token.NoPos
}

// chanExpr is the channel expression of the send (or make) at pos.
func chanExpr(pass *analysis.Pass, pos token.Pos) string {
	f := srcedit.FileOf(pass, pos)
	if f == nil {
		return "the channel"
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.SendStmt:
			return short(types.ExprString(n.Chan))
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 {
				return short(types.ExprString(n.Lhs[0]))
			}
		case *ast.ValueSpec:
			if len(n.Names) == 1 {
				return n.Names[0].Name
			}
		}
	}
	return "the channel"
}

func short(s string) string {
	if len(s) > 40 {
		return "the channel"
	}
	return s
}

// makeName is the variable a make at pos is assigned to, or "".
func makeName(pass *analysis.Pass, pos token.Pos) string {
	if n := chanExpr(pass, pos); n != "the channel" {
		return n
	}
	return ""
}

func elemType(pass *analysis.Pass, st *engine.Stuck) string {
	if mk, ok := st.Make.Instr.(*ssa.MakeChan); ok {
		if ch, ok := mk.Type().Underlying().(*types.Chan); ok {
			return types.TypeString(ch.Elem(), types.RelativeTo(pass.Pkg))
		}
	}
	return "T"
}

// bufferFix returns the fix that buffers the channel when the engine proves
// a size enough for every sender: a constant, or len() of a parameter that
// the loop starting the senders ranges over.
func bufferFix(pass *analysis.Pass, p *engine.Prog, st *engine.Stuck) (*analysis.SuggestedFix, string) {
	if st.Make == nil || st.Root.Fn == nil {
		return nil, ""
	}
	call := makeCall(pass, st.Make.Pos)
	if call == nil || len(call.Args) == 0 || len(call.Args) > 2 {
		return nil, ""
	}
	size := ""
	if n, ok := p.MaxSends(st.Root, st.Make); ok && n > 0 {
		size = fmt.Sprint(n)
	} else if x, param := rangedParam(pass, st); x != "" && p.LenSuffices(st.Root, st.Make, param) {
		size = "len(" + x + ")"
	}
	if size == "" {
		return nil, ""
	}
	var edit analysis.TextEdit
	if len(call.Args) == 1 {
		edit = analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + size)}
	} else {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
	}
	return &analysis.SuggestedFix{
		Message:   "Buffer the channel for every sender",
		TextEdits: []analysis.TextEdit{edit},
	}, size
}

// makeCall is the make call at pos.
func makeCall(pass *analysis.Pass, pos token.Pos) *ast.CallExpr {
	f := srcedit.FileOf(pass, pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		if c, ok := n.(*ast.CallExpr); ok && c.Lparen == pos {
			return c
		}
	}
	return nil
}

// rangedParam returns the parameter of the root that the range statement
// around the stuck goroutine's go statement ranges over, and its index.
func rangedParam(pass *analysis.Pass, st *engine.Stuck) (string, int) {
	if st.Spawn == nil {
		return "", -1
	}
	if x, i := rangedAround(pass, st, st.Spawn.Pos); x != "" {
		return x, i
	}
	return rangedAround(pass, st, st.Op.Pos)
}

// rangedAround returns the parameter of the root that the innermost loop
// around pos ranges over.
func rangedAround(pass *analysis.Pass, st *engine.Stuck, pos token.Pos) (string, int) {
	f := srcedit.FileOf(pass, pos)
	if f == nil || !pos.IsValid() {
		return "", -1
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.FuncDecl:
			return "", -1
		case *ast.ForStmt:
			return "", -1
		case *ast.RangeStmt:
			id, ok := ast.Unparen(n.X).(*ast.Ident)
			if !ok {
				return "", -1
			}
			obj := pass.TypesInfo.Uses[id]
			for i, prm := range st.Root.Fn.Params {
				if prm.Object() == obj {
					if _, ok := prm.Type().Underlying().(*types.Basic); ok {
						return "", -1 // range over an integer
					}
					return id.Name, i
				}
			}
			return "", -1
		}
	}
	return "", -1
}

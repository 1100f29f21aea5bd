package ctxcancel

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "ctxcancel",
	Doc:       checkdoc.MustExtract(doc, "ctxcancel"),
	URL:       "https://pkg.go.dev/github.com/concvet/concvet/analyzers/ctxcancel",
	Requires:  []*analysis.Analyzer{model.Analyzer, ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(ReturnsCancel)},
	Run:       run,
}

// ReturnsCancel is the fact of a function that returns a cancel function it
// created (with a context constructor, or by calling another function with
// this fact) without calling it: its callers are held to call it.
type ReturnsCancel struct {
	Result int // the index of the result that is the cancel function
	// Expires reports that the context has a deadline on every path (made
	// by WithTimeout or WithDeadline, or by a function whose context
	// expires): it frees itself at the deadline.
	Expires bool
}

func (*ReturnsCancel) AFact() {}

func (f *ReturnsCancel) String() string {
	if f.Expires {
		return fmt.Sprintf("returnsCancel(%d, expires)", f.Result)
	}
	return fmt.Sprintf("returnsCancel(%d)", f.Result)
}

// source is one call that creates a cancel function.
type source struct {
	fn     *ssa.Function
	call   *ssa.Call
	name   string // "context.WithTimeout", "pkg.NewCtx"
	timer  bool   // the context holds a timer: it expires at its deadline
	fact   bool   // made by a function with the ReturnsCancel fact
	signal bool   // signal.NotifyContext
	syntax *ast.CallExpr
	ctx    ssa.Value // the context result, or nil
	cancel ssa.Value // the cancel function, nil when discarded
	index  int       // the cancel's result index
	err    ssa.Value // the error result of a function with the fact, or nil
}

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	local map[*types.Func]ReturnsCancel // this package's functions that return a cancel
	// noReturn reports functions that never return (log.Fatal,
	// (*testing.T).FailNow), from ctrlflow.
	noReturn func(*types.Func) bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil {
		return nil, nil // fast path: no concurrency package imported
	}
	switch strings.TrimSuffix(pass.Pkg.Path(), "_test") {
	case "context", "os/signal":
		// The constructors' own packages: their tests exercise them.
		return nil, nil
	}
	c := &checker{pass: pass, m: m, local: map[*types.Func]ReturnsCancel{}}
	if cfgs, ok := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs); ok {
		c.noReturn = cfgs.NoReturn
	}
	c.computeFacts()
	if model.FactsOnly {
		return nil, nil // go vet's facts-only run: nothing reads a diagnostic
	}
	for _, fn := range m.SourceFuncs() {
		if skipFunc(fn) {
			continue
		}
		file := srcedit.FileOf(c.pass, fn.Pos())
		if file == nil || srcedit.Generated(file) || c.m.Oversized(c.pass, c.pass.Analyzer.Name, fn) {
			continue
		}
		for _, s := range c.sources(fn) {
			c.check(s, file)
		}
	}
	return nil, nil
}

// skipFunc reports functions whose contexts live as long as the program:
// main.main, init functions and the package initialiser.
func skipFunc(fn *ssa.Function) bool {
	for p := fn; p != nil; p = p.Parent() {
		if p.Synthetic != "" && p.Parent() == nil && p.Name() == "init" {
			return true
		}
	}
	if fn.Parent() != nil || fn.Signature.Recv() != nil || fn.Pkg == nil {
		return false
	}
	if fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main" {
		return true
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Name() == "init" && fn.Name() != "init" // init#1, …
}

// computeFacts finds the declared functions of the package that return a
// cancel function they create, to a fixed point, and exports the facts.
func (c *checker) computeFacts() {
	for changed := true; changed; {
		changed = false
		for _, fn := range c.m.SourceFuncs() {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil || obj.Pkg() != c.pass.Pkg {
				continue
			}
			if _, done := c.local[obj]; done {
				continue
			}
			for _, s := range c.sources(fn) {
				if r, ok := returnsCancel(c.m.FuncFlows(s.cancel)); ok && !returnsNilCancel(fn, r) {
					c.local[obj] = ReturnsCancel{Result: r, Expires: c.expires(s) && onlyReturns(fn, r, s.cancel)}
					changed = true
					break
				}
			}
		}
	}
	for _, fn := range c.m.SourceFuncs() {
		if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
			if f, ok := c.local[obj]; ok {
				c.pass.ExportObjectFact(obj, &f)
			}
		}
	}
}

// returnsCancel reports whether flows return the cancel function (and do
// not also defer it), and as which result. A cancel returned through a phi
// may be nil or another function on some paths (created only when asked
// for): callers cannot be held to it.
func returnsCancel(flows []model.Flow) (int, bool) {
	res, ok := 0, false
	for _, f := range flows {
		switch f.Kind {
		case model.FlowDefer:
			return 0, false
		case model.FlowReturn:
			if !ok && !f.ViaPhi {
				res, ok = f.Result, true
			}
		}
	}
	return res, ok
}

// returnsNilCancel reports whether fn returns nil as its r-th result on a
// path that does not report an error: the cancel is optional.
func returnsNilCancel(fn *ssa.Function, r int) bool {
	for _, blk := range fn.Blocks {
		if len(blk.Instrs) == 0 {
			continue
		}
		ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return)
		if !ok || r >= len(ret.Results) || !isNil(ret.Results[r]) {
			continue
		}
		last := len(ret.Results) - 1
		if last == r || !isError(ret.Results[last].Type()) || isNil(ret.Results[last]) {
			return true
		}
	}
	return false
}

// onlyReturns reports whether every return of fn returns cancel (through
// no phi) as its r-th result: the function has one source of cancels.
func onlyReturns(fn *ssa.Function, r int, cancel ssa.Value) bool {
	for _, blk := range fn.Blocks {
		if len(blk.Instrs) == 0 {
			continue
		}
		if ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return); ok && (r >= len(ret.Results) || ret.Results[r] != cancel) {
			return false
		}
	}
	return true
}

// factOf returns the fact of fn when fn returns a cancel.
func (c *checker) factOf(fn *types.Func) (ReturnsCancel, bool) {
	if f, ok := c.local[fn]; ok {
		return f, true
	}
	var f ReturnsCancel
	if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
		return f, true
	}
	return ReturnsCancel{}, false
}

// sources returns the calls of fn that create a cancel function, in order.
func (c *checker) sources(fn *ssa.Function) []*source {
	var out []*source
	ctors := map[*ssa.Call]*model.CtxCall{}
	if mf := c.m.Func(fn); mf != nil {
		for _, cc := range mf.Contexts {
			ctors[cc.Call] = cc
		}
	}
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if cc := ctors[call]; cc != nil {
				s := &source{fn: fn, call: call, name: cc.Name, syntax: cc.Syntax, ctx: cc.Ctx, cancel: cc.Cancel, index: 1}
				switch cc.Name {
				case "context.WithTimeout", "context.WithTimeoutCause", "context.WithDeadline", "context.WithDeadlineCause":
					s.timer = true
				case "signal.NotifyContext":
					s.signal = true
				}
				out = append(out, s)
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil {
				continue
			}
			if o := callee.Origin(); o != nil {
				callee = o
			}
			obj, ok := callee.Object().(*types.Func)
			if !ok {
				continue
			}
			fact, ok := c.factOf(obj)
			if !ok {
				continue
			}
			r := fact.Result
			s := &source{fn: fn, call: call, name: funcName(obj, c.pass.Pkg), syntax: c.callSyntax(call), index: r, timer: fact.Expires, fact: true}
			results := call.Call.Signature().Results()
			if call.Call.Signature().Results().Len() == 1 {
				if r == 0 && len(*call.Referrers()) > 0 {
					s.cancel = call
				}
			} else {
				for _, ref := range *call.Referrers() {
					if ex, ok := ref.(*ssa.Extract); ok {
						if ex.Index == r && len(*ex.Referrers()) > 0 {
							s.cancel = ex
						} else if ex.Index == 0 && model.IsContext(ex.Type()) {
							s.ctx = ex
						} else if ex.Index == results.Len()-1 && isError(ex.Type()) {
							s.err = ex
						}
					}
				}
			}
			out = append(out, s)
		}
	}
	return out
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func funcName(fn *types.Func, here *types.Package) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != here {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// callSyntax finds the call expression of call in the function's syntax.
func (c *checker) callSyntax(call *ssa.Call) *ast.CallExpr {
	file := srcedit.FileOf(c.pass, call.Pos())
	if file == nil {
		return nil
	}
	path := srcedit.Enclosing(file, call.Pos(), call.Pos())
	for _, n := range path {
		if ce, ok := n.(*ast.CallExpr); ok && ce.Lparen == call.Pos() {
			return ce
		}
	}
	return nil
}

// what says what stays alive when the cancel function of s is not called.
func (s *source) what() string {
	switch {
	case s.signal:
		return "the signal stays registered and the context alive"
	case s.timer:
		return "the context and its timer stay alive until the deadline or until the parent is done"
	case s.fact:
		// A function of the package without the Expires fact may still
		// set a deadline on some paths (net/http's setRequestCancel).
		return "what it set up stays alive until its parent context is done or, if it has one, its deadline passes"
	}
	return "the context stays alive until its parent is done"
}

func (s *source) pos() token.Pos {
	if s.syntax != nil {
		return s.syntax.Pos()
	}
	return s.call.Pos()
}

func (s *source) end() token.Pos {
	if s.syntax != nil {
		return s.syntax.End()
	}
	return token.NoPos
}

func (c *checker) check(s *source, file *ast.File) {
	stmt, parent := c.stmtOf(s, file)
	cancelName := "cancel"
	if s.signal {
		cancelName = "stop"
	}
	if as, ok := stmt.(*ast.AssignStmt); ok && len(as.Lhs) > s.index {
		if id, ok := as.Lhs[s.index].(*ast.Ident); ok && id.Name != "_" {
			cancelName = id.Name
		}
	}
	if s.cancel == nil {
		c.reportDiscarded(s, file, stmt, parent, cancelName)
		return
	}
	flows := c.m.FuncFlows(s.cancel) // none when it is only compared with nil

	// 3. Stored where nothing reads it.
	if c.storedUnread(s, flows, cancelName) {
		return
	}

	// 4. defer cancel() in a loop that creates a context per iteration,
	// when the contexts do not expire by themselves and the loop does not
	// end by itself (a server's accept or receive loop): the deferred
	// cancels and their contexts pile up for as long as it runs. A context
	// with a deadline frees itself at the deadline, and a loop over a
	// collection, a counted loop or one that stops at a deadline piles up
	// a bounded number of defer records.
	for _, f := range flows {
		// The defer follows the constructor and leads back to it. (A
		// variable shared with literals is followed through all its loads,
		// including a defer of an earlier cancel before the constructor.)
		if f.Kind != model.FlowDefer || !c.m.Reaches(s.call, f.Instr) || !c.m.Reaches(f.Instr, s.call) {
			continue
		}
		if c.expires(s) || c.onOneShotCase(s, file) {
			continue
		}
		loop := c.endlessLoop(s, file)
		if loop == nil {
			continue
		}
		advice := fmt.Sprintf("call %s at the end of each iteration, or move the loop body into a function", cancelName)
		if c.ctxOutlivesIteration(s) {
			advice = fmt.Sprintf("the context is used by a goroutine or kept after the iteration: call %s where that use ends, not at the end of the iteration", cancelName)
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: s.pos(), End: s.end(), Category: "ctxcancel",
			Message: fmt.Sprintf("defer %s() in a loop: %s runs only when the function returns, and the loop runs until something stops it, so every iteration's context of %s stays alive until then or until its parent is done (%s)",
				cancelName, cancelName, s.name, advice),
			Related: []analysis.RelatedInformation{
				{Pos: f.Pos, Message: "deferred here"},
				{Pos: loop.Pos(), Message: "the loop"},
			},
		})
		return
	}

	// 2. A path to a return that neither calls nor hands off the cancel.
	for _, f := range flows {
		if !c.m.Reaches(s.call, f.Instr) {
			// Used by code that may run before the constructor (a
			// variable shared with a literal made earlier): cannot tell.
			return
		}
	}
	nonNil := map[ssa.Value]bool{}
	for _, v := range c.m.FuncValues(s.cancel) {
		nonNil[v] = true
	}
	if s.err != nil {
		nonNil[s.err] = false // err == nil on the paths we follow
	}
	ret, reached := c.leakPath(s.call, flows, s.err, nonNil)
	if ret == nil {
		return
	}
	rpos := ret.Pos()
	where := "a return"
	if rpos == token.NoPos {
		rpos = bodyEnd(s.fn)
		where = "the end of the function"
	} else if rf := srcedit.FileOf(c.pass, rpos); rf != nil {
		where = fmt.Sprintf("the return at line %d", c.pass.Fset.Position(rpos).Line)
	}
	// Deferring the cancel is right when nothing on the leaking paths can
	// keep the context past the return; otherwise the advice is in words.
	var fix []analysis.SuggestedFix
	if onlyCalled(flows) && !c.m.Reaches(s.call, s.call) && c.cancelAtReturnSafe(s, reached) {
		if as, ok := stmt.(*ast.AssignStmt); ok && parent != nil && len(as.Lhs) > s.index {
			if id, ok := as.Lhs[s.index].(*ast.Ident); ok && id.Name != "_" {
				fix = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("defer %s() after the call", id.Name),
					TextEdits: []analysis.TextEdit{c.insertAfter(as, "defer "+id.Name+"()")},
				}}
			}
		}
	}
	advice := fmt.Sprintf("defer %s() right after the call", cancelName)
	if fix == nil {
		advice = fmt.Sprintf("call %s on that path once the context is no longer used; defer it only if nothing uses the context after the function returns", cancelName)
	}
	d := analysis.Diagnostic{
		Pos: s.pos(), End: s.end(), Category: "ctxcancel",
		Message: fmt.Sprintf("%s of %s is not called on every path: %s is reached without calling, deferring or handing it off, and %s (%s)",
			cancelName, s.name, where, s.what(), advice),
		SuggestedFixes: fix,
	}
	if rpos.IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: rpos, Message: "returns without calling " + cancelName}}
	}
	c.pass.Report(d)
}

// reportDiscarded reports a constructor whose cancel is discarded.
func (c *checker) reportDiscarded(s *source, file *ast.File, stmt ast.Stmt, parent ast.Node, name string) {
	if s.timer && c.onlyTimer(s) {
		// A context made to fire at its deadline, used only for its Done
		// channel: a timer. Cancelling it would fire it early; it frees
		// itself when it fires, as time.After's channel does.
		return
	}
	pos, end := s.pos(), s.end()
	d := analysis.Diagnostic{
		Pos: pos, End: end, Category: "ctxcancel",
	}
	as, ok := stmt.(*ast.AssignStmt)
	if ok && as.Tok == token.DEFINE && parent != nil && len(as.Lhs) > s.index && !c.m.Reaches(s.call, s.call) && c.cancelAtReturnSafe(s, c.reachable(s.call)) {
		if id, ok := as.Lhs[s.index].(*ast.Ident); ok && id.Name == "_" && c.nameFree(file, as, name) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: fmt.Sprintf("name the cancel function %s and defer it", name),
				TextEdits: []analysis.TextEdit{
					{Pos: id.Pos(), End: id.End(), NewText: []byte(name)},
					c.insertAfter(as, "defer "+name+"()"),
				},
			}}
		}
	}
	advice := fmt.Sprintf("name it and defer %s()", name)
	if d.SuggestedFixes == nil {
		advice = fmt.Sprintf("name it and call %s once the context is no longer used", name)
	}
	d.Message = fmt.Sprintf("the cancel function of %s is discarded: %s (%s)", s.name, s.what(), advice)
	c.pass.Report(d)
}

// nameFree reports whether name is declared nowhere that a new variable
// declared by as could clash with or shadow.
func (c *checker) nameFree(file *ast.File, as *ast.AssignStmt, name string) bool {
	scope := c.innermostScope(file, as.Pos())
	if scope == nil {
		return false
	}
	if scope.Lookup(name) != nil {
		return false
	}
	_, obj := scope.LookupParent(name, as.Pos())
	return obj == nil
}

func (c *checker) innermostScope(file *ast.File, pos token.Pos) *types.Scope {
	fs := c.pass.TypesInfo.Scopes[file]
	if fs == nil {
		return nil
	}
	return fs.Innermost(pos)
}

// stmtOf returns the statement that holds the constructor call, and its
// parent when the statement is an element of a statement list (where a
// statement can be inserted after it).
func (c *checker) stmtOf(s *source, file *ast.File) (ast.Stmt, ast.Node) {
	if s.syntax == nil {
		return nil, nil
	}
	path := srcedit.Enclosing(file, s.syntax.Pos(), s.syntax.End())
	for i, n := range path {
		if n == s.syntax {
			if i+1 < len(path) {
				var parent ast.Node
				if i+2 < len(path) {
					switch p := path[i+2].(type) {
					case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
						parent = p
					}
				}
				switch st := path[i+1].(type) {
				case *ast.AssignStmt:
					return st, parent
				case *ast.ExprStmt:
					return st, parent
				}
			}
			return nil, nil
		}
	}
	return nil, nil
}

// storedUnread reports (kind 3) a cancel function whose only flows are
// stores into unexported fields or package variables that nothing in the
// package reads.
func (c *checker) storedUnread(s *source, flows []model.Flow, name string) bool {
	var store *model.Flow
	for i, f := range flows {
		switch f.Kind {
		case model.FlowField:
			if f.Field == nil || f.Field.Exported() || c.m.FieldRead(f.Field) {
				return false
			}
		case model.FlowGlobal:
			if f.Global == nil || token.IsExported(f.Global.Name()) || c.m.GlobalRead(f.Global) {
				return false
			}
		default:
			return false
		}
		if store == nil {
			store = &flows[i]
		}
	}
	if store == nil {
		return false
	}
	target := "package variable "
	if store.Kind == model.FlowField {
		target = "field "
		target += store.Field.Name()
	} else {
		target += store.Global.Name()
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: s.pos(), End: s.end(), Category: "ctxcancel",
		Message: fmt.Sprintf("%s of %s is stored in %s, which nothing in the package calls: %s (call it where its owner is closed or replaced)",
			name, s.name, target, s.what()),
		Related: []analysis.RelatedInformation{{Pos: store.Pos, Message: "stored here"}},
	})
	return true
}

// onlyCalled reports whether the cancel function is only called or
// deferred directly.
func onlyCalled(flows []model.Flow) bool {
	for _, f := range flows {
		if f.Kind != model.FlowCall && f.Kind != model.FlowDefer {
			return false
		}
	}
	return true
}

// expires reports whether the context made by s frees itself: it has a
// deadline (WithTimeout, WithDeadline, a function whose context expires),
// or its parent is such a context made by the same function.
func (c *checker) expires(s *source) bool {
	if s.timer {
		return true
	}
	if s.fact || s.signal || len(s.call.Call.Args) == 0 {
		return false
	}
	parent := s.call.Call.Args[0]
	for _, p := range c.sources(s.fn) {
		if p.ctx != nil && p.ctx == parent && p.timer {
			return true
		}
	}
	return false
}

// cancelAtReturnSafe reports whether deferring the cancel of s changes
// nothing but the leaking paths' end: no instruction of blocks (the blocks
// a path from the constructor reaches without calling the cancel) can keep
// the context, or its Done channel, past the return. Passing the context
// to a function may (the function may start a goroutine with it, or store
// it); a function with the fact may have put its context anywhere.
func (c *checker) cancelAtReturnSafe(s *source, blocks map[*ssa.BasicBlock]bool) bool {
	if s.fact {
		return false // the function may have put its context anywhere
	}
	if s.ctx == nil {
		return true // discarded
	}
	for _, ref := range *s.ctx.Referrers() {
		if !blocks[ref.Block()] || (ref.Block() == s.call.Block() && model.Index(ref.Block(), ref) < model.Index(ref.Block(), s.call)) {
			continue
		}
		if !keepsNothing(ref, s.ctx) {
			return false
		}
	}
	return true
}

// keepsNothing reports whether ref, a use of the context ctx, cannot keep
// it (or its Done channel) alive: a debug reference, ctx.Err(),
// ctx.Deadline(), or ctx.Done() whose channel is only received from.
func keepsNothing(ref ssa.Instruction, ctx ssa.Value) bool {
	switch ref := ref.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.Call:
		common := ref.Common()
		if !common.IsInvoke() || common.Value != ctx {
			return false
		}
		switch common.Method.Name() {
		case "Err", "Deadline":
			return true
		case "Done":
			for _, u := range *ref.Referrers() {
				switch u := u.(type) {
				case *ssa.DebugRef:
				case *ssa.UnOp:
					if u.Op != token.ARROW {
						return false
					}
				case *ssa.Select:
				default:
					return false
				}
			}
			return true
		}
	}
	return false
}

// onlyTimer reports whether the context of s is used only through its
// Done channel (m.done = ctx.Done()): it serves as a timer.
func (c *checker) onlyTimer(s *source) bool {
	if s.ctx == nil {
		return false
	}
	done := false
	for _, ref := range *s.ctx.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if !ref.Common().IsInvoke() || ref.Common().Value != s.ctx || ref.Common().Method.Name() != "Done" {
				return false
			}
			done = true
		default:
			return false
		}
	}
	return done
}

// ctxOutlivesIteration reports whether the context of s is captured by a
// literal, handed to a goroutine, or stored: it may be in use after the
// iteration that made it.
func (c *checker) ctxOutlivesIteration(s *source) bool {
	if s.ctx == nil {
		return s.fact
	}
	for _, ref := range *s.ctx.Referrers() {
		switch ref.(type) {
		case *ssa.MakeClosure, *ssa.Go, *ssa.Store, *ssa.Send, *ssa.MapUpdate, *ssa.MakeInterface:
			return true
		}
	}
	return false
}

// reachable returns the blocks reachable from call, its own included.
func (c *checker) reachable(call *ssa.Call) map[*ssa.BasicBlock]bool {
	fw := c.m.Forward(call, nil, nil)
	seen := map[*ssa.BasicBlock]bool{call.Block(): true}
	for _, b := range call.Parent().Blocks {
		if fw.Has(b) {
			seen[b] = true
		}
	}
	return seen
}

// leakPath returns a return instruction reachable from call on a path that
// meets none of the flows' instructions, or nil, and the blocks such paths
// reach (call's own, from call on, included). When err is the call's error
// result, branches taken when err != nil are not followed: the function
// gave no cancel to call. Branches taken when a value holding the cancel
// is nil are not followed either: after the constructor, the variable
// holds it. The search is the model's Forward; of the returns it reaches,
// the one in call's block, else the first in the source, is the one
// named.
func (c *checker) leakPath(call *ssa.Call, flows []model.Flow, err ssa.Value, cancels map[ssa.Value]bool) (*ssa.Return, map[*ssa.BasicBlock]bool) {
	uses := map[ssa.Instruction]bool{}
	blocks := map[*ssa.BasicBlock]bool{}
	for _, f := range flows {
		uses[f.Instr] = true
		blocks[f.Instr.Block()] = true
	}
	start := call.Block()
	if i := c.m.Index(start, call); slices.ContainsFunc(start.Instrs[i+1:], func(in ssa.Instruction) bool { return uses[in] }) {
		return nil, nil
	}
	reached := map[*ssa.BasicBlock]bool{start: true}
	var found *ssa.Return // call's own block's return, else the first in the source
	if ret, ok := start.Instrs[len(start.Instrs)-1].(*ssa.Return); ok {
		found = ret
	}
	fw := c.m.Forward(call, uses, nilBranches(call.Parent(), err, cancels))
	for _, b := range call.Parent().Blocks {
		if b == start || !fw.Has(b) || blocks[b] || len(b.Instrs) == 0 {
			continue
		}
		reached[b] = true
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && (found == nil || found.Block() != start && earlier(ret.Pos(), found.Pos())) {
			found = ret
		}
	}
	if found == nil {
		return nil, nil
	}
	return found, reached
}

// earlier reports whether a comes before b in the source, an implicit
// return (no position) coming after every explicit one.
func earlier(a, b token.Pos) bool {
	return a.IsValid() && (!b.IsValid() || a < b)
}

// nilBranches returns the outcomes of fn's Ifs that compare err or a value
// holding the cancel with nil that leakPath follows: err == nil, and the
// cancel != nil.
func nilBranches(fn *ssa.Function, err ssa.Value, cancels map[ssa.Value]bool) model.Branches {
	br := model.Branches{}
	for _, b := range fn.Blocks {
		if len(b.Succs) != 2 || len(b.Instrs) == 0 {
			continue
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.NEQ && cmp.Op != token.EQL {
			continue
		}
		x := cmp.X
		if isNil(x) {
			x = cmp.Y
		} else if !isNil(cmp.Y) {
			continue
		}
		var nonNil bool
		switch {
		case err != nil && x == err:
			nonNil = false // follow err == nil
		case cancels[x]:
			nonNil = true // follow cancel != nil
		default:
			continue
		}
		if (cmp.Op == token.NEQ) == nonNil {
			br[ifi] = 0
		} else {
			br[ifi] = 1
		}
	}
	return br
}

func isNil(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

func bodyEnd(fn *ssa.Function) token.Pos {
	switch n := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if n.Body != nil {
			return n.Body.Rbrace
		}
	case *ast.FuncLit:
		if n.Body != nil {
			return n.Body.Rbrace
		}
	}
	return token.NoPos
}

// insertAfter returns the edit that inserts text on a new line after stmt,
// after a comment that ends stmt's line.
func (c *checker) insertAfter(stmt ast.Stmt, text string) analysis.TextEdit {
	pos := stmt.End()
	if tf := c.pass.Fset.File(pos); tf != nil {
		line := tf.Line(pos)
		if line < tf.LineCount() {
			eol := tf.LineStart(line+1) - 1
			if src, err := c.pass.ReadFile(tf.Name()); err == nil && int(eol)-tf.Base() <= len(src) {
				rest := strings.TrimSpace(string(src[int(pos)-tf.Base() : int(eol)-tf.Base()]))
				if rest == "" || strings.HasPrefix(rest, "//") {
					pos = eol
				}
			}
		}
	}
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n" + text)}
}

// onOneShotCase reports whether the constructor is in a select case that
// can fire only once per call: a receive from a time.Timer's C that is never
// Reset, or from a channel made once by time.After. (From net/dial.go: the
// fallback racer starts when its timer fires, once.)
func (c *checker) onOneShotCase(s *source, file *ast.File) bool {
	// A Reset guarded by a successful Stop (the timer had not fired) keeps
	// it one-shot.
	if s.syntax == nil {
		return false
	}
	path := srcedit.Enclosing(file, s.syntax.Pos(), s.syntax.End())
	var body ast.Node
	var cc *ast.CommClause
	for _, n := range path {
		switch n := n.(type) {
		case *ast.CommClause:
			if cc == nil {
				cc = n
			}
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body != nil {
			break
		}
	}
	if cc == nil || body == nil || cc.Comm == nil {
		return false
	}
	ch, ok := commRecv(cc.Comm)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	switch x := ch.(type) {
	case *ast.SelectorExpr:
		// <-t.C with t a *time.Timer never Reset.
		id, ok := x.X.(*ast.Ident)
		if !ok || x.Sel.Name != "C" || !isTimer(info.TypeOf(id)) {
			return false
		}
		obj := info.Uses[id]
		if obj == nil {
			return false
		}
		reset := false
		ast.Inspect(body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
				if id, ok := sel.X.(*ast.Ident); ok && info.Uses[id] == obj && !afterStop(info, file, sel, obj) {
					reset = true
				}
			}
			if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && assigns(info, as, obj) {
				reset = true
			}
			return !reset
		})
		return !reset
	case *ast.Ident:
		// <-after with after := time.After(d), never reassigned.
		obj := info.Uses[x]
		return obj != nil && assignedOnce(info, body, obj, func(e ast.Expr) bool { return isTimeAfter(info, e) })
	}
	return false
}

// commRecv returns the channel a select case's communication receives
// from (<-ch, v := <-ch, v, ok = <-ch), unparenthesised.
func commRecv(comm ast.Stmt) (ast.Expr, bool) {
	var recv ast.Expr
	switch st := comm.(type) {
	case *ast.ExprStmt:
		recv = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			recv = st.Rhs[0]
		}
	}
	u, ok := ast.Unparen(recv).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil, false
	}
	return ast.Unparen(u.X), true
}

// assignedOnce reports whether the variable obj is assigned in body only
// by its declaration (x := v, or the first of x, y := f()), and made
// accepts the value declared.
func assignedOnce(info *types.Info, body ast.Node, obj types.Object, made func(ast.Expr) bool) bool {
	ok, other := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, lhs := range as.Lhs {
			id, isID := lhs.(*ast.Ident)
			if !isID || (info.Defs[id] != obj && info.Uses[id] != obj) {
				continue
			}
			switch {
			case as.Tok == token.DEFINE && info.Defs[id] == obj && len(as.Rhs) == len(as.Lhs) && made(as.Rhs[i]):
				ok = true
			case as.Tok == token.DEFINE && info.Defs[id] == obj && len(as.Rhs) == 1 && i == 0 && made(as.Rhs[0]):
				ok = true // ctx, cancel := context.WithTimeout(…)
			default:
				other = true
			}
		}
		return true
	})
	return ok && !other
}

// afterStop reports whether the Reset call sel is guarded by an if whose
// condition calls Stop on the same timer: Stop returned true, so the timer
// had not fired and still fires only once.
func afterStop(info *types.Info, file *ast.File, sel *ast.SelectorExpr, obj types.Object) bool {
	path := srcedit.Enclosing(file, sel.Pos(), sel.End())
	for _, n := range path {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			continue
		}
		found := false
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if s, ok := call.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Stop" {
					if id, ok := s.X.(*ast.Ident); ok && info.Uses[id] == obj {
						found = true
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func assigns(info *types.Info, as *ast.AssignStmt, obj types.Object) bool {
	for _, lhs := range as.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && info.Uses[id] == obj {
			return true
		}
	}
	return false
}

func isTimer(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Timer"
}

func isTimeAfter(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "After"
}

// endlessLoop returns the innermost loop around the constructor of s that
// runs until something stops it: a for without a condition, or a range
// over a channel (a server's accept or receive loop, a poller), unless it
// stops at a deadline set before it. It returns nil when every enclosing
// loop is bounded: a range over a slice, map, string, integer or function,
// a loop with a condition.
func (c *checker) endlessLoop(s *source, file *ast.File) ast.Stmt {
	if s.syntax == nil {
		return nil
	}
	path := srcedit.Enclosing(file, s.syntax.Pos(), s.syntax.End())
	for i, n := range path {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.ForStmt:
			if n.Cond != nil {
				continue
			}
			body = n.Body
		case *ast.RangeStmt:
			t := c.pass.TypesInfo.TypeOf(n.X)
			if t == nil {
				continue
			}
			if _, ok := t.Underlying().(*types.Chan); !ok {
				continue
			}
			body = n.Body
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		default:
			continue
		}
		var label *ast.Ident
		if i+1 < len(path) {
			if l, ok := path[i+1].(*ast.LabeledStmt); ok {
				label = l.Label
			}
		}
		loop := n.(ast.Stmt)
		if !c.stopsAtDeadline(loop, label, body, file) {
			return loop
		}
	}
	return nil
}

// stopsAtDeadline reports whether the loop has a select case receiving from
// a deadline set before the loop (a time.After channel, the C of a
// time.Timer that the loop does not Reset, the Done channel of a context
// with a deadline) whose body leaves the loop: it runs for a bounded time.
func (c *checker) stopsAtDeadline(loop ast.Stmt, label *ast.Ident, body *ast.BlockStmt, file *ast.File) bool {
	info := c.pass.TypesInfo
	fnBody := enclosingBody(file, loop)
	if fnBody == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if c.deadlineRecv(n.Comm, loop, fnBody) && leavesLoop(info, c.noReturn, n.Body, label) {
				found = true
			}
		}
		return !found
	})
	return found
}

// deadlineRecv reports whether comm receives from a deadline made before
// loop (in the function body fnBody).
func (c *checker) deadlineRecv(comm ast.Stmt, loop ast.Stmt, fnBody *ast.BlockStmt) bool {
	ch, ok := commRecv(comm)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	// once reports whether id's variable is declared in the function
	// before loop and assigned only there, to a value made accepts.
	once := func(id *ast.Ident, made func(ast.Expr) bool) bool {
		obj := info.Uses[id]
		if obj == nil || obj.Pos() >= loop.Pos() || obj.Pos() < fnBody.Pos() {
			return false
		}
		return assignedOnce(info, fnBody, obj, made)
	}
	switch x := ch.(type) {
	case *ast.Ident:
		// <-limit with limit := time.After(d) before the loop.
		return once(x, func(e ast.Expr) bool { return isTimeAfter(info, e) })
	case *ast.SelectorExpr:
		// <-t.C with t := time.NewTimer(d) before the loop, not Reset in it.
		id, ok := x.X.(*ast.Ident)
		if !ok || x.Sel.Name != "C" || !isTimer(info.TypeOf(id)) {
			return false
		}
		obj := info.Uses[id]
		reset := false
		ast.Inspect(loop, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
				if rid, ok := sel.X.(*ast.Ident); ok && info.Uses[rid] == obj {
					reset = true
				}
			}
			return !reset
		})
		return !reset && once(id, func(e ast.Expr) bool { return isPkgFunc(info, e, "time", "NewTimer") })
	case *ast.CallExpr:
		// <-ctx.Done() with ctx made by WithTimeout or WithDeadline before
		// the loop.
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Done" || len(x.Args) != 0 {
			return false
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok || !model.IsContext(info.TypeOf(id)) {
			return false
		}
		return once(id, func(e ast.Expr) bool {
			for _, name := range []string{"WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"} {
				if isPkgFunc(info, e, "context", name) {
					return true
				}
			}
			return false
		})
	}
	return false
}

// leavesLoop reports whether stmts, a select case's body in a loop labelled
// label (or nil), can leave the loop: a return, a goto, a break of the
// label, a panic or a call of a function that does not return.
func leavesLoop(info *types.Info, noReturn func(*types.Func) bool, stmts []ast.Stmt, label *ast.Ident) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				switch n.Tok {
				case token.GOTO:
					found = true
				case token.BREAK:
					found = n.Label != nil && label != nil && n.Label.Name == label.Name
				}
			case *ast.CallExpr:
				fun := ast.Unparen(n.Fun)
				if sel, ok := fun.(*ast.SelectorExpr); ok {
					fun = sel.Sel
				}
				if id, ok := fun.(*ast.Ident); ok {
					switch obj := info.Uses[id].(type) {
					case *types.Builtin:
						found = obj.Name() == "panic"
					case *types.Func:
						found = noReturn != nil && noReturn(obj)
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// enclosingBody returns the body of the function (declaration or literal)
// that encloses n.
func enclosingBody(file *ast.File, n ast.Node) *ast.BlockStmt {
	path := srcedit.Enclosing(file, n.Pos(), n.End())
	for _, p := range path {
		switch p := p.(type) {
		case *ast.FuncLit:
			return p.Body
		case *ast.FuncDecl:
			return p.Body
		}
	}
	return nil
}

func isPkgFunc(info *types.Info, e ast.Expr, pkg, name string) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name
}

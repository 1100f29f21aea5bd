package loopctx

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/engine"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

// daemons reports library daemons too: loops with no exit in goroutines
// with no context in scope (see the package doc).
var daemons bool

func init() {
	Analyzer.Flags.BoolVar(&daemons, "daemons", false, "also report goroutines of library code that loop forever with no context in scope (daemons)")
}

var Analyzer = &analysis.Analyzer{
	Name:     "loopctx",
	Doc:      checkdoc.MustExtract(doc, "loopctx"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/loopctx",
	Requires: []*analysis.Analyzer{model.Analyzer, engine.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	pass = reportSpins(pass) // spin.go: empty loops, in any function
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil || len(m.Spawns) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		m:        m,
		eng:      pass.ResultOf[engine.Analyzer].(*engine.Prog),
		decls:    map[*types.Func]*ast.FuncDecl{},
		mentions: map[mentionKey]bool{},
		roots:    map[types.Object]bool{},
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.decls[obj] = fd
				}
			}
		}
	}
	// One goroutine function may be started by several spawns: check its
	// loops once, in the order of the first spawn.
	var order []*ssa.Function
	spawns := map[*ssa.Function][]*model.Spawn{}
	for _, s := range m.Spawns {
		if s.Target == nil || s.Target.Blocks == nil {
			continue
		}
		if _, seen := spawns[s.Target]; !seen {
			order = append(order, s.Target)
		}
		spawns[s.Target] = append(spawns[s.Target], s)
	}
	for _, fn := range order {
		c.goroutine(fn, spawns[fn])
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	m        *model.Model
	eng      *engine.Prog
	decls    map[*types.Func]*ast.FuncDecl
	mentions map[mentionKey]bool
	roots    map[types.Object]bool // uncancellable, by variable
}

// goroutine checks the loops of fn, a function run by the spawns ss.
func (c *checker) goroutine(fn *ssa.Function, ss []*model.Spawn) {
	var body *ast.BlockStmt
	var ftype *ast.FuncType
	var recv *ast.FieldList
	switch syn := fn.Syntax().(type) {
	case *ast.FuncLit:
		body, ftype = syn.Body, syn.Type
	case *ast.FuncDecl:
		body, ftype, recv = syn.Body, syn.Type, syn.Recv
	}
	if body == nil {
		return
	}
	file := srcedit.FileOf(c.pass, body.Pos())
	if file == nil || srcedit.Generated(file) {
		return
	}
	g := &goroutineInfo{fn: fn, syntax: fn.Syntax(), body: body, ftype: ftype, recv: recv, spawns: ss}
	g.lifetime = c.processLifetime(ss)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function
		case *ast.ForStmt:
			// A loop that is reported (or a daemon) covers its inner loops.
			return !c.loop(g, n, n.Body)
		case *ast.RangeStmt:
			return !c.loop(g, n, n.Body)
		}
		return true
	})
}

// goroutineInfo is the function a goroutine runs.
type goroutineInfo struct {
	fn       *ssa.Function
	syntax   ast.Node
	body     *ast.BlockStmt
	ftype    *ast.FuncType
	recv     *ast.FieldList
	spawns   []*model.Spawn
	lifetime bool // every spawn lives as long as the process
}

// loop checks one loop of a goroutine and reports whether it is done with
// it: reported, or a daemon loop whose inner loops are not examined. The
// engine answers whether the loop can end the goroutine.
func (c *checker) loop(g *goroutineInfo, loop ast.Stmt, body *ast.BlockStmt) bool {
	if c.eng == nil {
		return false
	}
	found, exits := c.eng.LoopExits(g.fn, loop.Pos(), loop.End())
	if found && !exits {
		return c.noExit(g, loop)
	}
	if c.unconditional(loop) {
		return c.ignoresCtx(g, loop, body)
	}
	if fs, ok := loop.(*ast.ForStmt); ok && fs.Init == nil && fs.Post == nil {
		// for cond { … }: has an exit; it may still ignore ctx.
		return c.ignoresCtx(g, loop, body)
	}
	return false // counting loops and ranges are bounded
}

// unconditional reports whether a loop can only end through its body: for
// {…}, for true {…}, or a range over a timer's channel (never closed).
func (c *checker) unconditional(loop ast.Stmt) bool {
	switch l := loop.(type) {
	case *ast.ForStmt:
		if l.Cond == nil {
			return true
		}
		tv, ok := c.pass.TypesInfo.Types[l.Cond]
		return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	case *ast.RangeStmt:
		return c.isTimerChan(c.pass.TypesInfo.TypeOf(l.X))
	}
	return false
}

// processLifetime reports whether every spawn starts a goroutine meant to
// live as long as the process: spawns in package main, in an init function
// or a package-level variable's initialiser, in code run by a sync.Once,
// or in an Example function.
func (c *checker) processLifetime(ss []*model.Spawn) bool {
	for _, s := range ss {
		if c.pass.Pkg.Name() == "main" {
			continue
		}
		if c.underOnce(s.Func.Fn) {
			continue
		}
		outer := s.Func.Fn
		for outer.Parent() != nil {
			outer = outer.Parent()
		}
		if outer.Signature.Recv() == nil && (outer.Name() == "init" || strings.HasPrefix(outer.Name(), "init#")) {
			continue
		}
		if outer.Signature.Recv() == nil && strings.HasPrefix(outer.Name(), "Example") && c.isTestFile(outer.Pos()) {
			continue // an example is a program
		}
		return false
	}
	return true
}

// isTestFile reports whether pos is in a _test.go file.
func (c *checker) isTestFile(pos token.Pos) bool {
	return strings.HasSuffix(c.pass.Fset.Position(pos).Filename, "_test.go")
}

// testLeak reports whether the no-context loop of a goroutine is one a
// test leaks: the goroutine's function is in a _test.go file, and no spawner
// waits on a WaitGroup (a test that waits for a goroutine that never stops
// cannot finish: one that does is a harness meant to run until killed).
func (c *checker) testLeak(g *goroutineInfo) bool {
	if !c.isTestFile(g.body.Pos()) {
		return false
	}
	for _, s := range g.spawns {
		for _, w := range s.Func.WGOps {
			if w.Kind == model.Wait {
				return false
			}
		}
	}
	return true
}

// underOnce reports whether fn is, or is nested in, a literal run by
// (*sync.Once).Do, sync.OnceFunc, sync.OnceValue or sync.OnceValues: code
// that runs once per process.
func (c *checker) underOnce(fn *ssa.Function) bool {
	for ; fn != nil && fn.Parent() != nil; fn = fn.Parent() {
		lit, ok := fn.Syntax().(*ast.FuncLit)
		if !ok {
			continue
		}
		file := srcedit.FileOf(c.pass, lit.Pos())
		if file == nil {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(file, lit.Pos(), lit.End())
		for _, n := range path[1:] {
			if _, ok := n.(*ast.ParenExpr); ok {
				continue
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				break
			}
			if f, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && f.Pkg() != nil && f.Pkg().Path() == "sync" {
				switch f.Name() {
				case "Do":
					if recv := f.Signature().Recv(); recv != nil && strings.HasSuffix(types.TypeString(recv.Type(), nil), "sync.Once") {
						return true
					}
				case "OnceFunc", "OnceValue", "OnceValues":
					return true
				}
			}
			break
		}
	}
	return false
}

// isTimerChan reports whether t is a channel of time.Time: a timer's or
// ticker's C, time.After, time.Tick, or a fake clock's.
func (c *checker) isTimerChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.SendOnly {
		return false
	}
	n, ok := types.Unalias(ch.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// isSleep reports whether call is time.Sleep or a Sleep(time.Duration)
// method of a clock.
func (c *checker) isSleep(call *ast.CallExpr) bool {
	fn := typeutil.Callee(c.pass.TypesInfo, call)
	f, ok := fn.(*types.Func)
	if !ok || f.Name() != "Sleep" {
		return false
	}
	sig := f.Signature()
	if sig.Params().Len() != 1 {
		return false
	}
	n, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Duration"
}

type analysisRelated struct {
	pos token.Pos
	msg string
}

func (c *checker) emit(pos token.Pos, msg string, related []analysisRelated) {
	d := analysis.Diagnostic{Pos: pos, Category: "loopctx", Message: msg}
	for _, r := range related {
		if r.pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.pos, Message: r.msg})
		}
	}
	c.pass.Report(d)
}

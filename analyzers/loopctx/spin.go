package loopctx

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concvet/concvet/internal/srcedit"
)

// reportSpins reports the spin loops of the package, in any function (see
// "Spin loops" in the package doc), and returns a copy of pass whose Report
// drops the other findings of this check on those loops: a goroutine's
// spin loop is also a loop with no exit, and one finding says it better.
func reportSpins(pass *analysis.Pass) *analysis.Pass {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	spins := map[token.Pos]bool{}
	for _, file := range pass.Files {
		if srcedit.Generated(file) {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			loop, ok := n.(*ast.ForStmt)
			if !ok {
				return true
			}
			if msg, ok := spinMessage(pass.TypesInfo, loop); ok && !afterNoReturn(pass, cfgs, file, loop) {
				spins[loop.Pos()] = true
				pass.Report(analysis.Diagnostic{Pos: loop.Pos(), End: loop.Body.Lbrace + 1, Category: "loopctx", Message: msg})
			}
			return true
		})
	}
	if len(spins) == 0 {
		return pass
	}
	filtered := *pass
	report := pass.Report
	filtered.Report = func(d analysis.Diagnostic) {
		if !spins[d.Pos] {
			report(d)
		}
	}
	return &filtered
}

// afterNoReturn reports whether loop follows, in its block or in an
// enclosing block of the same function, a statement that calls panic or a
// function that never returns (log.Fatal, t.Fatal, os.Exit, one ctrlflow
// proves never returns): the loop never runs, as in a test of a function
// that ends in for {} after a panic.
func afterNoReturn(pass *analysis.Pass, cfgs *ctrlflow.CFGs, file *ast.File, loop *ast.ForStmt) bool {
	path := srcedit.Enclosing(file, loop.Pos(), loop.End())
	for i := 1; i < len(path); i++ {
		var list []ast.Stmt
		switch n := path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		default:
			continue
		}
		for _, st := range list {
			if st == path[i-1] {
				break
			}
			if es, ok := st.(*ast.ExprStmt); ok {
				if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && neverReturns(pass.TypesInfo, cfgs, call) {
					return true
				}
			}
		}
	}
	return false
}

// neverReturns reports whether call is a call of panic or of a function
// that never returns.
func neverReturns(info *types.Info, cfgs *ctrlflow.CFGs, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return false
	}
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	return cfgs.NoReturn(fn)
}

// spinMessage returns the finding for loop when it is a spin loop: its body
// is empty, it has no post statement, and its condition is absent, true, or
// reads only variables and fields (no call, no receive), which nothing in
// the loop can change.
func spinMessage(info *types.Info, loop *ast.ForStmt) (string, bool) {
	if loop.Post != nil || !emptyBody(loop.Body) {
		return "", false
	}
	if loop.Cond == nil {
		return "loop spins forever, burning a CPU core: its body is empty and nothing can end it (block instead: select {}, a receive from a channel, or sync.WaitGroup.Wait)", true
	}
	if tv, ok := info.Types[loop.Cond]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) {
			return "loop spins forever, burning a CPU core: its condition is always true and its body is empty (block instead: select {}, a receive from a channel, or sync.WaitGroup.Wait)", true
		}
		return "", false // for false {}: the body never runs
	}
	if !pureRead(info, loop.Cond) {
		return "", false
	}
	cond := types.ExprString(loop.Cond)
	return fmt.Sprintf("loop spins forever when %s is true on entry, burning a CPU core: its body is empty and nothing in the loop changes the condition; a write by another goroutine is a data race the loop is not guaranteed to see (wait on a channel, a sync.WaitGroup or a sync.Cond instead)", cond), true
}

// emptyBody reports whether a block has no statements but empty ones.
func emptyBody(b *ast.BlockStmt) bool {
	for _, st := range b.List {
		if _, ok := st.(*ast.EmptyStmt); !ok {
			return false
		}
	}
	return true
}

// pureRead reports whether evaluating e only reads variables, fields and
// elements and applies operators to them: no call (not even a conversion
// or a builtin), no receive, no function literal.
func pureRead(info *types.Info, e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		switch info.Uses[e].(type) {
		case *types.Var, *types.Const, *types.Nil:
			return true
		}
		return false
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pureRead(info, e.X)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			return sel.Kind() == types.FieldVal && pureRead(info, e.X)
		}
		// A qualified identifier: pkg.Var or pkg.Const.
		return pureRead(info, e.Sel)
	case *ast.StarExpr:
		return pureRead(info, e.X)
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; !ok || !tv.IsValue() {
			return false // an instantiation, not an index
		}
		return pureRead(info, e.X) && pureRead(info, e.Index)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && e.Op != token.AND && pureRead(info, e.X)
	case *ast.BinaryExpr:
		return pureRead(info, e.X) && pureRead(info, e.Y)
	}
	return false
}

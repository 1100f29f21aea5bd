package closurecapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// subtest returns the literal of a t.Run(name, func(t *testing.T) {…}) call
// of (*testing.T).Run, and the variable of the literal's *testing.T
// parameter; nil when call is not one.
func (c *checker) subtest(call *ast.CallExpr) (*ast.FuncLit, *types.Var) {
	if !isTestingMethod(typeutil.Callee(c.pass.TypesInfo, call), "Run") || len(call.Args) != 2 {
		return nil, nil
	}
	lit, ok := ast.Unparen(call.Args[1]).(*ast.FuncLit)
	if !ok || lit.Type.Params == nil || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return nil, nil
	}
	t, ok := c.pass.TypesInfo.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	if !ok {
		return nil, nil
	}
	return lit, t
}

// isTestingMethod reports whether obj is the method name of *testing.T.
func isTestingMethod(obj types.Object, name string) bool {
	fn, ok := obj.(*types.Func)
	return ok && fn.Name() == name && fn.Pkg() != nil && fn.Pkg().Path() == "testing" && model.RecvName(fn) == "T"
}

// parallelSubtest reports the shared iteration variables of the loops
// around call, a t.Run started in the loop, that its literal lit uses after
// calling t.Parallel() (on its own parameter t) on every path: a parallel
// subtest waits until the loop's test function returns, so by the time it
// runs the loop is over and every subtest sees the variable's last value.
// A use counts wherever it is in lit: in a nested block, or in a nested
// subtest (which runs during lit, so after its Parallel call).
func (c *checker) parallelSubtest(file *ast.File, old bool, call *ast.CallExpr, lit *ast.FuncLit, t *types.Var) {
	path := srcedit.Enclosing(file, call.Pos(), call.End())
	loopVar, _, _ := c.enclosingIterVars(path, call, nil, old)
	if len(loopVar) == 0 {
		return
	}
	g := cfg.New(lit.Body, func(*ast.CallExpr) bool { return true })
	// The nodes of the literal's control flow that call t.Parallel().
	parallel := map[ast.Node]bool{}
	var parallelCall *ast.CallExpr
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if pc := c.parallelCallIn(n, t); pc != nil {
				parallel[n] = true
				if parallelCall == nil || pc.Pos() < parallelCall.Pos() {
					parallelCall = pc
				}
			}
		}
	}
	if len(parallel) == 0 {
		return
	}
	// The uses of the loop variables in nodes reached only after a
	// Parallel call, in order of first use.
	var vars []types.Object
	first := map[types.Object]token.Pos{}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if parallel[n] {
				continue
			}
			ast.Inspect(n, func(x ast.Node) bool {
				id, ok := x.(*ast.Ident)
				if !ok {
					return true
				}
				obj := c.pass.TypesInfo.Uses[id]
				if !loopVar[obj] {
					return true
				}
				if p, seen := first[obj]; seen && p <= id.Pos() {
					return true
				}
				if reachedAvoiding(g, b, i, parallel) {
					return true // some path gets here without t.Parallel()
				}
				if _, seen := first[obj]; !seen {
					vars = append(vars, obj)
				}
				first[obj] = id.Pos()
				return true
			})
		}
	}
	if len(vars) == 0 {
		return
	}
	// Sort by position of first use.
	for i := 1; i < len(vars); i++ {
		for j := i; j > 0 && first[vars[j]] < first[vars[j-1]]; j-- {
			vars[j], vars[j-1] = vars[j-1], vars[j]
		}
	}
	var names []string
	for _, v := range vars {
		names = append(names, v.Name())
	}
	list := strings.Join(names, ", ")
	tname := t.Name()
	_, global := splitGlobals(vars[:1])
	var msg string
	switch {
	case len(global) > 0 && len(vars) > 1:
		msg = fmt.Sprintf("package variables %s, the loop's iteration variables, are used after %s.Parallel() in a subtest started in the loop: a parallel subtest runs only after the loop has finished, so every subtest sees their last values (copy them in the loop body before %s.Run: %s)", list, tname, tname, copyText(names))
	case len(global) > 0:
		msg = fmt.Sprintf("package variable %s, the loop's iteration variable, is used after %s.Parallel() in a subtest started in the loop: a parallel subtest runs only after the loop has finished, so every subtest sees its last value (copy it in the loop body before %s.Run: %s)", list, tname, tname, copyText(names))
	case len(vars) > 1:
		msg = fmt.Sprintf("loop variables %s are used after %s.Parallel() in a subtest started in the loop: before Go 1.22 all iterations share them, and a parallel subtest runs only after the loop has finished, so every subtest sees their last values (copy them in the loop body before %s.Run: %s)", list, tname, tname, copyText(names))
	default:
		msg = fmt.Sprintf("loop variable %s is used after %s.Parallel() in a subtest started in the loop: before Go 1.22 all iterations share it, and a parallel subtest runs only after the loop has finished, so every subtest sees its last value (copy it in the loop body before %s.Run: %s)", list, tname, tname, copyText(names))
	}
	d := analysis.Diagnostic{
		Pos:     first[vars[0]],
		Message: msg,
		Related: []analysis.RelatedInformation{{Pos: parallelCall.Pos(), Message: "the subtest becomes parallel here"}},
	}
	for _, v := range vars[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: first[v], Message: v.Name() + " is used here"})
	}
	if fix, ok := c.copyFix(path, call, vars); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// copyText is the statement that copies the variables: v := v, or
// a, b := a, b.
func copyText(names []string) string {
	l := strings.Join(names, ", ")
	return l + " := " + l
}

// parallelCallIn returns the call t.Parallel() in n (outside function
// literals), where t is the subtest's parameter, or nil.
func (c *checker) parallelCallIn(n ast.Node, t *types.Var) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(x ast.Node) bool {
		if found != nil {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok || !isTestingMethod(typeutil.Callee(c.pass.TypesInfo, x), "Parallel") {
				return true
			}
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == t {
				found = x
			}
		}
		return true
	})
	return found
}

// reachedAvoiding reports whether some path from the entry of g reaches
// node i of block at without passing a node of stop.
func reachedAvoiding(g *cfg.CFG, at *cfg.Block, i int, stop map[ast.Node]bool) bool {
	if len(g.Blocks) == 0 {
		return false
	}
	seen := map[*cfg.Block]bool{}
	stack := []*cfg.Block{g.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		blocked := false
		for j, n := range b.Nodes {
			if b == at && j == i {
				return true
			}
			if stop[n] {
				blocked = true
				break
			}
		}
		if !blocked {
			stack = append(stack, b.Succs...)
		}
	}
	return false
}

// copyFix inserts v := v in the loop body before the statement that holds
// call, when that is safe: the loop body declares no other variable of
// those names, and nothing in the body after the copy writes the
// variables or takes their address (the loop would otherwise go on with
// the old variable while the body changes the copy).
func (c *checker) copyFix(path []ast.Node, call *ast.CallExpr, vars []types.Object) (analysis.SuggestedFix, bool) {
	var body *ast.BlockStmt
	var stmt ast.Stmt
	for i, p := range path {
		var b *ast.BlockStmt
		switch l := p.(type) {
		case *ast.RangeStmt:
			b = l.Body
		case *ast.ForStmt:
			b = l.Body
		case *ast.FuncLit, *ast.FuncDecl:
			return analysis.SuggestedFix{}, false
		}
		if b != nil && i >= 2 && path[i-1] == b {
			body = b
			stmt, _ = path[i-2].(ast.Stmt)
			break
		}
	}
	if body == nil || stmt == nil {
		return analysis.SuggestedFix{}, false
	}
	scope := c.pass.TypesInfo.Scopes[body]
	want := map[types.Object]bool{}
	var names []string
	for _, v := range vars {
		if scope == nil || scope.Lookup(v.Name()) != nil {
			return analysis.SuggestedFix{}, false
		}
		want[v] = true
		names = append(names, v.Name())
	}
	if c.writtenFrom(body, stmt.Pos(), want) {
		return analysis.SuggestedFix{}, false
	}
	indent, ok := srcedit.Indent(c.pass, stmt.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := copyText(names) + "\n" + string(indent)
	return analysis.SuggestedFix{
		Message:   "Copy the loop variables before the subtest",
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text)}},
	}, true
}

// writtenFrom reports whether code of body at or after pos assigns one of
// vars, increments it, takes its address, or calls a pointer method on it.
func (c *checker) writtenFrom(body *ast.BlockStmt, pos token.Pos, vars map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && id.Pos() >= pos && vars[info.Uses[id]]
	}
	written := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				written = written || is(l)
			}
		case *ast.IncDecStmt:
			written = written || is(n.X)
		case *ast.RangeStmt:
			written = written || (n.Key != nil && is(n.Key)) || (n.Value != nil && is(n.Value))
		case *ast.UnaryExpr:
			written = written || (n.Op == token.AND && is(n.X))
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal && is(n.X) {
				if _, ptr := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
					written = true
				}
			}
		}
		return !written
	})
	return written
}

package closurecapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// loopCaptures reports loop variables shared by all iterations that a
// goroutine or a deferred literal started in the loop captures: in files
// before Go 1.22 the variables the loop declares, and in every file the
// package-level variables a loop assigns (for A = range xs). It also
// reports their uses in parallel subtests started in the loop (see
// subtests).
func (c *checker) loopCaptures() {
	spawnAt := map[ast.Node]*model.Spawn{}
	for _, s := range c.m.Spawns {
		if s.Syntax != nil {
			spawnAt[s.Syntax] = s
		}
	}
	for _, file := range c.pass.Files {
		if srcedit.Generated(file) {
			continue
		}
		old := c.oldLoops(file)
		if old {
			// Every loop variable of an old loop is shared by all iterations.
			ast.Inspect(file, func(n ast.Node) bool {
				for _, obj := range c.loopVarsOf(n) {
					c.loopVars[obj.Pos()] = true
				}
				return true
			})
		}
		ast.Inspect(file, func(n ast.Node) bool {
			var lit *ast.FuncLit
			var call *ast.CallExpr
			kind := ""
			switch n := n.(type) {
			case *ast.GoStmt:
				lit, _ = ast.Unparen(n.Call.Fun).(*ast.FuncLit)
				call, kind = n.Call, "go"
			case *ast.DeferStmt:
				lit, _ = ast.Unparen(n.Call.Fun).(*ast.FuncLit)
				call, kind = n.Call, "defer"
			case *ast.CallExpr:
				if s := spawnAt[n]; s != nil && s.Kind != model.GoStmt && len(n.Args) == 1 {
					lit, _ = ast.Unparen(n.Args[0]).(*ast.FuncLit)
					call, kind = n, "method"
				} else if sub, t := c.subtest(n); sub != nil {
					c.parallelSubtest(file, old, n, sub, t)
				}
			}
			if lit == nil {
				return true
			}
			c.loopCapture(file, old, n, kind, call, lit, spawnAt)
			return true
		})
	}
}

// loopVarsOf returns the variables a for or range statement declares.
func (c *checker) loopVarsOf(n ast.Node) []types.Object {
	var idents []ast.Expr
	switch n := n.(type) {
	case *ast.RangeStmt:
		if n.Tok == token.DEFINE {
			idents = append(idents, n.Key, n.Value)
		}
	case *ast.ForStmt:
		if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			idents = append(idents, as.Lhs...)
		}
	}
	var out []types.Object
	for _, e := range idents {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			if obj := c.pass.TypesInfo.Defs[id]; obj != nil {
				out = append(out, obj)
			}
		}
	}
	return out
}

// packageVarsOf returns the package-level variables a for or range
// statement assigns on every iteration: the key and value of for A =
// range xs, the variables of a for statement's post statement. They are
// one variable for all iterations in every Go version.
func (c *checker) packageVarsOf(n ast.Node) []types.Object {
	var idents []ast.Expr
	switch n := n.(type) {
	case *ast.RangeStmt:
		if n.Tok == token.ASSIGN {
			idents = append(idents, n.Key, n.Value)
		}
	case *ast.ForStmt:
		switch post := n.Post.(type) {
		case *ast.AssignStmt:
			idents = append(idents, post.Lhs...)
		case *ast.IncDecStmt:
			idents = append(idents, post.X)
		}
	}
	var out []types.Object
	for _, e := range idents {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			continue
		}
		if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			out = append(out, v)
		}
	}
	return out
}

// iterVars returns the variables shared by all iterations of the loop n:
// those it declares in an old file, and the package variables it assigns.
func (c *checker) iterVars(n ast.Node, old bool) []types.Object {
	var out []types.Object
	if old {
		out = c.loopVarsOf(n)
	}
	return append(out, c.packageVarsOf(n)...)
}

// enclosingIterVars returns the shared iteration variables of the loops
// whose body holds n, in the same function (path is n's enclosing path,
// innermost first, and lit the literal n starts, if any), and the
// statement holding n in its block with that block's statements.
func (c *checker) enclosingIterVars(path []ast.Node, n ast.Node, lit *ast.FuncLit, old bool) (map[types.Object]bool, ast.Stmt, []ast.Stmt) {
	vars := map[types.Object]bool{}
	var stmt ast.Stmt
	var block []ast.Stmt
	for i, p := range path {
		if _, ok := p.(*ast.FuncLit); ok && p != lit && i > 0 {
			break
		}
		if _, ok := p.(*ast.FuncDecl); ok {
			break
		}
		var body *ast.BlockStmt
		switch l := p.(type) {
		case *ast.RangeStmt:
			body = l.Body
		case *ast.ForStmt:
			body = l.Body
		case *ast.BlockStmt:
			if stmt == nil && i > 0 {
				if st, ok := path[i-1].(ast.Stmt); ok {
					stmt, block = st, l.List
				}
			}
		}
		if body != nil && body.Pos() <= n.Pos() && n.End() <= body.End() {
			for _, obj := range c.iterVars(p, old) {
				vars[obj] = true
			}
		}
	}
	return vars, stmt, block
}

// loopCapture checks one go, defer or Go-method statement n, whose literal
// is lit.
func (c *checker) loopCapture(file *ast.File, old bool, n ast.Node, kind string, call *ast.CallExpr, lit *ast.FuncLit, spawnAt map[ast.Node]*model.Spawn) {
	path := srcedit.Enclosing(file, n.Pos(), n.End())
	loopVar, stmt, block := c.enclosingIterVars(path, n, lit, old)
	if len(loopVar) == 0 || leavesLoop(stmt, block) {
		return
	}
	switch n := n.(type) {
	case *ast.GoStmt:
		if s := spawnAt[n]; s != nil && !c.m.Repeats(s, nil, nil) {
			return // joined in every iteration, or never repeated
		}
	case *ast.CallExpr:
		if s := spawnAt[n]; s != nil && !c.m.Repeats(s, nil, nil) {
			return
		}
	}
	// The captured loop variables, in order of first use.
	var vars []types.Object
	first := map[types.Object]token.Pos{}
	assigned := map[types.Object]bool{}
	ast.Inspect(lit.Body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.Ident:
			obj := c.pass.TypesInfo.Uses[x]
			if loopVar[obj] {
				if _, ok := first[obj]; !ok {
					first[obj] = x.Pos()
					vars = append(vars, obj)
				}
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					assigned[c.pass.TypesInfo.Uses[id]] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
				assigned[c.pass.TypesInfo.Uses[id]] = true
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND {
				assigned[c.pass.TypesInfo.Uses[id]] = true
			}
		}
		return true
	})
	declared, global := splitGlobals(vars)
	fixed := false
	if len(declared) > 0 {
		fixed = c.reportLoopCapture(file, n, kind, call, lit, declared, first, assigned, false)
	}
	if len(global) > 0 {
		c.reportLoopCapture(file, n, kind, call, lit, global, first, assigned, fixed)
	}
}

// splitGlobals separates package-level variables from the others, keeping
// their order.
func splitGlobals(vars []types.Object) (local, global []types.Object) {
	for _, v := range vars {
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			global = append(global, v)
		} else {
			local = append(local, v)
		}
	}
	return local, global
}

// reportLoopCapture reports the captured loop variables vars (all declared
// by old loops, or all package-level) of the literal lit started by n,
// with a fix unless noFix, and reports whether it offered one.
func (c *checker) reportLoopCapture(file *ast.File, n ast.Node, kind string, call *ast.CallExpr, lit *ast.FuncLit, vars []types.Object, first map[types.Object]token.Pos, assigned map[types.Object]bool, noFix bool) bool {
	var names []string
	for _, v := range vars {
		names = append(names, v.Name())
	}
	list := strings.Join(names, ", ")
	_, global := splitGlobals(vars[:1])
	noun := "loop variable " + list + " is"
	if len(vars) > 1 {
		noun = "loop variables " + list + " are"
	}
	var what string
	switch {
	case len(global) > 0:
		noun = "package variable " + list + " is the loop's iteration variable,"
		if len(vars) > 1 {
			noun = "package variables " + list + " are the loop's iteration variables,"
		}
		if kind == "defer" {
			what = fmt.Sprintf("%s captured by a function deferred in the loop: every iteration assigns it, so the deferred call sees its last value (pass %s as an argument)", noun, list)
		} else {
			what = fmt.Sprintf("%s captured by a goroutine started in the loop: every iteration assigns it, so the goroutine may see a later value, and the loop's write races with the read (pass %s as an argument)", noun, list)
		}
	case kind == "defer":
		what = fmt.Sprintf("%s captured by a function deferred in the loop: before Go 1.22 all iterations share it, so the deferred call sees its last value (pass %s as an argument)", noun, list)
	default:
		what = fmt.Sprintf("%s captured by a goroutine started in the loop: before Go 1.22 all iterations share it, so the goroutine may see a later value, and the loop's update races with the read (pass %s as an argument)", noun, list)
	}
	d := analysis.Diagnostic{
		Pos:     first[vars[0]],
		Message: what,
		Related: []analysis.RelatedInformation{{Pos: n.Pos(), Message: "the " + kind + " statement"}},
	}
	for _, v := range vars[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: first[v], Message: v.Name() + " is used here"})
	}
	fixed := false
	if kind == "method" {
		d.Message = strings.Replace(d.Message, "(pass "+list+" as an argument)", "(copy "+list+" in the loop body: "+names[0]+" := "+names[0]+")", 1)
		d.Related[0].Message = "the goroutine is started here"
	} else if !noFix {
		if fix, ok := c.argFix(file, call, lit, vars, assigned); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
			fixed = true
		}
	}
	c.pass.Report(d)
	return fixed
}

// leavesLoop reports whether the statement after stmt in its block leaves
// the loop (return, break, goto, panic): the variable is not updated while
// the literal can see it.
func leavesLoop(stmt ast.Stmt, block []ast.Stmt) bool {
	for i, st := range block {
		if st != stmt || i+1 >= len(block) {
			continue
		}
		switch next := block[i+1].(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			return next.Tok != token.CONTINUE
		case *ast.ExprStmt:
			if call, ok := next.X.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
					return true
				}
			}
		}
	}
	return false
}

// argFix passes the captured loop variables to the literal as arguments:
// go func() {…}() becomes go func(v T) {…}(v).
func (c *checker) argFix(file *ast.File, call *ast.CallExpr, lit *ast.FuncLit, vars []types.Object, assigned map[types.Object]bool) (analysis.SuggestedFix, bool) {
	if call.Ellipsis.IsValid() || lit.Type.Params == nil {
		return analysis.SuggestedFix{}, false
	}
	var params, args []string
	for _, v := range vars {
		if assigned[v] {
			return analysis.SuggestedFix{}, false // the literal assigns it: a copy changes the meaning
		}
		t, ok := typeString(v.Type(), c.pass.Pkg, file)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		params = append(params, v.Name()+" "+t)
		args = append(args, v.Name())
	}
	p, a := strings.Join(params, ", "), strings.Join(args, ", ")
	if len(lit.Type.Params.List) > 0 {
		p = ", " + p
	}
	if len(call.Args) > 0 {
		a = ", " + a
	}
	return analysis.SuggestedFix{
		Message: "pass the loop variables as arguments",
		TextEdits: []analysis.TextEdit{
			{Pos: lit.Type.Params.Closing, End: lit.Type.Params.Closing, NewText: []byte(p)},
			{Pos: call.Rparen, End: call.Rparen, NewText: []byte(a)},
		},
	}, true
}

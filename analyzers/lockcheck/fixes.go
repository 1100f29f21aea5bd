package lockcheck

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// deferFix defers the function's only unlock of op's mutex right after the
// lock, when both are statements of the function's body itself (not in a
// loop or a branch), the unlock is the last statement or is followed only
// by a return of plain values (nothing that would now run under the lock),
// and the function has no other lock or unlock of that mutex.
func (c *checker) deferFix(f *model.Func, op *model.LockOp) (analysis.SuggestedFix, bool) {
	var unlock *model.LockOp
	for _, o := range f.LockOps {
		if !o.Mutex.Same(op.Mutex) || o == op {
			continue
		}
		if unlock != nil || o.Deferred || !releases(o.Kind) {
			return analysis.SuggestedFix{}, false
		}
		unlock = o
	}
	for _, lc := range c.m.LockCalls(f) {
		if lc.Mutex.Same(op.Mutex) {
			return analysis.SuggestedFix{}, false
		}
	}
	if unlock == nil || unlock.Syntax == nil || op.Syntax == nil {
		return analysis.SuggestedFix{}, false
	}
	if (op.Kind == model.Lock) != (unlock.Kind == model.Unlock) {
		return analysis.SuggestedFix{}, false
	}
	var body *ast.BlockStmt
	switch fn := f.Syntax.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return analysis.SuggestedFix{}, false
	}
	li, ui := -1, -1
	for i, st := range body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		switch es.X {
		case op.Syntax:
			li = i
		case unlock.Syntax:
			ui = i
		}
	}
	if li < 0 || ui <= li {
		return analysis.SuggestedFix{}, false
	}
	switch rest := body.List[ui+1:]; len(rest) {
	case 0:
	case 1:
		ret, ok := rest[0].(*ast.ReturnStmt)
		if !ok || !plain(ret.Results) {
			return analysis.SuggestedFix{}, false
		}
	default:
		return analysis.SuggestedFix{}, false
	}
	lockLine, ok := srcedit.OwnLine(c.pass, body.List[li])
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	unlockLine, ok := srcedit.OwnLine(c.pass, body.List[ui])
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	indent, ok := srcedit.Indent(c.pass, body.List[li].Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	tf := c.pass.Fset.File(body.List[ui].Pos())
	_, src, _ := srcedit.Source(c.pass, body.List[ui].Pos())
	stmt := src[tf.Offset(body.List[ui].Pos()):tf.Offset(body.List[ui].End())]
	text := append(append([]byte("\n"), indent...), "defer "...)
	text = append(text, stmt...)
	return analysis.SuggestedFix{
		Message: "Defer the unlock right after the lock",
		TextEdits: []analysis.TextEdit{
			{Pos: lockLine.End - 1, End: lockLine.End - 1, NewText: text},
			{Pos: unlockLine.Start, End: unlockLine.End},
		},
	}, true
}

// plain reports whether evaluating the expressions cannot call code: no
// calls, receives or literals of functions.
func plain(exprs []ast.Expr) bool {
	ok := true
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr, *ast.FuncLit:
				ok = false
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					ok = false
				}
			}
			return ok
		})
	}
	return ok
}

package wgadd

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// moveAddFix moves an Add that is the first statement of a go statement's
// literal to just before the go statement, when everything the Add refers to
// is declared outside the literal (so it means the same there).
func (c *checker) moveAddFix(s *model.Spawn, o op) (analysis.SuggestedFix, bool) {
	goStmt, ok := s.Syntax.(*ast.GoStmt)
	if !ok || o.syntax == nil {
		return analysis.SuggestedFix{}, false
	}
	lit, ok := goStmt.Call.Fun.(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 {
		return analysis.SuggestedFix{}, false
	}
	first, ok := lit.Body.List[0].(*ast.ExprStmt)
	if !ok || first.X != o.syntax || c.refersInside(o.syntax, lit) {
		return analysis.SuggestedFix{}, false
	}
	line, ok := srcedit.OwnLine(c.pass, first)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	goIndent, ok := srcedit.Indent(c.pass, goStmt.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message: "Move the Add before the go statement",
		TextEdits: []analysis.TextEdit{
			{Pos: goStmt.Pos(), End: goStmt.Pos(), NewText: append(append(line.Text, '\n'), goIndent...)},
			{Pos: line.Start, End: line.End},
		},
	}, true
}

// deferDoneFix replaces the goroutine's single trailing Done by a deferred
// Done as its first statement.
func (c *checker) deferDoneFix(s *model.Spawn, dones []op) (analysis.SuggestedFix, bool) {
	if len(dones) != 1 || dones[0].syntax == nil || dones[0].callee != nil || dones[0].fn.Fn != s.Target {
		return analysis.SuggestedFix{}, false
	}
	var body *ast.BlockStmt
	switch fn := s.Target.Syntax().(type) {
	case *ast.FuncLit:
		body = fn.Body
	case *ast.FuncDecl:
		body = fn.Body
	}
	if body == nil || len(body.List) < 2 {
		return analysis.SuggestedFix{}, false
	}
	last, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok || last.X != dones[0].syntax {
		return analysis.SuggestedFix{}, false
	}
	line, ok := srcedit.OwnLine(c.pass, last)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	firstIndent, ok := srcedit.Indent(c.pass, body.List[0].Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := append([]byte("defer "), line.Text...)
	return analysis.SuggestedFix{
		Message: "Defer Done at the start of the goroutine",
		TextEdits: []analysis.TextEdit{
			{Pos: body.List[0].Pos(), End: body.List[0].Pos(), NewText: append(append(text, '\n'), firstIndent...)},
			{Pos: line.Start, End: line.End},
		},
	}, true
}

// refersInside reports whether e uses an object declared inside lit.
func (c *checker) refersInside(e ast.Expr, lit *ast.FuncLit) bool {
	inside := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && obj.Pos() >= lit.Pos() && obj.Pos() < lit.End() {
				inside = true
			}
		}
		return !inside
	})
	return inside
}

package wgadd

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
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
	line, ok := c.ownLine(first)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	goIndent, ok := c.indent(goStmt.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message: "Move the Add before the go statement",
		TextEdits: []analysis.TextEdit{
			{Pos: goStmt.Pos(), End: goStmt.Pos(), NewText: append(append(line.text, '\n'), goIndent...)},
			{Pos: line.start, End: line.end},
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
	line, ok := c.ownLine(last)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	firstIndent, ok := c.indent(body.List[0].Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := append([]byte("defer "), line.text...)
	return analysis.SuggestedFix{
		Message: "Defer Done at the start of the goroutine",
		TextEdits: []analysis.TextEdit{
			{Pos: body.List[0].Pos(), End: body.List[0].Pos(), NewText: append(append(text, '\n'), firstIndent...)},
			{Pos: line.start, End: line.end},
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

// sourceLine is a statement alone on its line: the whole line to delete
// (with its newline) and the statement's text with any trailing comment.
type sourceLine struct {
	start, end token.Pos
	text       []byte
}

func (c *checker) source(pos token.Pos) (*token.File, []byte, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil, nil, false
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil, nil, false
	}
	return tf, src, true
}

// ownLine returns the line of stmt when nothing but blanks precede it there.
func (c *checker) ownLine(stmt ast.Stmt) (sourceLine, bool) {
	tf, src, ok := c.source(stmt.Pos())
	if !ok {
		return sourceLine{}, false
	}
	start := tf.LineStart(tf.Line(stmt.Pos()))
	from, at := tf.Offset(start), tf.Offset(stmt.Pos())
	if len(bytes.TrimLeft(src[from:at], " \t")) != 0 {
		return sourceLine{}, false
	}
	end := at + bytes.IndexByte(src[at:], '\n')
	if end < at {
		return sourceLine{}, false
	}
	if tf.Offset(stmt.End()) > end {
		return sourceLine{}, false // spans several lines
	}
	return sourceLine{
		start: start,
		end:   tf.Pos(end + 1),
		text:  bytes.TrimRight(append([]byte(nil), src[at:end]...), " \t\r"),
	}, true
}

// indent returns the blanks that precede pos on its line.
func (c *checker) indent(pos token.Pos) ([]byte, bool) {
	tf, src, ok := c.source(pos)
	if !ok {
		return nil, false
	}
	from, at := tf.Offset(tf.LineStart(tf.Line(pos))), tf.Offset(pos)
	prefix := src[from:at]
	if len(bytes.TrimLeft(prefix, " \t")) != 0 {
		return nil, false
	}
	return append([]byte(nil), prefix...), true
}

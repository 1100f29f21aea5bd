package lockcheck

import (
	"bytes"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
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
	lockLine, ok := c.ownLine(body.List[li])
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	unlockLine, ok := c.ownLine(body.List[ui])
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	indent, ok := c.indent(body.List[li].Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	tf := c.pass.Fset.File(body.List[ui].Pos())
	_, src, _ := c.source(body.List[ui].Pos())
	stmt := src[tf.Offset(body.List[ui].Pos()):tf.Offset(body.List[ui].End())]
	text := append(append([]byte("\n"), indent...), "defer "...)
	text = append(text, stmt...)
	return analysis.SuggestedFix{
		Message: "Defer the unlock right after the lock",
		TextEdits: []analysis.TextEdit{
			{Pos: lockLine.end - 1, End: lockLine.end - 1, NewText: text},
			{Pos: unlockLine.start, End: unlockLine.end},
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

// sourceLine is a statement alone on its line: the whole line (with its
// newline).
type sourceLine struct {
	start, end token.Pos
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

// ownLine returns the line of stmt when nothing but blanks precede it there
// and it does not span several lines.
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
	if end < at || tf.Offset(stmt.End()) > end {
		return sourceLine{}, false
	}
	return sourceLine{start: start, end: tf.Pos(end + 1)}, true
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

// Package srcedit holds the source helpers that checks and their suggested
// fixes share: the file holding a position, the statement holding it, a
// file's text as the pass sees it, the line a statement has to itself, and a
// line's indentation.
package srcedit

import (
	"bytes"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Line is a statement alone on its line: the whole line to delete (with its
// newline) and the statement's text with any trailing comment.
type Line struct {
	Start, End token.Pos
	Text       []byte
}

// FileOf returns the file of the pass's package that holds pos, or nil.
func FileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// StmtStart returns the start of the innermost statement (other than a
// block) that holds pos, or pos itself.
func StmtStart(pass *analysis.Pass, pos token.Pos) token.Pos {
	f := FileOf(pass, pos)
	if f == nil || !pos.IsValid() {
		return pos
	}
	path := Enclosing(f, pos, pos)
	for _, n := range path {
		if st, ok := n.(ast.Stmt); ok {
			if _, isBlock := st.(*ast.BlockStmt); !isBlock {
				return st.Pos()
			}
		}
	}
	return pos
}

// Source returns the file containing pos and its text, when the text read
// matches the file the pass parsed.
func Source(pass *analysis.Pass, pos token.Pos) (*token.File, []byte, bool) {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return nil, nil, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil, nil, false
	}
	return tf, src, true
}

// OwnLine returns the line of stmt when nothing but blanks precede it there
// and it does not span several lines.
func OwnLine(pass *analysis.Pass, stmt ast.Node) (Line, bool) {
	tf, src, ok := Source(pass, stmt.Pos())
	if !ok {
		return Line{}, false
	}
	start := tf.LineStart(tf.Line(stmt.Pos()))
	from, at := tf.Offset(start), tf.Offset(stmt.Pos())
	if len(bytes.TrimLeft(src[from:at], " \t")) != 0 {
		return Line{}, false
	}
	end := at + bytes.IndexByte(src[at:], '\n')
	if end < at || tf.Offset(stmt.End()) > end {
		return Line{}, false
	}
	return Line{
		Start: start,
		End:   tf.Pos(end + 1),
		Text:  bytes.TrimRight(append([]byte(nil), src[at:end]...), " \t\r"),
	}, true
}

// Indent returns the blanks that precede pos on its line, or false when
// something else does.
func Indent(pass *analysis.Pass, pos token.Pos) ([]byte, bool) {
	tf, src, ok := Source(pass, pos)
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

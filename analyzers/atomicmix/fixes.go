package atomicmix

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// atomicFix rewrites every racing plain access of a variable into the
// sync/atomic call with the same meaning: a read x into atomic.LoadT(&x),
// x = v into atomic.StoreT(&x, v), x++ and x += v into atomic.AddT(&x, …).
// It is offered only when every access has such a form (not x *= 2, not a
// read inside a rewritten statement, not an unsigned decrement), the
// variable's type is exactly int32, int64, uint32, uint64 or uintptr, and
// each file already imports sync/atomic.
func (c *checker) atomicFix(vr *variable, racing []*plainUse) (analysis.SuggestedFix, bool) {
	typ, ok := atomicSuffix(vr.key.v.Type())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	for _, p := range racing {
		f := c.fileOf(p.id.Pos())
		pkg := atomicImport(f)
		if pkg == "" || !c.pass.TypesInfo.Types[p.node].Addressable() {
			return analysis.SuggestedFix{}, false
		}
		x, ok := c.source(p.node)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		if !p.write {
			edits = append(edits, analysis.TextEdit{
				Pos: p.node.Pos(), End: p.node.End(),
				NewText: fmt.Appendf(nil, "%s.Load%s(&%s)", pkg, typ, x),
			})
			continue
		}
		stmt := p.cur.Parent().Node()
		if p.node != p.id {
			stmt = p.cur.Parent().Parent().Node()
		}
		var text string
		signed := typ == "Int32" || typ == "Int64"
		switch s := stmt.(type) {
		case *ast.IncDecStmt:
			if ast.Unparen(s.X) != p.node {
				return analysis.SuggestedFix{}, false
			}
			switch {
			case s.Tok == token.INC:
				text = fmt.Sprintf("%s.Add%s(&%s, 1)", pkg, typ, x)
			case signed:
				text = fmt.Sprintf("%s.Add%s(&%s, -1)", pkg, typ, x)
			default:
				return analysis.SuggestedFix{}, false
			}
		case *ast.AssignStmt:
			if len(s.Lhs) != 1 || len(s.Rhs) != 1 || ast.Unparen(s.Lhs[0]) != p.node {
				return analysis.SuggestedFix{}, false
			}
			v, ok := c.source(s.Rhs[0])
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			switch {
			case s.Tok == token.ASSIGN:
				text = fmt.Sprintf("%s.Store%s(&%s, %s)", pkg, typ, x, v)
			case s.Tok == token.ADD_ASSIGN:
				text = fmt.Sprintf("%s.Add%s(&%s, %s)", pkg, typ, x, v)
			case s.Tok == token.SUB_ASSIGN && signed:
				text = fmt.Sprintf("%s.Add%s(&%s, -(%s))", pkg, typ, x, v)
			default:
				return analysis.SuggestedFix{}, false
			}
		default:
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)})
	}
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return cmp.Compare(a.Pos, b.Pos) })
	for i := 1; i < len(edits); i++ {
		if edits[i].Pos < edits[i-1].End {
			return analysis.SuggestedFix{}, false // a read inside a rewritten statement
		}
	}
	n := "access"
	if len(racing) > 1 {
		n = strconv.Itoa(len(racing)) + " accesses"
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Use sync/atomic for the plain %s of %s", n, vr.key.v.Name()),
		TextEdits: edits,
	}, true
}

// atomicSuffix names the sync/atomic functions for t ("Int64" for
// AddInt64), when t is exactly a type they take a pointer to.
func atomicSuffix(t types.Type) (string, bool) {
	b, ok := types.Unalias(t).(*types.Basic)
	if !ok {
		return "", false
	}
	switch b.Kind() {
	case types.Int32:
		return "Int32", true
	case types.Int64:
		return "Int64", true
	case types.Uint32:
		return "Uint32", true
	case types.Uint64:
		return "Uint64", true
	case types.Uintptr:
		return "Uintptr", true
	}
	return "", false
}

// atomicImport returns the name under which f imports sync/atomic, or "".
func atomicImport(f *ast.File) string {
	if f == nil {
		return ""
	}
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err != nil || path != "sync/atomic" {
			continue
		}
		if imp.Name == nil {
			return "atomic"
		}
		if imp.Name.Name == "_" || imp.Name.Name == "." {
			return ""
		}
		return imp.Name.Name
	}
	return ""
}

// source returns the text of n as written.
func (c *checker) source(n ast.Node) (string, bool) { return c.text(n.Pos(), n.End()) }

// text returns the source text from pos to end.
func (c *checker) text(pos, end token.Pos) (string, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil || c.pass.ReadFile == nil {
		return "", false
	}
	data, ok := c.srcs[tf]
	if !ok {
		var err error
		data, err = c.pass.ReadFile(tf.Name())
		if err != nil {
			data = nil
		}
		c.srcs[tf] = data
	}
	if !pos.IsValid() || end < pos || int(end) > tf.Base()+tf.Size() {
		return "", false
	}
	i, j := tf.Offset(pos), tf.Offset(end)
	if data == nil || j > len(data) {
		return "", false
	}
	return string(data[i:j]), true
}

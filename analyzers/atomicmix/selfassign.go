package atomicmix

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/srcedit"
)

// selfAssigns reports assignments of a sync/atomic read-modify-write
// call's result to the variable the call operates on: x = atomic.AddInt64(&x,
// 1), *p = atomic.AddInt64(p, 1), and the same in tuple assignments and
// short variable declarations that reuse x. The assignment is a plain
// store that races with every atomic access of x, the call's included: an
// add made by another goroutine between the call and the store is lost.
// The identifiers naming x on the left are marked as operands, so that the
// mixed-access report does not count the same store again.
func (c *checker) selfAssigns() {
	for cur := range c.insp.Root().Preorder((*ast.AssignStmt)(nil)) {
		as := cur.Node().(*ast.AssignStmt)
		if (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, rhs := range as.Rhs {
			call, ok := ast.Unparen(rhs).(*ast.CallExpr)
			if !ok {
				continue
			}
			fn := c.atomicCall(call)
			if fn == nil || !returnsUpdate(fn.Name()) || len(call.Args) != 2 {
				continue
			}
			lhs := as.Lhs[i]
			if !c.sameLocation(lhs, call.Args[0]) {
				continue
			}
			if file := c.fileOf(as.Pos()); file == nil || srcedit.Generated(file) {
				continue
			}
			if id := c.named(lhs); id != nil {
				c.operand[id] = true
			}
			c.reportSelfAssign(as, i, call, fn)
		}
	}
}

// returnsUpdate reports whether the sync/atomic function of that name
// changes the variable and returns a value of its type: Add (the new
// value), And, Or and Swap (the old one).
func returnsUpdate(name string) bool {
	for _, p := range []string{"Add", "And", "Or", "Swap"} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "Pointer" {
			return true
		}
	}
	return false
}

func (c *checker) reportSelfAssign(as *ast.AssignStmt, i int, call *ast.CallExpr, fn *types.Func) {
	name := types.ExprString(as.Lhs[i])
	callText := types.ExprString(call)
	var msg string
	if strings.HasPrefix(fn.Name(), "Add") {
		msg = fmt.Sprintf("%s = %s stores the sum back with a plain write: the store races with the atomic accesses of %s, and an add made by another goroutine in between is lost (call %s alone: it already updates %s)",
			name, callText, name, callText, name)
	} else {
		msg = fmt.Sprintf("%s = %s stores the old value back with a plain write: the %s is undone, and the store races with the atomic accesses of %s (call %s alone if the update is meant: it already updates %s)",
			name, callText, strings.ToLower(opName(fn.Name())), name, callText, name)
	}
	d := analysis.Diagnostic{Pos: as.Lhs[i].Pos(), End: as.Lhs[i].End(), Message: msg}
	// Only for Add is the call alone what the assignment does in a single
	// goroutine (the store writes the value the call left); for Swap, And
	// and Or the store undoes the call, so dropping it changes the result.
	if strings.HasPrefix(fn.Name(), "Add") {
		if fix, ok := c.dropAssign(as, i); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.pass.Report(d)
}

// opName returns the operation of a sync/atomic function's name: Swap of
// SwapInt64.
func opName(name string) string {
	for _, p := range []string{"Add", "And", "Or", "Swap"} {
		if strings.HasPrefix(name, p) {
			return p
		}
	}
	return name
}

// dropAssign removes the store of the call's result: x = atomic.AddT(&x, 1)
// becomes the call alone, and in a tuple the variable becomes the blank
// identifier (_, x = 10, atomic.AddT(&x, 1) → _, _ = …; x, w := … → _, w
// := …, which still declares w). Both keep the order of evaluation.
func (c *checker) dropAssign(as *ast.AssignStmt, i int) (analysis.SuggestedFix, bool) {
	msg := "Drop the assignment: the atomic call updates the variable"
	if len(as.Lhs) == 1 {
		if as.Tok != token.ASSIGN {
			return analysis.SuggestedFix{}, false
		}
		return analysis.SuggestedFix{
			Message:   msg,
			TextEdits: []analysis.TextEdit{{Pos: as.Pos(), End: as.Rhs[0].Pos()}},
		}, true
	}
	lhs := as.Lhs[i]
	return analysis.SuggestedFix{
		Message:   msg,
		TextEdits: []analysis.TextEdit{{Pos: lhs.Pos(), End: lhs.End(), NewText: []byte("_")}},
	}, true
}

// sameLocation reports whether the assignment's left side lhs denotes the
// variable that the atomic call's first argument ptr points to: lhs is x
// and ptr is &x, or lhs is *p and ptr is p, with x and p made of the same
// variables, fields and constant or variable indices (nothing evaluated
// twice could differ: no calls).
func (c *checker) sameLocation(lhs, ptr ast.Expr) bool {
	lhs, ptr = ast.Unparen(lhs), ast.Unparen(ptr)
	if u, ok := ptr.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return c.sameExpr(lhs, u.X)
	}
	if s, ok := lhs.(*ast.StarExpr); ok {
		return c.sameExpr(s.X, ptr)
	}
	return false
}

// sameExpr reports whether a and b are the same variable reference: the
// same object, field selections of the same field from the same
// expression, dereferences or index expressions of the same expressions
// with equal constant or identical variable indices.
func (c *checker) sameExpr(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	info := c.pass.TypesInfo
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		if !ok || a.Name == "_" {
			return false
		}
		oa, ob := info.ObjectOf(a), info.ObjectOf(b)
		_, isVar := oa.(*types.Var)
		return isVar && oa == ob
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		sa, sb := info.Selections[a], info.Selections[b]
		if sa == nil || sb == nil {
			// Qualified identifiers: pkg.V.
			return sa == nil && sb == nil && c.sameExpr(a.Sel, b.Sel)
		}
		return sa.Kind() == types.FieldVal && sb.Kind() == types.FieldVal && sa.Obj() == sb.Obj() && c.sameExpr(a.X, b.X)
	case *ast.StarExpr:
		b, ok := b.(*ast.StarExpr)
		return ok && c.sameExpr(a.X, b.X)
	case *ast.IndexExpr:
		b, ok := b.(*ast.IndexExpr)
		if !ok || !c.sameExpr(a.X, b.X) {
			return false
		}
		ta, tb := info.Types[a.Index], info.Types[b.Index]
		if ta.Value != nil && tb.Value != nil {
			return constant.Compare(ta.Value, token.EQL, tb.Value)
		}
		return c.sameExpr(a.Index, b.Index)
	}
	return false
}

package condwait

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// A Wait whose loop condition cannot change: the loop re-checks a value
// computed before the loop (a local copy of the shared state, a
// parameter), so after a wake-up the condition is what it was and the
// loop waits again, forever:
//
//	ready := q.ready
//	for !ready {
//		q.cond.Wait() // reported
//	}
//
// The condition is taken to change when it reads memory (a field, a
// variable captured by a goroutine), calls a function, or depends on a
// value the loop updates (a phi of the loop header), and the loop is
// taken to end when it can leave other than through its condition (a
// break, a return, a panic).

// invariantLoop reports the Wait call when its innermost loop's only exit
// is an if on a value that does not change in the loop.
func (c *checker) invariantLoop(fn *ssa.Function, call *ssa.Call, syntax *ast.CallExpr, name string) {
	wb := call.Block()
	// The loop's header: the nearest dominator of the Wait's block that
	// ends in an if and that the Wait's block reaches again.
	for h := wb.Idom(); h != nil; h = h.Idom() {
		iff, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		loop, ok := c.m.Loop(h)
		if !ok || !loop.Has(wb) {
			continue
		}
		// One successor stays in the loop, the other leaves it.
		in0, in1 := loop.Has(h.Succs[0]), loop.Has(h.Succs[1])
		if in0 == in1 {
			return
		}
		// No other exit: a break, a return or a panic ends the wait.
		for _, b := range fn.Blocks {
			if !loop.Has(b) || b == h {
				continue
			}
			if len(b.Succs) == 0 {
				return
			}
			for _, s := range b.Succs {
				if !loop.Has(s) {
					return
				}
			}
		}
		if !invariant(iff.Cond, loop, 0) {
			return
		}
		cond := "its condition"
		if fs, ok := enclosingFor(c, syntax); ok && fs.Cond != nil {
			cond = types.ExprString(fs.Cond)
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: syntax.Pos(),
			Message: fmt.Sprintf("%s.Wait in a loop whose condition %s cannot change while it waits: nothing in the loop reads the shared state again, so once the loop is entered it waits forever (test the shared state itself in the loop condition)",
				name, cond),
		})
		return
	}
}

// invariant reports whether v has the same value on every iteration of
// loop: a constant, a parameter, or a value computed outside the loop, or
// in it by pure operations on such values.
func invariant(v ssa.Value, loop model.BlockSet, depth int) bool {
	if depth > 8 {
		return false
	}
	switch v.(type) {
	case *ssa.Const, *ssa.Parameter:
		return true
	case *ssa.Global, *ssa.FreeVar, *ssa.Function:
		return false // an address (or a closure): what matters is the load
	}
	instr, ok := v.(ssa.Instruction)
	if !ok || instr.Block() == nil {
		return false
	}
	if !loop.Has(instr.Block()) {
		// Computed before the loop: a value, unless it is an address
		// whose contents the loop may read (the load is then in the
		// loop, and is not pure).
		return true
	}
	var ops []ssa.Value
	switch v := v.(type) {
	case *ssa.BinOp:
		ops = []ssa.Value{v.X, v.Y}
	case *ssa.UnOp:
		if v.Op == token.MUL || v.Op == token.ARROW {
			return false // a load or a receive
		}
		ops = []ssa.Value{v.X}
	case *ssa.Convert:
		ops = []ssa.Value{v.X}
	case *ssa.ChangeType:
		ops = []ssa.Value{v.X}
	default:
		return false // phis, calls, loads through fields…
	}
	for _, op := range ops {
		if !invariant(op, loop, depth+1) {
			return false
		}
	}
	return true
}

// enclosingFor returns the innermost for statement around the Wait.
func enclosingFor(c *checker, syntax *ast.CallExpr) (*ast.ForStmt, bool) {
	file := srcedit.FileOf(c.pass, syntax.Pos())
	if file == nil {
		return nil, false
	}
	for _, n := range srcedit.Enclosing(file, syntax.Pos(), syntax.End()) {
		if fs, ok := n.(*ast.ForStmt); ok {
			return fs, true
		}
	}
	return nil, false
}

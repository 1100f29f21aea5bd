package holdblock

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// reportChan reports op, or the call of the function performing it.
func (c *checker) reportChan(op *model.ChanOp, call *ssa.Call, h model.Held, x *model.ChanOp, n need) {
	ch := c.chanName(op)
	mu := c.mutexName(h)
	var what, does, side, before, release string
	switch op.Kind {
	case model.Send:
		what, does, side, release = "send on "+ch, "sends on "+ch, "receiver", "sending"
	default:
		what, does, side, release = "receive from "+ch, "receives from "+ch, "sender", "receiving"
	}
	var xverb string
	switch x.Kind {
	case model.Send:
		before, xverb = "sending", "sends"
	case model.Close:
		before, xverb = "closing it", "closes it"
	default:
		before, xverb = "receiving", "receives"
	}
	who := describe(x.Func)
	pos := op.Pos
	var msg string
	related := []analysis.RelatedInformation{
		{Pos: h.Lock.Pos, Message: mu + " is locked here"},
		{Pos: n.pos, Message: who + " " + n.verb() + " " + mu + " here" + n.where()},
		{Pos: x.Pos, Message: "and " + xverb + " here"},
	}
	if call == nil {
		msg = fmt.Sprintf("%s blocks while holding %s, and its %s (%s) %s before %s; release the lock before %s",
			what, mu, side, who, c.needText(n, mu, x.Pos), before, release)
	} else {
		pos = callPos(c.m, call)
		callee := baseName(call.Common().StaticCallee())
		msg = fmt.Sprintf("%s %s, which blocks while holding %s, and its %s (%s) %s before %s; release the lock before calling %s",
			callee, does, mu, side, who, c.needText(n, mu, x.Pos), before, callee)
		related = append([]analysis.RelatedInformation{{Pos: op.Pos, Message: callee + " " + does + " here"}}, related...)
	}
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: "holdblock", Message: msg, Related: related})
}

// reportSelect reports a select all of whose cases wait for goroutines
// that need the mutex of h.
func (c *checker) reportSelect(sel *model.Select, h model.Held, op, x *model.ChanOp, n need) {
	mu := c.mutexName(h)
	who := describe(x.Func)
	var xverb string
	switch x.Kind {
	case model.Send:
		xverb = "sending on"
	case model.Close:
		xverb = "closing"
	default:
		xverb = "receiving from"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      sel.Pos,
		Category: "holdblock",
		Message: fmt.Sprintf("select blocks while holding %s, and every goroutine that could complete one of its cases locks %s first (%s %s before %s %s); release the lock before the select",
			mu, mu, who, c.needText(n, mu, x.Pos), xverb, c.chanName(op)),
		Related: []analysis.RelatedInformation{
			{Pos: h.Lock.Pos, Message: mu + " is locked here"},
			{Pos: n.pos, Message: who + " " + n.verb() + " " + mu + " here" + n.where()},
			{Pos: x.Pos, Message: "and completes the case here"},
		},
	})
}

func (c *checker) reportWait(op *model.WGOp, h model.Held, f *model.Func, n need) {
	wg := c.recvName(op.Syntax, op.WG)
	mu := c.mutexName(h)
	who := describe(f)
	c.pass.Report(analysis.Diagnostic{
		Pos:      op.Pos,
		Category: "holdblock",
		Message: fmt.Sprintf("%s.Wait blocks while holding %s, and a goroutine it waits for (%s) %s before %s.Done; release the lock before waiting",
			wg, mu, who, c.needText(n, mu, token.NoPos), wg),
		Related: []analysis.RelatedInformation{
			{Pos: h.Lock.Pos, Message: mu + " is locked here"},
			{Pos: n.pos, Message: who + " " + n.verb() + " " + mu + " here" + n.where()},
		},
	})
}

// reportWaitCall reports a call of a helper that waits on wg while the
// caller holds the mutex a goroutine wg counts needs.
func (c *checker) reportWaitCall(call *model.Call, wg model.Ref, h model.Held, f *model.Func, n need) {
	name := wg.String()
	mu := c.mutexName(h)
	who := describe(f)
	callee := call.Callee.Name()
	if pkg := call.Callee.Pkg(); pkg != nil && pkg != c.pass.Pkg {
		callee = pkg.Name() + "." + callee
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      call.Pos,
		Category: "holdblock",
		Message: fmt.Sprintf("%s waits on %s (%s.Wait) while the caller holds %s, and a goroutine it waits for (%s) %s before %s.Done; release the lock before calling %s",
			callee, name, name, mu, who, c.needText(n, mu, token.NoPos), name, callee),
		Related: []analysis.RelatedInformation{
			{Pos: h.Lock.Pos, Message: mu + " is locked here"},
			{Pos: n.pos, Message: who + " " + n.verb() + " " + mu + " here" + n.where()},
		},
	})
}

func (c *checker) mutexName(h model.Held) string {
	if h.Call != nil {
		return h.Mutex.String() // locked by a helper: s.lock()
	}
	name := c.recvName(h.Lock.Syntax, h.Mutex)
	if h.Lock.Syntax != nil && len(h.Mutex.Fields) > 0 {
		// x.Lock() on a struct embedding the mutex: name the field.
		if sel, ok := ast.Unparen(h.Lock.Syntax.Fun).(*ast.SelectorExpr); ok {
			if t := c.pass.TypesInfo.TypeOf(sel.X); t != nil && !model.IsSync(t, "Mutex", "RWMutex") {
				name += "." + h.Mutex.Fields[len(h.Mutex.Fields)-1].Name()
			}
		}
	}
	return name
}

// recvName returns the source of x in a call x.M(), or r's description.
func (c *checker) recvName(call *ast.CallExpr, r model.Ref) string {
	if call != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return r.String()
}

// chanName returns the source of the channel operand of op.
func (c *checker) chanName(op *model.ChanOp) string {
	if f := op.Func.File; f != nil {
		path := srcedit.Enclosing(f, op.Pos, op.Pos)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.SendStmt:
				if n.Arrow == op.Pos {
					return types.ExprString(n.Chan)
				}
			case *ast.UnaryExpr:
				if n.OpPos == op.Pos && n.Op == token.ARROW {
					return types.ExprString(n.X)
				}
			case *ast.RangeStmt:
				if n.For == op.Pos {
					return types.ExprString(n.X)
				}
			}
		}
	}
	return op.Chan.String()
}

// describe names a function for messages: a declared function or method by
// its name, a literal by where it is.
func describe(f *model.Func) string {
	fn := f.Fn
	if fn.Parent() == nil {
		return baseName(fn)
	}
	outer := fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	if len(f.SpawnedBy) > 0 {
		return "the goroutine started in " + baseName(outer)
	}
	return "a function literal in " + baseName(outer)
}

func baseName(fn *ssa.Function) string {
	name := fn.Name()
	if i := strings.IndexByte(name, '#'); i >= 0 {
		name = name[:i]
	}
	return name
}

// verb says how the other side takes the mutex.
func (n need) verb() string {
	if n.read {
		return "read-locks"
	}
	return "locks"
}

// where says through which function the other side takes the mutex.
func (n need) where() string {
	if n.via != "" {
		return " (in " + n.via + ")"
	}
	return ""
}

// needText describes how the other side takes mu on its way to its
// operation at op (NoPos: to its end): "read-locks db.mtx (in truncate, when its select takes the
// case at line 756)". A Lock inside a select case that op is not in is
// taken only when that case wins.
func (c *checker) needText(n need, mu string, op token.Pos) string {
	var notes []string
	if n.via != "" {
		notes = append(notes, "in "+n.via)
	}
	if clause := c.commClause(n); clause != nil && (!op.IsValid() || op < clause.Pos() || op >= clause.End()) {
		notes = append(notes, fmt.Sprintf("when its select takes the case at line %d", c.pass.Fset.Position(clause.Case).Line))
	}
	text := n.verb() + " " + mu
	if len(notes) > 0 {
		text += " (" + strings.Join(notes, ", ") + ")"
	}
	return text
}

// commClause returns the innermost select case of n's function that holds
// n's Lock or call, or nil.
func (c *checker) commClause(n need) *ast.CommClause {
	if n.fn == nil || n.fn.File == nil || n.fn.Syntax == nil || !n.pos.IsValid() {
		return nil
	}
	path := srcedit.Enclosing(n.fn.File, n.pos, n.pos)
	for _, p := range path {
		switch p := p.(type) {
		case *ast.CommClause:
			return p
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// Package chanuse follows a channel made in a function through the code that
// can touch it, for the channel-lifecycle checks (leakrecv, chanclose).
//
// The model records each operation with the Ref of its channel; what it does
// not say is whether a channel stays inside the function that makes it. Use
// answers that: it walks the SSA uses of a make through variables, captures
// and parameters of literals that are called, deferred or started right where
// they are made (go, WaitGroup.Go, errgroup.Group.Go), and gives up — the
// channel escapes — at any other use.
//
// It also holds the small control-flow and syntax helpers both checks share.
package chanuse

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// Op is one operation on a followed channel.
type Op struct {
	Kind     model.ChanOpKind // Send, Recv, Range or Close
	Instr    ssa.Instruction
	Fn       *ssa.Function
	Pos      token.Pos
	Select   *ssa.Select // the select of a case, nil for a bare operation
	Case     int         // the case's index in Select
	Deferred bool        // defer close(ch)
	// Callee is set for an operation known only from the fact of a
	// function of another package (see Options.Named): Instr is the call,
	// Fn the callee, Arg the channel's index among its parameters (the
	// receiver first), Repeat that the operation can run more than once.
	Callee *types.Func
	Arg    int
	Repeat bool
}

// Options changes how Follow treats calls of declared functions.
type Options struct {
	// Named, when set, is asked about every call of a declared function or
	// method (not a literal) that is passed the channel as argument arg:
	// follow into fn's body (only done for a function of the channel's
	// package with a body, not generic), record ops instead, or let the
	// channel escape (ok false). When nil, a call of a function of the
	// package is followed and any other escapes.
	Named func(call ssa.CallInstruction, fn *ssa.Function, arg int) (follow bool, ops []*Op, ok bool)
	// NoGroupGo makes a literal passed to (*sync.WaitGroup).Go or
	// (*errgroup.Group).Go an escape, as any other literal passed on.
	NoGroupGo bool
}

// Use is everything that touches a channel that does not escape.
type Use struct {
	Ops []*Op
	// Funcs are the functions whose code refers to the channel: the maker
	// and the literals it binds the channel to.
	Funcs map[*ssa.Function]bool
}

// Has reports whether any operation is of kind k.
func (u *Use) Has(k model.ChanOpKind) bool {
	for _, op := range u.Ops {
		if op.Kind == k {
			return true
		}
	}
	return false
}

// Follow returns the uses of the channel made by mk, or false when the
// channel escapes: returned, stored in a field, a global, a slice, a map or
// a variable that is assigned twice, sent on another channel, converted to
// an interface, passed to a function of another package, a generic function
// or through an interface, merged in a phi, or captured by a literal that is
// stored or passed on. A channel passed to a function or method of the
// package (called, deferred or started with go) is followed into its body.
func Follow(m *model.Model, mk *ssa.MakeChan) (*Use, bool) {
	return FollowWith(m, mk, Options{})
}

// FollowWith is Follow with options.
func FollowWith(m *model.Model, mk *ssa.MakeChan, opts Options) (*Use, bool) {
	u := &Use{Funcs: map[*ssa.Function]bool{}}
	kindOf := func(in ssa.Instruction) model.ChanOpKind {
		if f := m.Func(in.Parent()); f != nil {
			for _, op := range f.ChanOps {
				if op.Instr == in && op.Kind == model.Range {
					return model.Range
				}
			}
		}
		return model.Recv
	}
	add := func(k model.ChanOpKind, in ssa.Instruction, pos token.Pos, sel *ssa.Select, state int, deferred bool) {
		u.Ops = append(u.Ops, &Op{Kind: k, Instr: in, Fn: in.Parent(), Pos: pos, Select: sel, Case: state, Deferred: deferred})
		u.Funcs[in.Parent()] = true
	}
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value) bool
	var cell func(a ssa.Value, init *ssa.Store) bool
	// closure follows the channel into the literal of mc, bound as binding
	// value v.
	closure := func(mc *ssa.MakeClosure, v ssa.Value, follow func(ssa.Value) bool) bool {
		if !calledOnly(mc, !opts.NoGroupGo) {
			return false
		}
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return false
		}
		for i, b := range mc.Bindings {
			if b == v && (i >= len(fn.FreeVars) || !follow(fn.FreeVars[i])) {
				return false
			}
		}
		return true
	}
	cell = func(a ssa.Value, init *ssa.Store) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		if p := parentOf(a); p != nil {
			u.Funcs[p] = true
		}
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Store:
				if r != init || r.Addr != a {
					return false
				}
			case *ssa.UnOp:
				if r.Op != token.MUL || !walk(r) {
					return false
				}
			case *ssa.MakeClosure:
				if !closure(r, a, func(fv ssa.Value) bool { return cell(fv, init) }) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		if p := parentOf(v); p != nil {
			u.Funcs[p] = true
		}
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Send:
				if r.X == v {
					return false
				}
				add(model.Send, r, r.Pos(), nil, 0, false)
			case *ssa.UnOp:
				if r.Op != token.ARROW {
					return false
				}
				add(kindOf(r), r, r.Pos(), nil, 0, false)
			case *ssa.BinOp:
				if r.Op != token.EQL && r.Op != token.NEQ {
					return false
				}
			case *ssa.Select:
				for i, st := range r.States {
					if st.Send == v {
						return false
					}
					if st.Chan == v {
						k := model.Recv
						if st.Dir == types.SendOnly {
							k = model.Send
						}
						add(k, r, st.Pos, r, i, false)
					}
				}
			case *ssa.Store:
				a, ok := r.Addr.(*ssa.Alloc)
				if !ok || r.Val != v || !cell(a, r) {
					return false
				}
			case *ssa.ChangeType:
				if !walk(r) {
					return false
				}
			case *ssa.MakeClosure:
				if !closure(r, v, walk) {
					return false
				}
			case ssa.CallInstruction:
				common := r.Common()
				if common.IsInvoke() {
					return false
				}
				if b, ok := common.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "close":
						_, deferred := r.(*ssa.Defer)
						add(model.Close, r, CallPos(m, r), nil, 0, deferred)
						continue
					case "len", "cap":
						continue
					}
					return false
				}
				var fn *ssa.Function
				switch callee := common.Value.(type) {
				case *ssa.Function:
					fn = callee
				case *ssa.MakeClosure:
					fn, _ = callee.Fn.(*ssa.Function)
				}
				if fn == nil {
					return false
				}
				follow := true
				if fn.Parent() == nil && opts.Named != nil {
					for i, a := range common.Args {
						if a != v {
							continue
						}
						f, ops, ok := opts.Named(r, fn, i)
						if !ok {
							return false
						}
						u.Ops = append(u.Ops, ops...)
						follow = follow && f
					}
				}
				if !follow {
					continue
				}
				if len(fn.Params) != len(common.Args) || fn.Signature.Variadic() {
					return false
				}
				if fn.Parent() == nil && !ownCode(fn, mk) {
					return false
				}
				for i, a := range common.Args {
					if a == v && !walk(fn.Params[i]) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	if !walk(mk) {
		return nil, false
	}
	return u, true
}

// ownCode reports whether fn is a declared function or method of mk's
// package with a body, not generic: its code can be followed.
func ownCode(fn *ssa.Function, mk *ssa.MakeChan) bool {
	return fn.Pkg != nil && fn.Pkg == mk.Parent().Pkg && len(fn.Blocks) > 0 && fn.Synthetic == "" &&
		fn.Origin() == nil && fn.TypeParams().Len() == 0
}

func parentOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case ssa.Instruction:
		return v.Parent()
	case *ssa.FreeVar:
		return v.Parent()
	case *ssa.Parameter:
		return v.Parent()
	}
	return nil
}

// calledOnly reports whether the closure mc is only called, deferred or
// started right where it is made: by a call, a defer or go statement, or,
// when groupGo, as the function of (*sync.WaitGroup).Go or
// (*errgroup.Group).Go.
func calledOnly(mc *ssa.MakeClosure, groupGo bool) bool {
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case ssa.CallInstruction:
			common := r.Common()
			if common.Value == mc {
				for _, a := range common.Args {
					if a == mc {
						return false
					}
				}
				continue
			}
			if _, isCall := r.(*ssa.Call); !groupGo || !isCall || !IsGoMethod(common) || len(common.Args) != 2 || common.Args[1] != mc || common.Args[0] == mc {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// IsGoMethod reports whether common calls (*sync.WaitGroup).Go or
// (*errgroup.Group).Go / TryGo.
func IsGoMethod(common *ssa.CallCommon) bool {
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	recv := model.RecvName(obj)
	switch obj.Pkg().Path() {
	case "sync":
		return recv == "WaitGroup" && obj.Name() == "Go"
	case "golang.org/x/sync/errgroup":
		return recv == "Group" && (obj.Name() == "Go" || obj.Name() == "TryGo")
	}
	return false
}

// CallPos returns where the call expression of c starts (after defer or go).
func CallPos(m *model.Model, c ssa.CallInstruction) token.Pos {
	if call := m.CallSyntax(c); call != nil {
		return call.Pos()
	}
	return c.Pos()
}

// Between returns the instructions that can run after from and before to in
// one call of their function: the rest of from's block, every block on a
// path from from's block to to's block, and the start of to's block. With
// to nil, every instruction that can run after from. The paths are the
// model's: Forward from from, and Reaches to to.
func Between(m *model.Model, from, to ssa.Instruction) []ssa.Instruction {
	fb := from.Block()
	if fb == nil {
		return nil
	}
	fwd := m.Forward(from, nil, nil) // the blocks entered after from
	var tb *ssa.BasicBlock
	if to != nil {
		tb = to.Block()
		if tb == nil {
			return nil
		}
	}
	// back reports whether b reaches to's block in one or more steps.
	back := func(b *ssa.BasicBlock) bool {
		if b == tb {
			return m.OnCycle(b)
		}
		return len(b.Instrs) > 0 && m.Reaches(b.Instrs[0], to)
	}
	var out []ssa.Instruction
	for _, b := range fb.Parent().Blocks {
		inF := b == fb || fwd.Has(b)
		inT := to == nil || b == tb || back(b)
		if !inF || !inT {
			continue
		}
		lo, hi := 0, len(b.Instrs)
		if b == fb && !fwd.Has(b) {
			lo = model.Index(b, from) + 1 // fb cannot run again
		}
		if to != nil && b == tb && !back(b) {
			hi = model.Index(b, to) // to's block is not left and reentered
		}
		for i := max(lo, 0); i < hi; i++ {
			out = append(out, b.Instrs[i])
		}
	}
	return out
}

// PathTo returns the syntax enclosing pos in f, innermost first.
func PathTo(f *ast.File, pos token.Pos) []ast.Node {
	if f == nil || !pos.IsValid() {
		return nil
	}
	path := srcedit.Enclosing(f, pos, pos)
	return path
}

// FuncBody returns the body of a function's syntax (*ast.FuncDecl or
// *ast.FuncLit), or nil.
func FuncBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// TopLevel reports whether the statement at pos is a statement of body
// itself (not nested in an if, switch, select, loop or block).
func TopLevel(f *ast.File, body *ast.BlockStmt, pos token.Pos) bool {
	if body == nil {
		return false
	}
	path := PathTo(f, pos)
	for i, n := range path {
		if n == body {
			return i >= 1 && isStmt(path[i-1])
		}
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.CaseClause, *ast.CommClause, *ast.ForStmt,
			*ast.RangeStmt, *ast.LabeledStmt:
			return false
		}
	}
	return false
}

func isStmt(n ast.Node) bool {
	_, ok := n.(ast.Stmt)
	return ok
}

// LeavesLoop reports whether the body of loop (a *ast.ForStmt or
// *ast.RangeStmt) can leave it other than by finishing: a return, a goto, a
// break of this loop or of an outer statement, a labelled continue of an
// outer loop, or a call that does not return (panic, os.Exit, log.Fatal,
// t.Fatal, runtime.Goexit).
func LeavesLoop(loop ast.Stmt) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	default:
		return true
	}
	leaves := false
	// depth counts the statements between loop and n that an unlabelled
	// break would stop at.
	var visit func(n ast.Node, breakable int)
	visit = func(n ast.Node, breakable int) {
		ast.Inspect(n, func(x ast.Node) bool {
			if leaves || x == nil {
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				leaves = true
			case *ast.BranchStmt:
				switch x.Tok {
				case token.GOTO:
					leaves = true
				case token.BREAK:
					if x.Label != nil || breakable == 0 {
						leaves = true // a labelled break is taken to leave (conservative)
					}
				case token.CONTINUE:
					if x.Label != nil {
						leaves = true
					}
				}
			case *ast.CallExpr:
				if noReturnCall(x) {
					leaves = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if x != n {
					var inner ast.Node
					switch s := x.(type) {
					case *ast.ForStmt:
						inner = s.Body
						if s.Init != nil {
							visit(s.Init, breakable)
						}
						if s.Cond != nil {
							visit(s.Cond, breakable)
						}
					case *ast.RangeStmt:
						inner = s.Body
						visit(s.X, breakable)
					case *ast.SwitchStmt:
						inner = s.Body
						if s.Init != nil {
							visit(s.Init, breakable)
						}
						if s.Tag != nil {
							visit(s.Tag, breakable)
						}
					case *ast.TypeSwitchStmt:
						inner = s.Body
					case *ast.SelectStmt:
						inner = s.Body
					}
					visit(inner, breakable+1)
					return false
				}
			}
			return true
		})
	}
	visit(body, 0)
	return leaves
}

// noReturnCall reports whether call is panic or a well-known function that
// does not return.
func noReturnCall(call *ast.CallExpr) bool {
	var name string
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = f.Name
		if name == "panic" {
			return true
		}
		return false
	case *ast.SelectorExpr:
		name = f.Sel.Name
	}
	switch name {
	case "Exit", "Fatal", "Fatalf", "Fatalln", "FailNow", "Goexit", "Panic", "Panicf", "Panicln",
		"Skip", "Skipf", "SkipNow":
		return true
	}
	return false
}

// commChan is the channel of a select case's communication.
func commChan(comm ast.Stmt) ast.Expr {
	var x ast.Expr
	switch c := comm.(type) {
	case *ast.SendStmt:
		return c.Chan
	case *ast.ExprStmt:
		x = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			x = c.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// Name returns a short source name for the channel expression at pos in f
// (the operand of a receive, range, send, close or select case), or "the
// channel".
func Name(f *ast.File, pos token.Pos) string {
	for _, n := range PathTo(f, pos) {
		var x ast.Expr
		switch n := n.(type) {
		case *ast.RangeStmt:
			x = n.X
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				x = n.X
			}
		case *ast.SendStmt:
			x = n.Chan
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				x = n.Args[0]
			}
		case *ast.CommClause:
			x = commChan(n.Comm)
		}
		if x != nil {
			s := types.ExprString(x)
			if len(s) > 40 {
				return "the channel"
			}
			return s
		}
	}
	return "the channel"
}

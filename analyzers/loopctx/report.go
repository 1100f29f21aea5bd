package loopctx

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// ctxSource is a context.Context the goroutine can see.
type ctxSource struct {
	name  string    // as written in messages: ctx, s.ctx
	pos   token.Pos // its declaration
	kind  string    // "parameter", "captured variable", "variable", "field"
	field *types.Var
	obj   types.Object
}

// sources returns the contexts in scope at pos in the goroutine's function:
// its context parameters, the contexts it captures, its own context
// variables declared before pos, and the context fields of its receiver.
func (c *checker) sources(g *goroutineInfo, pos token.Pos) []ctxSource {
	info := c.pass.TypesInfo
	var out []ctxSource
	seen := map[types.Object]bool{}
	add := func(obj types.Object, name, kind string, field *types.Var) {
		if obj == nil || seen[obj] {
			return
		}
		if field == nil && c.uncancellable(obj) {
			return // context.Background(): nothing cancels it
		}
		seen[obj] = true
		out = append(out, ctxSource{name: name, pos: obj.Pos(), kind: kind, field: field})
	}
	// Parameters.
	if g.ftype != nil && g.ftype.Params != nil {
		for _, f := range g.ftype.Params.List {
			for _, n := range f.Names {
				if obj := info.Defs[n]; obj != nil && model.IsContext(obj.Type()) {
					add(obj, n.Name, "parameter", nil)
				}
			}
		}
	}
	// The function's own variables declared before pos (a literal's
	// enclosing functions' variables count only when it uses them: see the
	// captured ones below).
	var lo, hi token.Pos
	if g.syntax != nil {
		lo, hi = g.syntax.Pos(), g.syntax.End()
	}
	if f := srcedit.FileOf(c.pass, pos); f != nil {
		if fscope := info.Scopes[f]; fscope != nil {
			for s := fscope.Innermost(pos); s != nil && s != fscope && s != c.pass.Pkg.Scope() && s != types.Universe; s = s.Parent() {
				for _, name := range s.Names() {
					obj, ok := s.Lookup(name).(*types.Var)
					if ok && obj.Pos() < pos && lo <= obj.Pos() && obj.Pos() < hi && model.IsContext(obj.Type()) {
						add(obj, name, "variable", nil)
					}
				}
			}
		}
	}
	// Captured contexts, and the receiver of the enclosing method.
	var recvObj types.Object
	var recvType types.Type
	if lit, ok := g.syntax.(*ast.FuncLit); ok {
		if decl := c.enclosingDecl(lit.Pos()); decl != nil && decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
			recvObj = info.Defs[decl.Recv.List[0].Names[0]]
		}
		captured := false
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj, ok := info.Uses[id].(*types.Var)
			if !ok || obj.IsField() || obj.Parent() == nil || obj.Parent() == c.pass.Pkg.Scope() {
				return true
			}
			if obj.Pos() >= lit.Pos() && obj.Pos() < lit.End() {
				return true // the literal's own
			}
			if recvObj != nil && obj == recvObj {
				captured = true
			}
			if model.IsContext(obj.Type()) {
				add(obj, obj.Name(), "captured variable", nil)
			}
			return true
		})
		if captured {
			recvType = recvObj.Type()
		} else {
			recvObj = nil
		}
	} else if g.recv != nil && len(g.recv.List) == 1 && len(g.recv.List[0].Names) == 1 {
		recvObj = info.Defs[g.recv.List[0].Names[0]]
		if recvObj != nil {
			recvType = recvObj.Type()
		}
	}
	if recvObj != nil && recvType != nil {
		if p, ok := recvType.Underlying().(*types.Pointer); ok {
			recvType = p.Elem()
		}
		if st, ok := recvType.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				f := st.Field(i)
				if model.IsContext(f.Type()) {
					add(f, recvObj.Name()+"."+f.Name(), "field", f)
				}
			}
		}
	}
	return out
}

// uncancellable reports whether the variable obj is declared with the value
// context.Background() or context.TODO(), and never assigned again in its
// file (a simple look at the syntax).
func (c *checker) uncancellable(obj types.Object) bool {
	if v, ok := c.roots[obj]; ok {
		return v
	}
	v := c.uncancellable1(obj)
	c.roots[obj] = v
	return v
}

func (c *checker) uncancellable1(obj types.Object) bool {
	f := srcedit.FileOf(c.pass, obj.Pos())
	if f == nil {
		return false
	}
	info := c.pass.TypesInfo
	isRoot := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Background" || fn.Name() == "TODO")
	}
	root, assigned := false, false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] == obj && len(n.Values) == len(n.Names) {
					root = isRoot(n.Values[i])
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if info.Defs[id] == obj {
					root = len(n.Rhs) == len(n.Lhs) && isRoot(n.Rhs[i])
				} else if info.Uses[id] == obj {
					assigned = true
				}
			}
		}
		return true
	})
	return root && !assigned
}

// enclosingDecl returns the function declaration around pos.
func (c *checker) enclosingDecl(pos token.Pos) *ast.FuncDecl {
	f := srcedit.FileOf(c.pass, pos)
	if f == nil {
		return nil
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			return fd
		}
	}
	return nil
}

// noExit reports a loop that cannot end.
func (c *checker) noExit(g *goroutineInfo, loop ast.Stmt) bool {
	srcs := c.sources(g, loop.Pos())
	daemon := false
	if len(srcs) == 0 && (g.lifetime || !c.testLeak(g)) {
		// A daemon on purpose, or library code: see "Library code" in
		// the package doc.
		if !daemons || g.lifetime {
			return true
		}
		daemon = true
	}
	var msg string
	switch {
	case daemon:
		msg = "goroutine never stops: the loop has no exit and nothing can end it, so it runs as long as the process (give it a context.Context or a done channel and return when it is done, or document it as a daemon)"
	case len(srcs) > 0:
		ctx := srcs[0].name
		msg = fmt.Sprintf("goroutine never stops: the loop has no exit, so cancelling %s does not end it (select on <-%s.Done() in the loop and return)", ctx, ctx)
	default:
		msg = "goroutine outlives the test: the loop has no exit and nothing can end it (pass a context.Context or a done channel and return when it is closed)"
	}
	c.report(g, loop, msg, srcs)
	return true
}

// ignoresCtx reports a loop with exits that waits on time and never consults
// the context in scope.
func (c *checker) ignoresCtx(g *goroutineInfo, loop ast.Stmt, body *ast.BlockStmt) bool {
	wait, ok := c.scanWaits(loop)
	if !ok || wait == "" {
		return false
	}
	srcs := c.sources(g, loop.Pos())
	if len(srcs) == 0 || c.consults(loop, srcs) {
		return false
	}
	ctx := srcs[0].name
	msg := fmt.Sprintf("goroutine outlives %s: the loop %s and never checks %s, so cancelling it does not stop the loop (select on <-%s.Done() next to the wait and return)", ctx, wait, ctx, ctx)
	c.report(g, loop, msg, srcs)
	return true
}

func (c *checker) report(g *goroutineInfo, loop ast.Stmt, msg string, srcs []ctxSource) {
	var related []analysisRelated
	for _, s := range srcs {
		what := fmt.Sprintf("%s is the goroutine's %s here", s.name, s.kind)
		related = append(related, analysisRelated{s.pos, what})
	}
	if _, ok := g.syntax.(*ast.FuncDecl); ok && len(g.spawns) > 0 {
		related = append(related, analysisRelated{g.spawns[0].Pos, "started as a goroutine here"})
	}
	c.emit(loop.Pos(), msg, related)
}

// scanWaits returns what the loop waits on when it polls time ("sleeps in
// time.Sleep", "waits on a timer"), or "" when it does not. ok is false
// when the loop also receives from a channel that is not a timer's: such a
// channel may be how the goroutine is told to stop.
func (c *checker) scanWaits(loop ast.Stmt) (wait string, ok bool) {
	info := c.pass.TypesInfo
	ok = true
	if r, isRange := loop.(*ast.RangeStmt); isRange && c.isTimerChan(info.TypeOf(r.X)) {
		wait = "ranges over a timer channel"
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if c.isSleep(n) && wait == "" {
				wait = "sleeps in " + types.ExprString(n.Fun)
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if c.isTimerChan(info.TypeOf(n.X)) {
					if wait == "" {
						wait = "waits on a timer"
					}
				} else {
					ok = false
				}
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, isChan := t.Underlying().(*types.Chan); isChan && !c.isTimerChan(t) {
					ok = false
				}
			}
		}
		return true
	})
	return wait, ok
}

// consults reports whether the loop uses a context (any variable or field of
// type context.Context: ctx itself, one derived from it, ctx.Done, ctx.Err,
// ctx passed to a call), or calls a function of this package that reads a
// context field.
func (c *checker) consults(loop ast.Stmt, srcs []ctxSource) bool {
	info := c.pass.TypesInfo
	hasField := false
	for _, s := range srcs {
		if s.field != nil {
			hasField = true
		}
	}
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && model.IsContext(v.Type()) {
				found = true
			}
		case *ast.CallExpr:
			if hasField {
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && c.readsCtxField(fn, 0) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

type mentionKey struct{ fn *types.Func }

// readsCtxField reports whether fn, declared in this package, reads a
// context field in its body or in the functions of this package it calls
// (to a small depth).
func (c *checker) readsCtxField(fn *types.Func, depth int) bool {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	k := mentionKey{fn}
	if v, ok := c.mentions[k]; ok {
		return v
	}
	decl := c.decls[fn]
	if decl == nil || depth > 4 {
		return false
	}
	c.mentions[k] = false // cycles
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if v, ok := info.Uses[n.Sel].(*types.Var); ok && v.IsField() && model.IsContext(v.Type()) {
				found = true
			}
		case *ast.CallExpr:
			if callee, ok := typeutil.Callee(info, n).(*types.Func); ok && c.readsCtxField(callee, depth+1) {
				found = true
			}
		}
		return !found
	})
	c.mentions[k] = found
	return found
}

package atomicmix

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// A copy is an expression that reads (or, assigned to, writes) a whole
// struct value in shared memory whose type contains fields accessed with
// sync/atomic functions: *p, x.f reached through a pointer, s[i] of a
// slice, a package variable, the value of a range over a slice, the
// receiver of a value method called through a pointer.
type copyUse struct {
	node  ast.Node   // where it is reported
	expr  ast.Expr   // the copied expression (for a range: the ranged slice)
	what  string     // "copying *p", "the range value v copies each element of xs"
	write bool       // *dst = …: a plain store of every field
	typ   types.Type // the struct (or array) type copied
	root  *types.Var
	cur   inspector.Cursor
}

// copies reports the copies of struct values with a field that other code
// updates with sync/atomic functions.
func (c *checker) copies() {
	if !slices.ContainsFunc(slices.Collect(maps.Values(c.vars)), func(vr *variable) bool { return vr.key.v.IsField() }) {
		return // no field is accessed atomically
	}
	c.contains = map[string][]*variable{}
	c.holds = map[types.Type]bool{}
	nodes := []ast.Node{(*ast.StarExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.IndexExpr)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil)}
	// An identifier copies a value only when it names a package variable
	// (copyAt): look at identifiers only if one holds an atomic field.
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if v, ok := scope.Lookup(name).(*types.Var); ok && isStruct(v.Type()) && c.holdsAtomic(v.Type()) {
			nodes = append(nodes, (*ast.Ident)(nil))
			break
		}
	}
	for cur := range c.insp.Root().Preorder(nodes...) {
		cu := c.copyAt(cur)
		if cu == nil {
			continue
		}
		c.reportCopy(cu)
	}
}

// copyAt returns the copy made by the node at cur, or nil.
func (c *checker) copyAt(cur inspector.Cursor) *copyUse {
	info := c.pass.TypesInfo
	switch n := cur.Node().(type) {
	case *ast.RangeStmt:
		// for _, v := range xs: each element is copied into v.
		if n.Value == nil || isBlank(n.Value) {
			return nil
		}
		t := info.TypeOf(n.X)
		if t == nil {
			return nil
		}
		var elem types.Type
		indirect := false
		switch u := t.Underlying().(type) {
		case *types.Slice:
			elem, indirect = u.Elem(), true
		case *types.Array:
			elem = u.Elem()
		case *types.Pointer:
			if a, ok := u.Elem().Underlying().(*types.Array); ok {
				elem, indirect = a.Elem(), true
			}
		}
		if elem == nil || !isStruct(elem) {
			return nil
		}
		root, shared := c.sharedRoot(n.X)
		if !shared && !indirect {
			return nil
		}
		return &copyUse{
			node: n.Value, expr: n.X, root: root, cur: cur, typ: elem,
			what: fmt.Sprintf("ranging over %s by value (%s is a copy of each element)", exprString(n.X), exprString(n.Value)),
		}
	case *ast.CallExpr:
		// p.M() for a method M with a value receiver copies *p.
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.MethodVal {
			return nil
		}
		sig, ok := s.Obj().Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			return nil
		}
		if _, ptr := sig.Recv().Type().Underlying().(*types.Pointer); ptr || !isStruct(sig.Recv().Type()) {
			return nil
		}
		if types.IsInterface(sig.Recv().Type()) {
			return nil
		}
		root, shared := c.sharedRoot(sel.X)
		if t := info.TypeOf(sel.X); t != nil {
			if _, ok := t.Underlying().(*types.Pointer); ok {
				shared = true // the method is called on *p
			}
		}
		if !shared {
			return nil
		}
		return &copyUse{
			node: sel, expr: sel.X, root: root, cur: cur,
			typ:  sig.Recv().Type(), // a promoted method copies the embedded value only
			what: fmt.Sprintf("calling %s, whose value receiver is a copy of %s,", exprString(sel), derefString(info, sel.X)),
		}
	}
	e, ok := cur.Node().(ast.Expr)
	if !ok {
		return nil
	}
	tv, ok := info.Types[e]
	if !ok || !tv.IsValue() || !isStruct(tv.Type) || !c.holdsAtomic(tv.Type) {
		return nil
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok || v.IsField() || isLocal(v) || v.Pkg() != c.pass.Pkg {
			return nil
		}
		if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == e {
			return nil // pkg.V: the selector is the expression
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok && s.Kind() != types.FieldVal {
			return nil
		}
	}
	write, ok := c.copyContext(cur, e)
	if !ok {
		return nil
	}
	root, shared := c.sharedRoot(e)
	if !shared {
		return nil
	}
	what := "copying " + exprString(e)
	if write {
		what = "assigning to " + exprString(e)
	}
	return &copyUse{node: e, expr: e, what: what, write: write, root: root, cur: cur, typ: tv.Type}
}

// copyContext reports whether e, at cur, is read (or written) as a whole
// value: assigned, declared, returned, passed, sent, or put in a
// composite literal. A field selection, an index, an address or a
// comparison of e is not a copy.
func (c *checker) copyContext(cur inspector.Cursor, e ast.Expr) (write, ok bool) {
	pc := cur.Parent()
	for {
		if _, ok := pc.Node().(*ast.ParenExpr); !ok {
			break
		}
		pc = pc.Parent()
	}
	is := func(x ast.Expr) bool { return ast.Unparen(x) == e }
	switch p := pc.Node().(type) {
	case *ast.AssignStmt:
		if p.Tok != token.ASSIGN && p.Tok != token.DEFINE {
			return false, false
		}
		if slices.ContainsFunc(p.Rhs, is) {
			return false, true
		}
		if slices.ContainsFunc(p.Lhs, is) {
			return true, true
		}
	case *ast.ValueSpec:
		return false, slices.ContainsFunc(p.Values, is)
	case *ast.ReturnStmt:
		return false, true
	case *ast.SendStmt:
		return false, is(p.Value)
	case *ast.KeyValueExpr:
		if _, ok := pc.Parent().Node().(*ast.CompositeLit); ok && is(p.Value) {
			return false, true
		}
	case *ast.CompositeLit:
		return false, slices.ContainsFunc(p.Elts, is)
	case *ast.CallExpr:
		if !slices.ContainsFunc(p.Args, is) {
			return false, false
		}
		switch callee := c.pass.TypesInfo.Uses[calleeIdent(p.Fun)].(type) {
		case *types.Builtin:
			return false, callee.Name() == "append" // len, unsafe.Sizeof… read nothing
		}
		return false, true
	}
	return false, false
}

func calleeIdent(fun ast.Expr) *ast.Ident {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// sharedRoot returns the local or package variable at the root of e, and
// whether e denotes memory that other goroutines may reach: it follows a
// pointer (*p, p.f with p a pointer, s[i] of a slice) or it is rooted at a
// package variable. An element of a map is a copy already, and a call's
// result is the callee's: not shared.
func (c *checker) sharedRoot(e ast.Expr) (*types.Var, bool) {
	info := c.pass.TypesInfo
	indirect := false
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok {
				return nil, false
			}
			if !isLocal(v) && !v.IsField() {
				return v, true // a package variable
			}
			return v, indirect
		case *ast.StarExpr:
			indirect = true
			e = x.X
		case *ast.SelectorExpr:
			s, ok := info.Selections[x]
			if !ok {
				// pkg.V
				if v, ok := info.Uses[x.Sel].(*types.Var); ok && !v.IsField() {
					return v, v.Pkg() == c.pass.Pkg
				}
				return nil, false
			}
			if s.Kind() != types.FieldVal {
				return nil, false
			}
			if s.Indirect() {
				indirect = true
			}
			e = x.X
		case *ast.IndexExpr:
			t := info.TypeOf(x.X)
			if t == nil {
				return nil, false
			}
			switch t.Underlying().(type) {
			case *types.Slice, *types.Pointer:
				indirect = true
			case *types.Array:
			default:
				return nil, false // a map element, a string byte
			}
			e = x.X
		default:
			return nil, false // a call's result, a conversion, a literal
		}
	}
}

// freshRoot reports whether the copy's root is a local variable that the
// enclosing function set to a new value (&T{…}, new(T), make, the address
// of a local) before the copy: a value not yet shared.
func (c *checker) freshRoot(cu *copyUse, encl ast.Node) bool {
	if cu.root == nil || !isLocal(cu.root) {
		return false
	}
	body := funcBody(encl)
	return body != nil && c.freshVar(cu.root, encl, body, cu.node.Pos())
}

// reportCopy reports cu when it races with an atomic access of a field it
// copies: a read against an atomic write, a write against any atomic
// access, unless the accesses are ordered as the plain accesses' rules
// tell (constructors, tests, after Wait, under the lock every atomic
// write holds, the writer's own read).
func (c *checker) reportCopy(cu *copyUse) {
	t := cu.typ
	if lockPath(t, 0) {
		return // go vet's copylocks reports copies of values holding a lock or an atomic type
	}
	encl := enclosingFunc(cu.cur)
	if encl == nil || c.freshRoot(cu, encl) {
		return
	}
	var vars []*variable
	var with []*atomicUse
	for _, vr := range c.contained(t, 0) {
		if c.snapshot[vr.key] {
			continue
		}
		i := slices.IndexFunc(vr.atomics, func(a *atomicUse) bool { return a.write || cu.write })
		if i < 0 {
			continue // only loaded atomically: a plain read does not race
		}
		p := &plainUse{node: cu.expr, write: cu.write, encl: encl, cur: cu.cur, pos: cu.node.Pos()}
		if c.silent(vr, p) {
			continue
		}
		vars = append(vars, vr)
		with = append(with, vr.atomics[i])
	}
	if len(vars) == 0 {
		return
	}
	vr, a := vars[0], with[0]
	field := vr.key.v.Name()
	if n := c.ownerTypeName(vr); n != "" {
		field = n + "." + field
	}
	more := ""
	if len(vars) > 1 {
		s := "s"
		if len(vars) == 2 {
			s = ""
		}
		more = fmt.Sprintf(" (and %d more atomically updated field%s)", len(vars)-1, s)
	}
	suffix := funcSuffix(a.fn.Name())
	var msg string
	if cu.write {
		msg = fmt.Sprintf("%s writes %s%s without sync/atomic: other goroutines access it with atomic.%s, so the assignment races with them "+
			"(store the fields one by one, %s with atomic.Store%s, or swap a pointer to the struct)",
			cu.what, field, more, a.fn.Name(), vr.key.v.Name(), suffix)
	} else {
		msg = fmt.Sprintf("%s reads %s%s without sync/atomic: other goroutines update it with atomic.%s, so the copy races with them and holds a torn or stale value "+
			"(copy the fields one by one, %s with atomic.Load%s, or keep a pointer to the struct)",
			cu.what, field, more, a.fn.Name(), vr.key.v.Name(), suffix)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:     cu.node.Pos(),
		End:     cu.node.End(),
		Message: msg,
		Related: []analysis.RelatedInformation{{
			Pos:     a.call.Pos(),
			End:     a.call.End(),
			Message: "atomic." + a.fn.Name() + " here",
		}},
	})
}

// ownerTypeName names the type an atomic access selects the field vr
// from: s in atomic.AddInt64(&s.n, 1).
func (c *checker) ownerTypeName(vr *variable) string {
	u, ok := ast.Unparen(vr.atomics[0].call.Args[0]).(*ast.UnaryExpr)
	if !ok {
		return ""
	}
	sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	return typeName(c.pass.TypesInfo.TypeOf(sel.X))
}

// funcSuffix returns the type part of a sync/atomic function's name:
// Int64 for AddInt64.
func funcSuffix(name string) string {
	for _, p := range []string{"CompareAndSwap", "Add", "And", "Or", "Load", "Store", "Swap"} {
		if s, ok := strings.CutPrefix(name, p); ok {
			return s
		}
	}
	return name
}

// contained returns the variables accessed with sync/atomic functions
// that a value of type t holds by value: its fields, promoted fields, and
// those of the structs and arrays it contains (not behind pointers).
func (c *checker) contained(t types.Type, depth int) []*variable {
	if depth > 8 {
		return nil
	}
	t = types.Unalias(t)
	if a, ok := t.Underlying().(*types.Array); ok {
		return c.contained(a.Elem(), depth+1)
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	owner := ownerName(t)
	if vs, ok := c.contains[owner]; ok {
		return vs
	}
	c.contains[owner] = nil // recursion
	var vs []*variable
	add := func(vr *variable) {
		if vr != nil && !slices.Contains(vs, vr) {
			vs = append(vs, vr)
		}
	}
	var walk func(st *types.Struct, d int)
	walk = func(st *types.Struct, d int) {
		if d > 8 {
			return
		}
		for f := range st.Fields() {
			add(c.vars[varKey{v: f.Origin(), owner: owner}])
			for _, vr := range c.contained(f.Type(), depth+1) {
				add(vr)
			}
			if f.Embedded() {
				if est, ok := f.Type().Underlying().(*types.Struct); ok {
					walk(est, d+1) // promoted fields, selected from t
				}
			}
		}
	}
	walk(st, 0)
	slices.SortFunc(vs, func(a, b *variable) int { return int(a.atomics[0].call.Pos() - b.atomics[0].call.Pos()) })
	c.contains[owner] = vs
	return vs
}

// holdsAtomic reports whether a value of type t holds a field updated
// atomically (contained, cached by type: most copies are of types that
// hold none).
func (c *checker) holdsAtomic(t types.Type) bool {
	h, ok := c.holds[t]
	if !ok {
		h = len(c.contained(t, 0)) > 0
		c.holds[t] = h
	}
	return h
}

// lockPath reports whether a value of type t holds, by value, a type
// whose pointer has Lock and Unlock methods (sync.Mutex, and the noCopy
// of atomic.Int64 and friends): go vet's copylocks reports its copies.
func lockPath(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	t = types.Unalias(t)
	switch u := t.Underlying().(type) {
	case *types.Array:
		return lockPath(u.Elem(), depth+1)
	case *types.Struct:
		if n, ok := t.(*types.Named); ok && hasLockMethods(n) {
			return true
		}
		for f := range u.Fields() {
			if lockPath(f.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// hasLockMethods reports whether *n has Lock and Unlock methods and n
// itself does not, as copylocks asks of a lock.
func hasLockMethods(n *types.Named) bool {
	return lockUnlock(types.NewPointer(n)) && !lockUnlock(n)
}

func lockUnlock(t types.Type) bool {
	ms := types.NewMethodSet(t)
	return ms.Lookup(nil, "Lock") != nil && ms.Lookup(nil, "Unlock") != nil
}

func isStruct(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return true
	case *types.Array:
		return isStruct(u.Elem())
	}
	return false
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "…"
	}
	return s
}

// derefString names the value a value method's receiver copies: *p for a
// pointer p, x for a value.
func derefString(info *types.Info, x ast.Expr) string {
	if t := info.TypeOf(x); t != nil {
		if _, ok := t.Underlying().(*types.Pointer); ok {
			return "*" + exprString(x)
		}
	}
	return exprString(x)
}

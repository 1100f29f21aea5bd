package atomicmix

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

// Analyzer is a syntactic check (go/types object identity over the
// inspector): it needs neither SSA nor the concurrency model.
var Analyzer = &analysis.Analyzer{
	Name:     "atomicmix",
	Doc:      checkdoc.MustExtract(doc, "atomicmix"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/atomicmix",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	if !importsAtomic(pass.Pkg) {
		return nil, nil // fast path: no sync/atomic function can be called
	}
	c := &checker{
		pass:     pass,
		insp:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		vars:     map[varKey]*variable{},
		operand:  map[*ast.Ident]bool{},
		events:   map[ast.Node]*events{},
		files:    map[*token.File]*ast.File{},
		snapshot: map[varKey]bool{},
		lockedFn: map[lockKey]bool{},
		initFn:   map[*types.Func]bool{},
		srcs:     map[*token.File][]byte{},
	}
	for _, f := range pass.Files {
		c.files[pass.Fset.File(f.FileStart)] = f
	}
	c.selfAssigns() // selfassign.go: x = atomic.AddT(&x, d)
	c.atomics()
	if len(c.vars) == 0 {
		return nil, nil
	}
	c.snapshots()
	c.plains()
	c.report()
	c.copies() // copies.go: whole-struct copies of values with atomic fields
	return nil, nil
}

func importsAtomic(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == "sync/atomic" {
			return true
		}
	}
	return false
}

type checker struct {
	pass *analysis.Pass
	insp *inspector.Inspector
	vars map[varKey]*variable
	// operand marks the identifiers naming the variable in &x of an atomic
	// call: they are not plain accesses.
	operand  map[*ast.Ident]bool
	events   map[ast.Node]*events // per function
	files    map[*token.File]*ast.File
	snapshot map[varKey]bool // fields of types also built as snapshots
	lockedFn map[lockKey]bool
	initFn   map[*types.Func]bool
	srcs     map[*token.File][]byte
	calls    map[*types.Func][]inspector.Cursor // see callSites
	contains map[string][]*variable             // see contained
	holds    map[types.Type]bool                // see holdsAtomic
}

// varKey identifies a variable: a package or local variable, or a field
// together with the type of the value it is selected from, so that a struct
// type embedded in several others (a stats block in a connection and in an
// account) is one variable per embedding type. Fields of generic types are
// identified by their origin.
type varKey struct {
	v     *types.Var
	owner string
}

// variable is a package variable, a struct field or a local variable
// accessed with sync/atomic functions.
type variable struct {
	key     varKey
	atomics []*atomicUse
	plains  []*plainUse
}

type atomicUse struct {
	call  *ast.CallExpr
	fn    *types.Func
	write bool // Add, And, Or, Store, Swap, CompareAndSwap
	cur   inspector.Cursor
}

type plainUse struct {
	id    *ast.Ident // nil for a whole-struct copy (copies.go)
	node  ast.Expr   // the identifier or the selector expression x.f, or the copied value
	pos   token.Pos  // of id, or of the copy
	write bool
	encl  ast.Node // innermost *ast.FuncDecl or *ast.FuncLit
	cur   inspector.Cursor
}

// keyOf returns the key of the variable that id (x, or f of x.f) names.
func (c *checker) keyOf(v *types.Var, id *ast.Ident, cur inspector.Cursor) varKey {
	k := varKey{v: v.Origin()}
	if !v.IsField() {
		return k
	}
	if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
		k.owner = ownerName(c.pass.TypesInfo.TypeOf(sel.X))
	}
	return k
}

// ownerName names the struct type a field is selected from.
func ownerName(t types.Type) string {
	if t == nil {
		return ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		n = n.Origin()
		if n.Obj().Pkg() != nil {
			return n.Obj().Pkg().Path() + "." + n.Obj().Name() + fmt.Sprintf("@%d", n.Obj().Pos())
		}
		return n.Obj().Name()
	}
	return types.TypeString(t, nil)
}

// atomicCall returns the sync/atomic function call calls, or nil.
func (c *checker) atomicCall(call *ast.CallExpr) *types.Func {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" || len(call.Args) == 0 {
		return nil
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return nil // a method of atomic.Int64 and friends
	}
	return fn
}

// atomics records every call of a sync/atomic function on &x or &e.f.
func (c *checker) atomics() {
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn := c.atomicCall(call)
		if fn == nil {
			continue
		}
		u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		id := c.named(u.X)
		if id == nil {
			continue
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.UnsafePointer {
			continue // lock-free structures with hand-made memory ordering
		}
		if !isLocal(v) && c.isTest(call.Pos()) {
			continue // tests poke at state; their atomics do not make it shared
		}
		idCur, ok := cur.FindNode(id)
		if !ok {
			continue
		}
		c.operand[id] = true
		k := c.keyOf(v, id, idCur)
		vr := c.vars[k]
		if vr == nil {
			vr = &variable{key: k}
			c.vars[k] = vr
		}
		vr.atomics = append(vr.atomics, &atomicUse{
			call: call, fn: fn, write: !strings.HasPrefix(fn.Name(), "Load"), cur: cur,
		})
	}
}

// named returns the identifier that names the variable e denotes: x, or f
// in e.f (a field selection), or V in pkg.V. Index expressions and
// conversions name elements or other memory: nil.
func (c *checker) named(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[e]; ok {
			if sel.Kind() == types.FieldVal {
				return e.Sel
			}
			return nil
		}
		return e.Sel // a qualified identifier
	}
	return nil
}

// snapshots marks the fields of struct types whose values are also built
// from atomic loads, T{n: atomic.LoadInt64(&x.n)}: such a type has shared
// values and private snapshots, and a plain access may be to a snapshot.
func (c *checker) snapshots() {
	for cur := range c.insp.Root().Preorder((*ast.CompositeLit)(nil)) {
		lit := cur.Node().(*ast.CompositeLit)
		owner := ownerName(c.pass.TypesInfo.TypeOf(lit))
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
			if !ok || !v.IsField() {
				continue
			}
			if call, ok := ast.Unparen(kv.Value).(*ast.CallExpr); ok {
				if fn := c.atomicCall(call); fn != nil && strings.HasPrefix(fn.Name(), "Load") {
					c.snapshot[varKey{v: v.Origin(), owner: owner}] = true
				}
			}
		}
	}
}

// enclosingFunc returns the innermost function declaration or literal
// around cur, or nil at package level.
func enclosingFunc(cur inspector.Cursor) ast.Node {
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return p.Node()
	}
	return nil
}

// plains records the other uses of the variables: the plain accesses.
func (c *checker) plains() {
	// The variables accessed atomically, whatever their owner: the
	// owner's name (keyOf) is worth computing only for these.
	known := map[*types.Var]bool{}
	for k := range c.vars {
		known[k.v] = true
	}
	for cur := range c.insp.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if c.operand[id] {
			continue
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || !known[v.Origin()] {
			continue
		}
		vr := c.vars[c.keyOf(v, id, cur)]
		if vr == nil {
			continue
		}
		if p := c.plain(cur, id); p != nil {
			vr.plains = append(vr.plains, p)
		}
	}
}

// plain classifies one use of a variable; nil when it is not a plain access
// (its address is taken, it is a key of a composite literal, it is in a
// package variable's initialiser).
func (c *checker) plain(cur inspector.Cursor, id *ast.Ident) *plainUse {
	node := ast.Expr(id)
	ecur := cur
	if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
		node = sel
		ecur = cur.Parent()
	}
	pc := ecur.Parent()
	for {
		if _, ok := pc.Node().(*ast.ParenExpr); !ok {
			break
		}
		pc = pc.Parent()
	}
	p := &plainUse{id: id, node: node, cur: cur, pos: id.Pos()}
	switch parent := pc.Node().(type) {
	case *ast.UnaryExpr:
		if parent.Op == token.AND {
			return nil // the address: it may be used atomically
		}
	case *ast.KeyValueExpr:
		if _, ok := pc.Parent().Node().(*ast.CompositeLit); ok && ast.Unparen(parent.Key) == node {
			return nil // T{f: …} initialises a new value
		}
	case *ast.AssignStmt:
		p.write = slices.ContainsFunc(parent.Lhs, func(l ast.Expr) bool { return ast.Unparen(l) == node })
	case *ast.IncDecStmt:
		p.write = true
	case *ast.RangeStmt:
		p.write = parent.Key != nil && ast.Unparen(parent.Key) == node ||
			parent.Value != nil && ast.Unparen(parent.Value) == node
	}
	p.encl = enclosingFunc(cur)
	if p.encl == nil {
		return nil // a package variable's initialiser
	}
	return p
}

// report reports each variable once, at its first plain access that races
// with an atomic access: a plain write, or a plain read of a variable
// written atomically. Accesses in a file that also has an atomic access
// come first.
func (c *checker) report() {
	vars := make([]*variable, 0, len(c.vars))
	for _, vr := range c.vars {
		vars = append(vars, vr)
	}
	slices.SortFunc(vars, func(a, b *variable) int {
		if d := int(a.atomics[0].call.Pos() - b.atomics[0].call.Pos()); d != 0 {
			return d
		}
		return strings.Compare(a.key.owner, b.key.owner)
	})
	for _, vr := range vars {
		if c.snapshot[vr.key] {
			continue
		}
		var aw *atomicUse // an atomic write
		for _, a := range vr.atomics {
			if a.write {
				aw = a
				break
			}
		}
		var racing []*plainUse
		for _, p := range vr.plains {
			if !p.write && aw == nil {
				continue // reads on both sides
			}
			if !c.silent(vr, p) {
				racing = append(racing, p)
			}
		}
		if len(racing) == 0 {
			continue
		}
		atomicFiles := map[*token.File]bool{}
		for _, a := range vr.atomics {
			atomicFiles[c.pass.Fset.File(a.call.Pos())] = true
		}
		rank := func(p *plainUse) int {
			if atomicFiles[c.pass.Fset.File(p.id.Pos())] {
				return 0
			}
			return 1
		}
		slices.SortFunc(racing, func(a, b *plainUse) int {
			if d := rank(a) - rank(b); d != 0 {
				return d
			}
			return int(a.id.Pos() - b.id.Pos())
		})
		p := racing[0]
		other := aw
		if other == nil {
			other = vr.atomics[0] // p is a write: any atomic access races with it
		}
		d := c.diagnostic(vr, p, other, len(racing)-1)
		if fix, ok := c.atomicFix(vr, racing); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.pass.Report(d)
	}
}

// silent reports whether the plain access p may happen before the variable
// is shared, or is otherwise ordered with the atomic accesses.
func (c *checker) silent(vr *variable, p *plainUse) bool {
	file := c.fileOf(p.pos)
	if file == nil || srcedit.Generated(file) {
		return true
	}
	if c.commented(file, p.pos) {
		return true // the author says why no atomic is needed
	}
	if c.waited(p.encl, p.pos) {
		return true // after waiting for the goroutines the function started
	}
	if isLocal(vr.key.v) {
		return c.localSilent(vr, p)
	}
	if c.isTest(p.pos) {
		return true // tests check state after synchronising in ways not seen here
	}
	if d, ok := p.encl.(*ast.FuncDecl); ok && c.initFunc(d, p.pos) {
		return true // init, constructors, reset of a value not yet (re)shared
	}
	if c.copyAccess(p) || c.freshAccess(p) {
		return true
	}
	if !p.write && slices.ContainsFunc(vr.atomics, func(a *atomicUse) bool {
		return a.write && enclosingFunc(a.cur) == p.encl
	}) {
		return true // the writer reading its own value, a compare-and-swap loop
	}
	if c.locked(p.cur, false) && !slices.ContainsFunc(vr.atomics, func(a *atomicUse) bool {
		return (a.write || p.write) && !c.locked(a.cur, true)
	}) {
		return true // plain under a lock, every conflicting atomic access too
	}
	return false
}

// initFunc reports whether the access at pos in d runs before the values
// it touches are shared: d is an initialiser by its name (initName), is
// documented as running alone, is main before its first spawn, or is
// called only from such functions.
func (c *checker) initFunc(d *ast.FuncDecl, pos token.Pos) bool {
	if initName(d) || c.runsAlone(d) {
		return true
	}
	if d.Recv == nil && d.Name.Name == "main" && c.pass.Pkg.Name() == "main" {
		return !slices.ContainsFunc(c.eventsOf(d).spawns, func(s ast.Node) bool { return s.Pos() < pos })
	}
	fn, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
	if !ok {
		return false
	}
	if r, ok := c.initFn[fn]; ok {
		return r
	}
	c.initFn[fn] = false // recursion
	calls := c.callSites()[fn]
	r := len(calls) > 0 && !slices.ContainsFunc(calls, func(cc inspector.Cursor) bool {
		caller, ok := enclosingFunc(cc).(*ast.FuncDecl)
		return !ok || !c.initFunc(caller, cc.Node().Pos())
	})
	c.initFn[fn] = r
	return r
}

// runsAlone reports whether the doc comment of d, or a comment in its body,
// says that it runs with nothing else running.
func (c *checker) runsAlone(d *ast.FuncDecl) bool {
	if d.Doc != nil && exclusiveDoc.MatchString(d.Doc.Text()) {
		return true
	}
	f := c.fileOf(d.Pos())
	if f == nil || d.Body == nil {
		return false
	}
	for _, g := range f.Comments {
		if g.Pos() > d.Body.Lbrace && g.End() < d.Body.Rbrace && exclusiveDoc.MatchString(g.Text()) {
			return true
		}
	}
	return false
}

// initName reports whether a function initialises values rather than
// using shared ones: init, new…, New…, init…, Init…, reset…, Reset….
func initName(d *ast.FuncDecl) bool {
	name := strings.ToLower(d.Name.Name)
	return strings.HasPrefix(name, "init") || strings.HasPrefix(name, "new") || strings.HasPrefix(name, "reset")
}

// exclusiveDoc matches doc comments saying that a function runs alone.
var exclusiveDoc = regexp.MustCompile(`(?i)world (is )?stopped|stop[- ]the[- ]world|exclusive access|single[- ]threaded|not (be )?called concurrently`)

// noAtomic matches comments that explain a plain access: "no need for an
// atomic read", "no atomic needed", "non-atomic", "benign race", "racy
// read".
var noAtomic = regexp.MustCompile(`(?i)\b(no|not|non|without|needn't|don't|doesn't)\b[^.;]{0,20}\batomic|\bbenign\b|\bracy\b`)

// commented reports whether a comment on its own lines, ending on one of
// the three lines before pos, explains why the access need not be atomic.
func (c *checker) commented(f *ast.File, pos token.Pos) bool {
	line := c.pass.Fset.Position(pos).Line
	for _, g := range f.Comments {
		if g.End() > pos {
			break
		}
		end := c.pass.Fset.Position(g.End()).Line
		if end >= line-3 && end < line && noAtomic.MatchString(g.Text()) && c.ownLine(g) {
			return true
		}
	}
	return false
}

// ownLine reports whether only blanks precede the comment g on its line.
func (c *checker) ownLine(g *ast.CommentGroup) bool {
	tf := c.pass.Fset.File(g.Pos())
	start := tf.LineStart(tf.Line(g.Pos()))
	text, ok := c.text(start, g.Pos())
	return ok && strings.TrimSpace(text) == ""
}

// events are the synchronisation-related statements directly in one
// function body (not in the literals it contains).
type events struct {
	locks  []lockEvent
	spawns []ast.Node  // go statements, g.Go(f)
	waits  []token.Pos // X.Wait(), receives, range over a channel, select
}

type lockEvent struct {
	pos       token.Pos
	exclusive bool // Lock, not RLock
}

func (c *checker) eventsOf(fn ast.Node) *events {
	if e, ok := c.events[fn]; ok {
		return e
	}
	e := &events{}
	c.events[fn] = e
	body := funcBody(fn)
	if body == nil {
		return e
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			e.spawns = append(e.spawns, n)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && len(n.Args) <= 1 {
				switch sel.Sel.Name {
				case "Lock", "RLock":
					e.locks = append(e.locks, lockEvent{n.Pos(), sel.Sel.Name == "Lock"})
				case "Go", "TryGo":
					if len(n.Args) == 1 {
						e.spawns = append(e.spawns, n)
					}
				case "Wait":
					e.waits = append(e.waits, n.Pos())
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				e.waits = append(e.waits, n.Pos())
			}
		case *ast.SelectStmt:
			e.waits = append(e.waits, n.Pos())
		case *ast.RangeStmt:
			if t := c.pass.TypesInfo.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					e.waits = append(e.waits, n.Pos())
				}
			}
		}
		return true
	})
	return e
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

var holdsLock = regexp.MustCompile(`(?i)\b(hold|holds|held|holding)\b|locked`)

// locked reports whether a lock may be held at cur: a Lock (or, unless
// exclusive, RLock) call before it in its function or in the functions
// around a literal called in place, a function named …Locked, one whose
// doc comment says that its caller holds a lock, or one whose every call
// in the package is made while a lock may be held. Unlock calls are not
// followed: when in doubt, the lock is held.
func (c *checker) locked(cur inspector.Cursor, exclusive bool) bool {
	pos := cur.Node().Pos()
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn := fc.Node()
		for _, l := range c.eventsOf(fn).locks {
			if l.pos < pos && (l.exclusive || !exclusive) {
				return true
			}
		}
		if d, ok := fn.(*ast.FuncDecl); ok {
			return c.lockedFunc(d, exclusive)
		}
		if c.spawnedLit(fc) {
			return false // a goroutine does not hold its spawner's lock
		}
		pos = fn.Pos()
	}
	return false
}

// lockedFunc reports whether the declared function d runs while a lock
// may be held: by its name, its doc comment, or because every call of it
// in the package is made while a lock may be held.
func (c *checker) lockedFunc(d *ast.FuncDecl, exclusive bool) bool {
	name := d.Name.Name
	if strings.Contains(name, "Locked") || strings.HasPrefix(name, "locked") ||
		d.Doc != nil && holdsLock.MatchString(d.Doc.Text()) {
		return true
	}
	fn, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
	if !ok {
		return false
	}
	k := lockKey{fn, exclusive}
	if r, ok := c.lockedFn[k]; ok {
		return r
	}
	c.lockedFn[k] = false // recursion: not known to be locked
	calls, ok := c.callSites()[fn]
	r := ok && len(calls) > 0 && !slices.ContainsFunc(calls, func(cc inspector.Cursor) bool { return !c.locked(cc, exclusive) })
	c.lockedFn[k] = r
	return r
}

type lockKey struct {
	fn        *types.Func
	exclusive bool
}

// callSites maps each function and method of the package to the calls of
// it; a function also used as a value (whose calls are not all known) is
// mapped to nil.
func (c *checker) callSites() map[*types.Func][]inspector.Cursor {
	if c.calls != nil {
		return c.calls
	}
	c.calls = map[*types.Func][]inspector.Cursor{}
	escaped := map[*types.Func]bool{}
	for cur := range c.insp.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
		if !ok || fn.Pkg() != c.pass.Pkg {
			continue
		}
		fn = fn.Origin()
		e := cur
		if sel, ok := e.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			e = e.Parent()
		}
		for {
			if _, ok := e.Parent().Node().(*ast.IndexExpr); ok {
				e = e.Parent() // f[T](…)
				continue
			}
			if _, ok := e.Parent().Node().(*ast.IndexListExpr); ok {
				e = e.Parent()
				continue
			}
			break
		}
		if call, ok := e.Parent().Node().(*ast.CallExpr); ok && call.Fun == e.Node() {
			if _, ok := e.Parent().Parent().Node().(*ast.GoStmt); ok {
				escaped[fn] = true // a goroutine does not hold its spawner's lock
				continue
			}
			c.calls[fn] = append(c.calls[fn], e.Parent())
		} else {
			escaped[fn] = true
		}
	}
	for fn := range escaped {
		c.calls[fn] = nil
	}
	return c.calls
}

// spawnedLit reports whether the literal at lc is started as a goroutine:
// go func(){…}() or g.Go(func(){…}).
func (c *checker) spawnedLit(lc inspector.Cursor) bool {
	lit := lc.Node()
	call, ok := lc.Parent().Node().(*ast.CallExpr)
	if !ok {
		return false
	}
	if ast.Unparen(call.Fun) == lit {
		_, ok := lc.Parent().Parent().Node().(*ast.GoStmt)
		return ok
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && len(call.Args) == 1 && call.Args[0] == lit {
		return sel.Sel.Name == "Go" || sel.Sel.Name == "TryGo"
	}
	return false
}

// waited reports whether the function fn starts a goroutine and then
// waits (Wait, receive, select) before pos.
func (c *checker) waited(fn ast.Node, pos token.Pos) bool {
	ev := c.eventsOf(fn)
	for _, s := range ev.spawns {
		for _, w := range ev.waits {
			if s.End() <= w && w < pos {
				return true
			}
		}
	}
	return false
}

// localSilent reports whether a plain access to a local variable is
// ordered with its atomic accesses as far as one can tell from the
// function that declares it (decl): before the goroutines that share it
// start, or in code whose concurrency is unknown (callbacks, deferred
// literals).
func (c *checker) localSilent(vr *variable, p *plainUse) bool {
	decl := c.declaringFunc(vr.key.v)
	if decl == nil {
		return true
	}
	pos := p.pos
	if p.encl == decl {
		// In the declaring function: after a spawn that shares the variable,
		// with an atomic access in other code.
		if !slices.ContainsFunc(vr.atomics, func(a *atomicUse) bool { return enclosingFunc(a.cur) != decl }) {
			return true
		}
		for _, s := range c.eventsOf(decl).spawns {
			if s.End() <= pos && c.mentions(s, vr.key.v) {
				return false
			}
		}
		return true // initialisation before the variable is shared
	}
	// In a goroutine literal started by the declaring function, before any
	// wait of its own, with an atomic access outside the literal.
	lit, ok := p.encl.(*ast.FuncLit)
	if !ok {
		return true
	}
	lc, ok := c.insp.Root().FindNode(lit)
	if !ok || !c.spawnedLit(lc) || enclosingFunc(lc.Parent()) != decl {
		return true
	}
	if !slices.ContainsFunc(vr.atomics, func(a *atomicUse) bool { return enclosingFunc(a.cur) != lit }) {
		return true
	}
	return slices.ContainsFunc(c.eventsOf(lit).waits, func(w token.Pos) bool { return w < pos })
}

// declaringFunc returns the innermost function whose body declares v.
func (c *checker) declaringFunc(v *types.Var) ast.Node {
	f := c.fileOf(v.Pos())
	if f == nil {
		return nil
	}
	path := srcedit.Enclosing(f, v.Pos(), v.Pos())
	for _, n := range path {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// mentions reports whether v is used in n.
func (c *checker) mentions(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// root returns the variable at the root of a selector chain x.f.g, and
// whether a pointer is followed on the way.
func (c *checker) root(e ast.Expr) (*types.Var, bool) {
	indirect := false
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.Uses[x].(*types.Var)
			return v, indirect
		case *ast.SelectorExpr:
			sel, ok := c.pass.TypesInfo.Selections[x]
			if !ok || sel.Kind() != types.FieldVal {
				return nil, indirect
			}
			if sel.Indirect() {
				indirect = true
			}
			e = x.X
		default:
			return nil, indirect
		}
	}
}

func isLocal(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
}

// copyAccess reports whether p accesses a field of a local struct value
// (a copy, a parameter or receiver passed by value), not through a pointer.
func (c *checker) copyAccess(p *plainUse) bool {
	sel, ok := p.node.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, indirect := c.root(sel)
	return !indirect && isLocal(v)
}

// freshAccess reports whether p accesses a field of a value that the
// enclosing function creates and holds in a local variable: the last
// assignment to the variable before p stores &T{…}, T{…}, new(T), the
// address of a local variable, or it is declared as var v T. This is
// initialisation in a constructor, or work on a private copy.
func (c *checker) freshAccess(p *plainUse) bool {
	sel, ok := p.node.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, _ := c.root(sel)
	body := funcBody(p.encl)
	if !isLocal(v) || body == nil {
		return false
	}
	return c.freshVar(v, p.encl, body, p.pos)
}

// freshVar reports whether the last assignment to v in body before pos
// stores a new value.
func (c *checker) freshVar(v *types.Var, fn ast.Node, body *ast.BlockStmt, pos token.Pos) bool {
	fresh, last := false, token.NoPos
	assign := func(id *ast.Ident, rhs ast.Expr, declared bool) {
		if id.Pos() >= pos || id.Pos() < last {
			return
		}
		obj := c.pass.TypesInfo.Defs[id]
		if obj == nil {
			obj = c.pass.TypesInfo.Uses[id]
		}
		if obj != v {
			return
		}
		last = id.Pos()
		fresh = rhs == nil && declared || rhs != nil && c.newValue(rhs, fn)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					}
					assign(id, rhs, false)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				assign(id, rhs, len(n.Values) == 0)
			}
		}
		return true
	})
	return fresh
}

// newValue reports whether e is a new value: T{…}, &T{…}, new(T), make(…), or the
// address of a local variable of fn.
func (c *checker) newValue(e ast.Expr, fn ast.Node) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			switch x := ast.Unparen(e.X).(type) {
			case *ast.CompositeLit:
				return true
			case *ast.Ident:
				v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
				return ok && isLocal(v) && v.Pos() >= fn.Pos() && v.Pos() < fn.End()
			}
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && (b.Name() == "new" || b.Name() == "make") {
				return true // make: the elements of a new slice (copies.go)
			}
		}
	}
	return false
}

func (c *checker) isTest(pos token.Pos) bool {
	return srcedit.InTestFile(c.pass.Fset, pos)
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	return c.files[c.pass.Fset.File(pos)]
}

func (c *checker) diagnostic(vr *variable, p *plainUse, a *atomicUse, more int) analysis.Diagnostic {
	verb := "read"
	if p.write {
		verb = "written"
	}
	averb := "read"
	if a.write {
		averb = "written"
	}
	v := vr.key.v
	name := v.Name()
	if v.IsField() {
		if sel, ok := p.node.(*ast.SelectorExpr); ok {
			if n := typeName(c.pass.TypesInfo.TypeOf(sel.X)); n != "" {
				name = n + "." + name
			}
		}
	}
	msg := fmt.Sprintf("%s is %s without sync/atomic but %s with atomic.%s elsewhere; %s",
		name, verb, averb, a.fn.Name(), c.advice(v, p.id.Pos()))
	if more > 0 {
		s := "es"
		if more == 1 {
			s = ""
		}
		msg += fmt.Sprintf(" (%d more plain access%s)", more, s)
	}
	return analysis.Diagnostic{
		Pos:     p.node.Pos(),
		End:     p.node.End(),
		Message: msg,
		Related: []analysis.RelatedInformation{{
			Pos:     a.call.Pos(),
			End:     a.call.End(),
			Message: "atomic." + a.fn.Name() + " here",
		}},
	}
}

func typeName(t types.Type) string {
	if t == nil {
		return ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// advice names the atomic type that replaces v's type (Go 1.19), or asks
// for sync/atomic on every access in older files.
func (c *checker) advice(v *types.Var, pos token.Pos) string {
	const everywhere = "access it with sync/atomic everywhere"
	if f := c.fileOf(pos); f != nil {
		if fv := c.pass.TypesInfo.FileVersions[f]; fv != "" && versionLess(fv, 19) {
			return everywhere
		}
	}
	b, ok := v.Type().Underlying().(*types.Basic)
	if !ok {
		return everywhere
	}
	var typ string
	switch b.Kind() {
	case types.Int32:
		typ = "Int32"
	case types.Int64:
		typ = "Int64"
	case types.Uint32:
		typ = "Uint32"
	case types.Uint64:
		typ = "Uint64"
	case types.Uintptr:
		typ = "Uintptr"
	default:
		return everywhere
	}
	// Changing the type of an exported or tagged variable changes more
	// than its accesses: other packages use it as a number, and encoders
	// (encoding/json marshals an atomic.Int64 as {}) see a struct.
	var why []string
	if v.Exported() {
		why = append(why, "its exported API")
	}
	if v.IsField() && fieldTag(v) != "" {
		why = append(why, "its encoding")
	}
	if len(why) > 0 {
		return fmt.Sprintf("access it with sync/atomic everywhere (atomic.Load%s(&…) to read it; an atomic.%s would change %s)", typ, typ, strings.Join(why, " and "))
	}
	return "use atomic." + typ + " for it"
}

// fieldTag returns the struct tag of field v, or "".
func fieldTag(v *types.Var) string {
	if _, st, i, ok := model.DeclaringType(v); ok {
		return st.Tag(i)
	}
	return ""
}

// versionLess reports whether the Go version v ("go1.18") is before
// go1.minor.
func versionLess(v string, minor int) bool {
	var major, m int
	if _, err := fmt.Sscanf(v, "go%d.%d", &major, &m); err != nil {
		return false
	}
	return major == 1 && m < minor
}

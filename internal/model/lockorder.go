package model

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Lock order: which mutexes a function may acquire, directly or through up
// to maxOrderDepth calls, and which it acquires while holding another.
//
// A mutex is named by its class, not its instance: the field of a named
// struct type ("pkg.T.mu", whichever T value holds it), a package variable
// ("pkg.mu"), or a local variable of the package ("local:…", never in a
// fact). Two acquisitions of one class are not ordered against each other
// (a.mu then b.mu of two T values is lockcheck's question, not an order).

// maxOrderDepth bounds the calls followed from a function to a Lock: a
// chain f → g → h → Lock is three calls.
const maxOrderDepth = 3

// Bounds on what one function and one package record.
const (
	maxAcquisitions = 32  // classes per function
	maxOrderEdges   = 256 // edges in a package's LockOrder fact
)

// LockAcquires is the fact of a function that may acquire a mutex, on some
// path, through its own code or up to maxOrderDepth calls of its package
// (and facts of other packages): what a caller holding another mutex
// orders before these.
type LockAcquires struct {
	Locks []AcquiredLock
}

func (*LockAcquires) AFact() {}

func (f *LockAcquires) String() string {
	var parts []string
	for _, l := range f.Locks {
		s := l.Class
		if s == "" {
			s = fmt.Sprintf("param%d", l.Param)
			if l.Path != "" {
				s += "." + l.Path
			}
		}
		if l.Read {
			s += ",read"
		}
		if l.Release {
			s = "releases " + s
		}
		parts = append(parts, s)
	}
	return "lockAcquires(" + strings.Join(parts, " ") + ")"
}

// AcquiredLock is one mutex of a LockAcquires fact: a class, or (Class
// "") the mutex at Path from parameter Param.
type AcquiredLock struct {
	Class string
	Name  string // how messages name it
	Param int
	Path  string
	Read  bool
	// Release: the function unlocks this mutex without locking it first
	// (it releases its caller's lock), so a caller holding it does not
	// hold it at what the function acquires.
	Release bool
	Where   string // the Lock, as file:line
}

// LockOrder is the package fact listing the package's lock-order edges on
// classes other packages can name.
type LockOrder struct {
	Edges []OrderEdge
}

func (*LockOrder) AFact() {}

func (f *LockOrder) String() string {
	var parts []string
	for _, e := range f.Edges {
		parts = append(parts, e.Held+"->"+e.Acq)
	}
	return "lockOrder(" + strings.Join(parts, " ") + ")"
}

// OrderEdge is a lock-order edge in a fact: Func acquires Acq while
// holding Held.
type OrderEdge struct {
	Held, HeldName   string
	Acq, AcqName     string
	HeldRead         bool
	AcqRead          bool
	Gate             []string // other classes held on every path to the acquisition
	Func             string
	Where, HeldWhere string // the acquisition (or the call leading to it), and the Lock of Held
}

// Acquisition is a mutex a function may acquire: its own Lock or RLock
// (TryLock does not block and is not an acquisition here), or one reached
// through calls.
type Acquisition struct {
	Mutex Ref // in the function's terms; invalid for a class from a fact
	Class string
	Name  string
	Read  bool
	// Release: the function releases the mutex without acquiring it
	// first (see AcquiredLock.Release).
	Release bool
	Lock    token.Pos   // the Lock, when in this package
	Where   string      // the Lock, as file:line (another package's)
	Via     []token.Pos // the calls from the function down to the Lock
	Callees []string    // the functions called, one per Via
}

// LockEdge is a lock-order edge of the package: Func acquires Acq (by its
// own Lock, or through the call At) while holding Held on every path to At.
type LockEdge struct {
	Func      *Func
	At        ssa.Instruction
	Held      Held
	HeldClass string
	HeldName  string
	Acq       Acquisition
	Gate      []string
}

// Pos is where the edge's second acquisition happens in Func: the Lock, or
// the call leading to it.
func (e *LockEdge) Pos() token.Pos {
	if len(e.Acq.Via) > 0 {
		return e.Acq.Via[0]
	}
	return e.Acq.Lock
}

// lockOrder is the package's lock-order data.
type lockOrder struct {
	acq      map[*ssa.Function][]Acquisition
	edges    []*LockEdge
	imported []*LockOrder // the LockOrder facts of the packages imported, when edges is not empty
}

// ImportedLockOrder returns the LockOrder facts of the packages the
// package imports, directly or not, in no particular order; nil when the
// package has no edge of its own.
func (m *Model) ImportedLockOrder() []*LockOrder {
	if m == nil || m.b == nil || m.b.lo == nil {
		return nil
	}
	return m.b.lo.imported
}

// LockEdges returns the package's lock-order edges, in source order.
func (m *Model) LockEdges() []*LockEdge {
	if m == nil || m.b == nil || m.b.lo == nil {
		return nil
	}
	return m.b.lo.edges
}

// Acquisitions returns what fn may acquire (see LockAcquires).
func (m *Model) Acquisitions(fn *ssa.Function) []Acquisition {
	if m == nil || m.b == nil || m.b.lo == nil {
		return nil
	}
	return m.b.lo.acq[fn]
}

// LockClass names the class of the mutex r: its key and how messages name
// it, or ok false when r is a mutex the model cannot name beyond its
// instance (a parameter, a value it cannot resolve).
func (m *Model) LockClass(r Ref) (key, name string, ok bool) {
	return lockClass(m.Pkg, r)
}

func lockClass(pkg *types.Package, r Ref) (key, name string, ok bool) {
	if !r.Valid() {
		return "", "", false
	}
	qual := func(p *types.Package, s string) string {
		if p != nil && p != pkg {
			return p.Name() + "." + s
		}
		return s
	}
	if len(r.Fields) == 0 {
		switch v := r.Root.(type) {
		case *ssa.Global:
			if v.Pkg == nil || v.Pkg.Pkg == nil {
				return "", "", false
			}
			return v.Pkg.Pkg.Path() + "." + v.Name(), qual(v.Pkg.Pkg, v.Name()), true
		case *ssa.Alloc:
			if v.Parent() == nil {
				return "", "", false
			}
			return fmt.Sprintf("local:%s:%d", v.Parent().String(), v.Pos()), v.Comment, true
		}
		return "", "", false
	}
	owner := r.Root.Type()
	for _, f := range r.Fields[:len(r.Fields)-1] {
		owner = f.Type()
	}
	if p, ok := owner.Underlying().(*types.Pointer); ok {
		owner = p.Elem()
	}
	last := r.Fields[len(r.Fields)-1]
	if n, ok := types.Unalias(owner).(*types.Named); ok && n.Obj().Pkg() != nil {
		o := n.Origin().Obj()
		s := o.Name() + "." + last.Name()
		return o.Pkg().Path() + "." + s, qual(o.Pkg(), s), true
	}
	if g, ok := r.Root.(*ssa.Global); ok && len(r.Fields) == 1 && g.Pkg != nil && g.Pkg.Pkg != nil {
		s := g.Name() + "." + last.Name()
		return g.Pkg.Pkg.Path() + "." + s, qual(g.Pkg.Pkg, s), true
	}
	return "", "", false
}

// orderCall is a call of a function that may acquire a mutex.
type orderCall struct {
	instr  ssa.CallInstruction
	callee *ssa.Function // of this package, with a body; nil for a fact
	obj    *types.Func
	args   []ssa.Value
	fact   *LockAcquires
}

// computeLockOrder computes every function's acquisitions, in rounds (one
// call deeper each), then the edges, and exports the facts.
func (b *builder) computeLockOrder() {

	lo := &lockOrder{acq: map[*ssa.Function][]Acquisition{}}
	b.lo = lo
	own := map[*ssa.Function][]Acquisition{}
	calls := map[*ssa.Function][]orderCall{}
	for _, fn := range b.funcs {
		if f := b.m.byFn[fn]; f != nil {
			own[fn] = b.ownAcquisitions(f)
		}
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				target, args := b.target(c.Common())
				if target == nil {
					continue
				}
				obj, _ := target.Object().(*types.Func)
				if obj != nil && (isSyncMethod(obj) || obj.Pkg() != nil && obj.Pkg().Path() == pathSync) {
					continue
				}
				oc := orderCall{instr: c, obj: obj, args: args}
				if target.Pkg == b.m.SSA && len(target.Blocks) > 0 {
					oc.callee = target
				} else if obj != nil && obj.Pkg() != b.pass.Pkg {
					var f LockAcquires
					if !b.pass.ImportObjectFact(obj, &f) {
						continue
					}
					oc.fact = &f
				} else {
					continue
				}
				calls[fn] = append(calls[fn], oc)
			}
		}
	}
	prev := own
	for range maxOrderDepth {
		next := map[*ssa.Function][]Acquisition{}
		changed := false
		for _, fn := range b.funcs {
			acq := slices.Clone(own[fn])
			for _, oc := range calls[fn] {
				every := b.onEveryPath(oc.instr)
				for _, a := range b.callAcquisitions(fn, oc, prev) {
					if a.Release && !b.holdsClass(oc.instr, a.Class) || !a.Release && every {
						acq = addAcquisition(acq, a)
					}
				}
			}
			if len(acq) > 0 {
				next[fn] = acq
			}
			if len(acq) != len(prev[fn]) {
				changed = true
			}
		}
		prev = next
		if !changed {
			break
		}
	}
	lo.acq = prev
	b.exportLockAcquires()
	b.lockEdges(calls)
}

// addAcquisition adds a to acq unless it has the mutex already (the first,
// shortest chain is kept) or is full.
func addAcquisition(acq []Acquisition, a Acquisition) []Acquisition {
	for _, o := range acq {
		if o.Release == a.Release && o.Read == a.Read && (a.Class != "" && o.Class == a.Class || a.Class == "" && o.Class == "" && o.Mutex.Same(a.Mutex)) {
			return acq
		}
	}
	if len(acq) >= maxAcquisitions {
		return acq
	}
	return append(acq, a)
}

// ownAcquisitions returns f's own Locks and RLocks on every path from its
// entry to a return, and the mutexes it releases (on any path) without
// locking them first.
func (b *builder) ownAcquisitions(f *Func) []Acquisition {
	var acq []Acquisition
	for _, op := range f.LockOps {
		var a Acquisition
		switch {
		case (op.Kind == Lock || op.Kind == RLock) && !op.Deferred && b.onEveryPath(op.Instr):
			a = b.opAcquisition(op)
		case (op.Kind == Unlock || op.Kind == RUnlock) && !b.m.LockedBefore(f, op):
			a = b.opAcquisition(op)
			a.Release = true
		default:
			continue
		}
		if a.Class == "" && op.Mutex.Param() == nil {
			continue
		}
		acq = addAcquisition(acq, a)
	}
	return acq
}

// callAcquisitions translates what the callee of oc acquires (by acq, or
// its fact) to fn's terms.
func (b *builder) callAcquisitions(fn *ssa.Function, oc orderCall, acq map[*ssa.Function][]Acquisition) []Acquisition {
	pos, _ := b.callSyntax(oc.instr)
	name := ""
	if oc.obj != nil {
		name = FuncName(b.pass.Pkg, oc.obj)
	} else if oc.callee != nil {
		name = oc.callee.Name()
	}
	var out []Acquisition
	if oc.callee != nil {
		for _, a := range acq[oc.callee] {
			switch {
			case a.Mutex.Param() != nil:
				a.Mutex = b.translate(oc.callee, a.Mutex, oc.args)
				if a.Class == "" {
					a.Class, a.Name, _ = lockClass(b.pass.Pkg, a.Mutex)
					if a.Class == "" && a.Mutex.Param() == nil {
						continue
					}
				}
			case !isGlobal(a.Mutex):
				a.Mutex = Ref{} // the callee's local: its class names it
			}
			a.Via = append([]token.Pos{pos}, a.Via...)
			a.Callees = append([]string{name}, a.Callees...)
			out = append(out, a)
		}
		return out
	}
	for _, l := range oc.fact.Locks {
		a := Acquisition{Class: l.Class, Name: b.localName(l.Class, l.Name), Read: l.Read, Release: l.Release, Where: l.Where, Via: []token.Pos{pos}, Callees: []string{name}}
		if l.Param >= 0 && l.Param < len(oc.args) {
			a.Mutex = b.resolve(oc.args[l.Param]).withPath(l.Path)
		}
		if l.Class == "" {
			if l.Param < 0 || l.Param >= len(oc.args) {
				continue
			}
			a.Class, a.Name, _ = lockClass(b.pass.Pkg, a.Mutex)
			if a.Class == "" && a.Mutex.Param() == nil {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// translate rewrites r, rooted at a parameter of callee, to the argument
// of the call.
func (b *builder) translate(callee *ssa.Function, r Ref, args []ssa.Value) Ref {
	p := r.Param()
	i := slices.Index(callee.Params, p)
	if p == nil || i < 0 || i >= len(args) {
		return Ref{}
	}
	ar := b.resolve(args[i])
	if !ar.Valid() {
		return Ref{}
	}
	return Ref{Root: ar.Root, Fields: slices.Concat(ar.Fields, r.Fields)}
}

// opAcquisition is the Acquisition of f's own lock operation op.
func (b *builder) opAcquisition(op *LockOp) Acquisition {
	a := Acquisition{Mutex: op.Mutex, Read: op.Kind == RLock || op.Kind == RUnlock, Lock: op.Pos}
	a.Class, a.Name, _ = lockClass(b.pass.Pkg, op.Mutex)
	return a
}

// onEveryPath reports whether every path from the entry of instr's
// function to a return passes instr. A function's acquisitions are those
// it makes whenever it returns: an order on a path the caller's arguments
// may never select is not one the caller has.
func (b *builder) onEveryPath(instr ssa.Instruction) bool {
	fn, blk := instr.Parent(), instr.Block()
	if fn == nil || blk == nil || len(fn.Blocks) == 0 || len(fn.Blocks[0].Instrs) == 0 {
		return false
	}
	if fn.Blocks[0].Instrs[0] == instr {
		return true
	}
	// A path from the entry to a return that enters instr's block runs
	// through instr (a block's instructions run in order, and a return
	// ends its block): so every path passes instr exactly when its block
	// dominates every block that returns.
	returns := false
	for _, r := range fn.Blocks {
		if r == fn.Recover || len(r.Instrs) == 0 {
			continue
		}
		if _, ok := r.Instrs[len(r.Instrs)-1].(*ssa.Return); !ok {
			continue
		}
		returns = true
		if !blk.Dominates(r) {
			return false
		}
	}
	return returns
}

// maybeReleased reports whether f may have released h before at by an
// unlock the model cannot tell apart from it: an Unlock or RUnlock of
// another Ref of the same class that reaches at (s.locks[i] locked and
// unlocked through two index expressions).
func (b *builder) maybeReleased(f *Func, h Held, class string, at ssa.Instruction) bool {
	for _, op := range f.LockOps {
		if op.Kind != Unlock && op.Kind != RUnlock || op.Deferred || op.Mutex.Same(h.Mutex) {
			continue
		}
		if c, _, _ := lockClass(b.pass.Pkg, op.Mutex); c == class && b.m.Reaches(op.Instr, at) {
			return true
		}
	}
	return false
}

// handedOver reports whether a function literal of fn unlocks r without
// locking it first: fn hands the locked mutex to the goroutine or callback
// that releases it, and does not hold it after.
func (b *builder) handedOver(fn *ssa.Function, r Ref) bool {
	for _, af := range fn.AnonFuncs {
		if f := b.m.byFn[af]; f != nil {
			for _, op := range f.LockOps {
				if (op.Kind == Unlock || op.Kind == RUnlock) && op.Mutex.Same(r) && !b.m.LockedBefore(f, op) {
					return true
				}
			}
		}
		if b.handedOver(af, r) {
			return true
		}
	}
	return false
}

// holdsClass reports whether a mutex of class may be held at instr by its
// function's own operations: a callee's release of it then releases that
// lock, not the caller's caller's.
func (b *builder) holdsClass(instr ssa.Instruction, class string) bool {
	return slices.ContainsFunc(b.m.MayHeldAt(instr), func(h Held) bool {
		c, _, _ := lockClass(b.pass.Pkg, h.Mutex)
		return c == class
	})
}

func isGlobal(r Ref) bool {
	_, ok := r.Root.(*ssa.Global)
	return ok
}

// fresh reports whether r is a field of a value allocated in at's function
// that nothing has shared yet at at: its address is not stored, passed,
// captured or converted on any path before at (other than by at itself).
// No other goroutine can hold its mutex.
func (b *builder) fresh(r Ref, at ssa.Instruction) bool {
	a, ok := r.Root.(*ssa.Alloc)
	if !ok || len(r.Fields) == 0 || a.Parent() != at.Parent() {
		return false
	}
	for _, u := range *a.Referrers() {
		switch u := u.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
			continue
		case *ssa.Store:
			if u.Addr == a && u.Val != ssa.Value(a) {
				continue
			}
		}
		if u == at || !b.m.Reaches(u, at) {
			continue
		}
		return false
	}
	return true
}

// FuncName names a function for messages: pkg.F, (*T).M, or pkg.(*T).M
// for another package's.
func FuncName(pkg *types.Package, fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t, star = p.Elem(), "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = "(" + star + n.Obj().Name() + ")." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != pkg {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// factName is how a fact names a class of this package: with the
// package's name, as other packages' messages spell it.
func (b *builder) factName(class, name string) string {
	if strings.HasPrefix(class, b.pass.Pkg.Path()+".") {
		return b.pass.Pkg.Name() + "." + name
	}
	return name
}

// localName is how this package's messages name a class a fact names.
func (b *builder) localName(class, name string) string {
	if strings.HasPrefix(class, b.pass.Pkg.Path()+".") {
		if _, rest, ok := strings.Cut(name, "."); ok {
			return rest
		}
	}
	return name
}

// where formats pos as file:line.
func (b *builder) where(pos token.Pos) string {
	p := b.pass.Fset.Position(pos)
	if !p.IsValid() {
		return ""
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// exportLockAcquires exports the acquisitions of the package's declared
// functions that a caller in another package can name.
func (b *builder) exportLockAcquires() {
	for _, fn := range b.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || obj.Pkg() != b.pass.Pkg {
			continue
		}
		var f LockAcquires
		for _, a := range b.lo.acq[fn] {
			l := AcquiredLock{Class: a.Class, Name: b.factName(a.Class, a.Name), Read: a.Read, Release: a.Release, Where: a.Where, Param: -1}
			if strings.HasPrefix(a.Class, "local:") {
				continue
			}
			if p := a.Mutex.Param(); p != nil {
				l.Param = slices.Index(fn.Params, p)
				l.Path = a.Mutex.Path()
			}
			if a.Class == "" {
				if l.Param < 0 {
					continue
				}
				l.Name = ""
			}
			if l.Where == "" {
				l.Where = b.where(a.Lock)
			}
			f.Locks = append(f.Locks, l)
		}
		if len(f.Locks) > 0 {
			b.pass.ExportObjectFact(obj, &f)
		}
	}
}

// lockEdges computes the package's edges: at each Lock of a function and
// each call that may acquire, the mutexes held on every path there.
func (b *builder) lockEdges(calls map[*ssa.Function][]orderCall) {
	lo := b.lo
	for _, f := range b.m.Funcs {
		if f.locks == nil || f.Fn == nil {
			continue
		}
		type point struct {
			at  ssa.Instruction
			acq []Acquisition
		}
		var points []point
		for _, op := range f.LockOps {
			if (op.Kind == Lock || op.Kind == RLock) && !op.Deferred {
				points = append(points, point{op.Instr, []Acquisition{b.opAcquisition(op)}})
			}
		}
		for _, oc := range calls[f.Fn] {
			if acq := b.callAcquisitions(f.Fn, oc, lo.acq); len(acq) > 0 {
				points = append(points, point{oc.instr, acq})
			}
		}
		seen := map[[2]string]bool{}
		for _, p := range points {
			held := b.m.HeldAt(p.at)
			if len(held) == 0 {
				continue
			}
			classes := make([]string, len(held))
			names := make([]string, len(held))
			for i, h := range held {
				classes[i], names[i], _ = lockClass(b.pass.Pkg, h.Mutex)
			}
			for i, h := range held {
				hc := classes[i]
				if hc == "" || slices.ContainsFunc(p.acq, func(a Acquisition) bool { return a.Release && a.Class == hc }) {
					continue
				}
				if b.fresh(h.Mutex, p.at) || b.maybeReleased(f, h, hc, p.at) || b.handedOver(f.Fn, h.Mutex) {
					continue
				}
				for _, a := range p.acq {
					if a.Release || a.Class == "" || a.Class == hc || a.Mutex.Valid() && (a.Mutex.Same(h.Mutex) || b.fresh(a.Mutex, p.at)) {
						continue
					}
					k := [2]string{hc, a.Class}
					if seen[k] {
						continue
					}
					seen[k] = true
					var gate []string
					for j, c := range classes {
						if j != i && c != "" && c != a.Class {
							gate = append(gate, c)
						}
					}
					lo.edges = append(lo.edges, &LockEdge{Func: f, At: p.at, Held: h, HeldClass: hc, HeldName: names[i], Acq: a, Gate: gate})
				}
			}
		}
	}
	slices.SortStableFunc(lo.edges, func(x, y *LockEdge) int { return cmp.Compare(x.Pos(), y.Pos()) })
	var fact LockOrder
	for _, e := range lo.edges {
		if strings.HasPrefix(e.HeldClass, "local:") || strings.HasPrefix(e.Acq.Class, "local:") || len(fact.Edges) >= maxOrderEdges {
			continue
		}
		oe := OrderEdge{Held: e.HeldClass, HeldName: b.factName(e.HeldClass, e.HeldName), Acq: e.Acq.Class, AcqName: b.factName(e.Acq.Class, e.Acq.Name), HeldRead: e.Held.Read, AcqRead: e.Acq.Read, Func: b.funcLabel(e.Func.Fn), Where: b.where(e.Pos())}
		for _, g := range e.Gate {
			if !strings.HasPrefix(g, "local:") {
				oe.Gate = append(oe.Gate, g)
			}
		}
		if e.Held.Lock != nil {
			oe.HeldWhere = b.where(e.Held.Lock.Pos)
		}
		fact.Edges = append(fact.Edges, oe)
	}
	if len(fact.Edges) > 0 {
		b.pass.ExportPackageFact(&fact)
	}
	if len(lo.edges) > 0 {
		for _, pf := range b.pass.AllPackageFacts() {
			if f, ok := pf.Fact.(*LockOrder); ok && pf.Package != b.pass.Pkg {
				lo.imported = append(lo.imported, f)
			}
		}
		// Deterministic: by the first edge's function.
		slices.SortFunc(lo.imported, func(x, y *LockOrder) int { return cmp.Compare(x.Edges[0].Func, y.Edges[0].Func) })
	}
}

// funcLabel names fn for another package's messages: pkg.F or
// pkg.(*T).M; a literal by its enclosing function.
func (b *builder) funcLabel(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return b.pass.Pkg.Name() + "." + FuncName(b.pass.Pkg, obj)
	}
	return b.pass.Pkg.Name() + "." + fn.Name()
}

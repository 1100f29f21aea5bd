package guardedby

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "guardedby",
	Doc:       checkdoc.MustExtract(doc, "guardedby"),
	URL:       "https://pkg.go.dev/github.com/concvet/concvet/analyzers/guardedby",
	Requires:  []*analysis.Analyzer{model.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(Guarded)},
}

// Guarded is the fact that an exported field's accesses in its package
// hold a mutex field of the same struct: Guard names it, Funcs is how many
// functions access the field under it, and Writer, when set, names a
// function that writes the field under it.
type Guarded struct {
	Guard  string
	Funcs  int
	Writer string
}

func (*Guarded) AFact() {}

func (f *Guarded) String() string {
	return fmt.Sprintf("guarded by %s in %d functions, written by %s", f.Guard, f.Funcs, f.Writer)
}

func run(pass *analysis.Pass) (any, error) {
	if model.FactsOnly && !model.MayExportGuard(pass.Pkg) {
		return nil, nil
	}
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	reported := map[token.Pos]bool{}
	lockers := map[*types.Var]map[*ssa.Function]bool{}
	reach := map[*model.Spawn]map[*ssa.Function]bool{}
	for _, gv := range m.Guarded() {
		if gv.Var.Pkg() != pass.Pkg {
			imported(pass, reported, gv)
			continue
		}
		if gv.Guard == nil || unsynchronized(pass, gv.Var) {
			continue
		}
		var guarded, unguarded, readLocked []*model.VarAccess
		var guardedWrite *model.VarAccess
		for _, a := range gv.Accesses {
			if !a.Shared {
				continue
			}
			if h, ok := a.Holds(gv.Guard); ok {
				guarded = append(guarded, a)
				if a.Write && !h.Read && guardedWrite == nil {
					guardedWrite = a
				}
				if !a.Write && h.Read {
					readLocked = append(readLocked, a)
				}
				continue
			}
			if a.Entry && !a.Unknown && len(a.Held) == 0 && !a.MapWrite && canHold(a, gv.Guard) {
				unguarded = append(unguarded, a) // map writes are mapsync's
			}
		}
		// The guard is evident when more functions access the variable
		// under it than without it, and at least two do: the accesses of
		// one critical section are not evidence of a guard.
		ng, nu := funcs(guarded), funcs(unguarded)
		if ng < 2 || nu >= ng {
			continue
		}
		// A fact only for a guard other packages can hold: an exported
		// mutex field, or an embedded one (its Lock is promoted). An
		// exported field behind an unexported mutex is configuration to
		// its importers (set before use), not shared state.
		if gv.Var.IsField() && gv.Var.Exported() && gv.Guard.IsField() && (gv.Guard.Exported() || gv.Guard.Embedded()) {
			f := &Guarded{Guard: gv.Guard.Name(), Funcs: ng}
			if guardedWrite != nil {
				f.Writer = funcName(pass.Pkg, guardedWrite.Instr.Parent())
			}
			pass.ExportObjectFact(gv.Var, f)
		}
		writers := map[*ssa.Function]bool{}
		for _, a := range gv.Accesses {
			if a.Write {
				writers[a.Instr.Parent()] = true
			}
		}
		// Writes first, so that x += 1 is reported as the write.
		for _, write := range []bool{true, false} {
			for _, u := range unguarded {
				if u.Write != write || !write && guardedWrite == nil {
					continue
				}
				if write && !u.Spawned && !locksGuard(m, u.Instr.Parent(), gv.Guard) {
					// An exported method that writes without the lock and
					// never takes it is most often set-up (SetID, an
					// initial state) called before the value is shared:
					// only goroutines' writes, and writes by functions
					// that take the lock elsewhere, are reported.
					continue
				}
				if !write && len(writers) == 1 && writers[u.Instr.Parent()] {
					// The function makes every write: its own reads race
					// only with another run of itself, which the model
					// cannot place.
					continue
				}
				if !write && u.Spawned && writtenBeforeStart(m, gv, u, reach) {
					// Every write comes before the go statement that
					// starts this goroutine: the go statement orders them.
					continue
				}
				if !write && len(writers) == 1 && callsBefore(m, u.Instr, writers, 0) {
					// The read comes after a call of the only writer,
					// which took and released the mutex: initialised
					// under the lock, then only read.
					continue
				}
				other := guardedWrite
				if other == nil {
					other = guarded[0]
				}
				report(pass, reported, u, other, gv, statements(pass, guarded))
			}
		}
		// A write under RLock: only when the mutex is locked for writing in
		// two or more functions. One exclusive locker (a Close) makes the
		// RWMutex a barrier against it, not a guard of the fields that
		// readers set (database/sql's Rows.closemu).
		if lockers[gv.Guard] == nil {
			lockers[gv.Guard] = writeLockers(m, gv.Guard)
		}
		for _, w := range guarded {
			h, _ := w.Holds(gv.Guard)
			if !w.Write || !h.Read || !w.Entry || writeLocked(w) || model.WinnerOnly(w.Instr) || len(lockers[gv.Guard]) < 2 || model.ExternallySynchronized(w.Instr.Parent()) {
				continue
			}
			if len(readLocked) == 0 {
				continue
			}
			// Prefer a reader in another function for the related position.
			r := readLocked[0]
			for _, o := range readLocked {
				if o.Instr.Parent() != w.Instr.Parent() {
					r = o
					break
				}
			}
			reportReadLocked(pass, reported, w, h, r)
		}
	}
	lazyInit(pass, m, reported)
	return nil, nil
}

// imported reports the accesses of another package's field that its
// package guards (a Guarded fact) made here without the guard.
func imported(pass *analysis.Pass, reported map[token.Pos]bool, gv *model.GuardedVar) {
	var f Guarded
	if !pass.ImportObjectFact(gv.Var, &f) {
		return
	}
	for _, a := range gv.Accesses {
		if !a.Shared || !a.Entry || a.Unknown || len(a.Held) > 0 || !a.Write && f.Writer == "" {
			continue
		}
		pos, ok := claim(pass, reported, a)
		if !ok {
			continue
		}
		name := varName(pass, a)
		mu := f.Guard
		if sel := selectorAt(pass, a); sel != nil {
			mu = types.ExprString(sel.X) + "." + f.Guard
		}
		verb, race := "read", "the writes made under it there, as in "+f.Writer
		if a.Write {
			verb, race = "written", "the accesses made under it there"
		}
		pass.Report(analysis.Diagnostic{
			Pos: pos,
			Message: fmt.Sprintf("%s is %s without holding %s, which guards it in %d functions of package %s: this races with %s (lock %s here too)",
				name, verb, mu, f.Funcs, gv.Var.Pkg().Name(), race, mu),
		})
	}
}

// funcName names fn's declared function for messages: F or (*T).M.
func funcName(pkg *types.Package, fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return model.FuncName(pkg, obj)
	}
	return fn.Name()
}

// writtenBeforeStart reports whether every write of gv is made either by
// the goroutine that makes the read u (a goroutine does not race with
// itself), or by a function before (and not after) a go statement it runs
// (its own, or one of a function it then calls) that starts that
// goroutine: such writes happen before the goroutine starts (an idle timer
// set before go cc.readLoop() and re-armed by the loop's own cleanup, a
// clock set before a Start's setupPortMapping starts the mapping loop).
func writtenBeforeStart(m *model.Model, gv *model.GuardedVar, u *model.VarAccess, reach map[*model.Spawn]map[*ssa.Function]bool) bool {
	reached := func(s *model.Spawn) map[*ssa.Function]bool {
		if reach[s] == nil {
			reach[s] = m.CallReach(s.Target)
		}
		return reach[s]
	}
	var mine []*model.Spawn // the go statements that can start u's goroutine
	for _, s := range m.Spawns {
		if s.Target != nil && reached(s)[u.Instr.Parent()] {
			mine = append(mine, s)
		}
	}
	if len(mine) == 0 {
		return false
	}
	n := 0
	for _, w := range gv.Accesses {
		if !w.Write {
			continue
		}
		n++
		if slices.ContainsFunc(mine, func(s *model.Spawn) bool { return reached(s)[w.Instr.Parent()] }) {
			continue // the goroutine's own write
		}
		ok := false
		for _, st := range starts(m, w.Instr.Parent(), 0) {
			if slices.Contains(mine, st.spawn) && m.Reaches(w.Instr, st.at) && !m.Reaches(st.at, w.Instr) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return n > 0
}

// start is a go statement of a function, or of a function it calls, at
// the instruction of the function that runs it: the statement or the call.
type start struct {
	at    ssa.Instruction
	spawn *model.Spawn
}

// starts returns the go statements fn runs: its own, and those of the
// functions of the package it calls, up to two calls down.
func starts(m *model.Model, fn *ssa.Function, depth int) []start {
	var out []start
	if f := m.Func(fn); f != nil {
		for _, s := range f.Spawns {
			if s.Target != nil {
				out = append(out, start{s.Instr, s})
			}
		}
	}
	if depth >= 2 {
		return out
	}
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			c, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if callee := c.Call.StaticCallee(); callee != nil && callee.Pkg == m.SSA && callee != fn {
				for _, st := range starts(m, callee, depth+1) {
					out = append(out, start{in, st.spawn})
				}
			}
		}
	}
	return out
}

// callsBefore reports whether a call that dominates instr calls one of
// the functions fns, directly or through up to two more calls in the
// package.
func callsBefore(m *model.Model, instr ssa.Instruction, fns map[*ssa.Function]bool, depth int) bool {
	for _, blk := range instr.Parent().Blocks {
		for _, in := range blk.Instrs {
			c, ok := in.(*ssa.Call)
			if !ok || !m.Dominates(in, instr) {
				continue
			}
			if callee := c.Call.StaticCallee(); callee != nil && reachesAny(m, callee, fns, depth) {
				return true
			}
		}
	}
	return false
}

// reachesAny reports whether fn is one of fns or calls one, through up to
// two calls.
func reachesAny(m *model.Model, fn *ssa.Function, fns map[*ssa.Function]bool, depth int) bool {
	if fns[fn] {
		return true
	}
	if depth >= 2 || fn.Pkg != m.SSA {
		return false
	}
	for _, blk := range fn.Blocks {
		for _, in := range blk.Instrs {
			if c, ok := in.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && reachesAny(m, callee, fns, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// funcs returns the number of functions the accesses are in.
func funcs(as []*model.VarAccess) int {
	seen := map[*ssa.Function]bool{}
	for _, a := range as {
		seen[a.Instr.Parent()] = true
	}
	return len(seen)
}

// statements returns the number of statements the accesses are in.
func statements(pass *analysis.Pass, as []*model.VarAccess) int {
	seen := map[token.Pos]bool{}
	for _, a := range as {
		seen[srcedit.StmtStart(pass, accessPos(a))] = true
	}
	return len(seen)
}

// unsynchronized reports whether the declaration of v documents that it
// needs no lock ("do not need further synchronization", "only accessed
// from the run goroutine"): its author states the contract an annotation
// would, and the guard the accesses suggest is not it. A comment rule, the
// one this check has: the ordering such fields rely on (a serialiser, a
// single owner goroutine) is not in the code the model reads.
func unsynchronized(pass *analysis.Pass, v *types.Var) bool {
	f := srcedit.FileOf(pass, v.Pos())
	if f == nil {
		return false
	}
	for _, n := range srcedit.Enclosing(f, v.Pos(), v.Pos()) {
		var text string
		switch n := n.(type) {
		case *ast.Field:
			text = n.Doc.Text() + n.Comment.Text()
		case *ast.ValueSpec:
			text = n.Doc.Text() + n.Comment.Text()
		default:
			continue
		}
		text = strings.ToLower(text)
		for _, k := range []string{"synchroniz", "synchronis", "only accessed", "only used by", "owned by"} {
			if strings.Contains(text, k) {
				return true
			}
		}
		return false
	}
	return false
}

// canHold reports whether the access a could be made holding guard g: g is
// a package variable, or a field of a struct on a's path (its root's type
// or a field's on the way). SequencePair.Stream reached through a
// ConsumerState parameter cannot hold the mutex of the store that keeps
// another ConsumerState: the fields are one variable, the objects are not.
func canHold(a *model.VarAccess, g *types.Var) bool {
	if !g.IsField() {
		return true
	}
	path := []types.Type{a.Ref.Root.Type()}
	for _, f := range a.Ref.Fields[:max(len(a.Ref.Fields)-1, 0)] {
		path = append(path, f.Type())
	}
	for _, t := range path {
		for range 2 {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i).Origin() == g {
				return true
			}
		}
	}
	return false
}

// locksGuard reports whether fn (or the function its literal is in) locks
// or read-locks mutex g itself.
func locksGuard(m *model.Model, fn *ssa.Function, g *types.Var) bool {
	for ; fn != nil; fn = fn.Parent() {
		if f := m.Func(fn); f != nil {
			for _, op := range f.LockOps {
				if (op.Kind == model.Lock || op.Kind == model.RLock) && model.GuardOf(op.Mutex) == g {
					return true
				}
			}
		}
	}
	return false
}

// writeLockers returns the functions that Lock (not RLock) mutex g.
func writeLockers(m *model.Model, g *types.Var) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	for _, f := range m.Funcs {
		for _, op := range f.LockOps {
			if op.Kind == model.Lock && !op.Deferred && model.GuardOf(op.Mutex) == g {
				out[f.Fn] = true
			}
		}
	}
	return out
}

// writeLocked reports whether some mutex is held for writing at a.
func writeLocked(a *model.VarAccess) bool {
	for _, h := range a.Held {
		if !h.Read {
			return true
		}
	}
	return false
}

func report(pass *analysis.Pass, reported map[token.Pos]bool, u, other *model.VarAccess, gv *model.GuardedVar, n int) {
	pos, ok := claim(pass, reported, u)
	if !ok {
		return
	}
	h, _ := other.Holds(gv.Guard)
	name := varName(pass, u)
	mu := mutexName(pass, u, other, h.Mutex)
	verb, race := "read", "the writes made under it"
	if u.Write {
		verb, race = "written", "the accesses made under it"
	}
	d := analysis.Diagnostic{
		Pos: pos,
		Message: fmt.Sprintf("%s is %s without holding %s, which guards it at %d other accesses: this races with %s (lock %s here too)",
			name, verb, mu, n, race, mu),
	}
	kind := "read"
	if other.Write {
		kind = "written"
	}
	d.Related = append(d.Related, analysis.RelatedInformation{Pos: srcedit.StmtStart(pass, accessPos(other)), Message: fmt.Sprintf("%s is %s here with %s held", name, kind, mu)})
	if h.Lock != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: h.Lock.Pos, Message: mu + " is locked here"})
	}
	pass.Report(d)
}

func reportReadLocked(pass *analysis.Pass, reported map[token.Pos]bool, w *model.VarAccess, h model.GuardHeld, r *model.VarAccess) {
	pos, ok := claim(pass, reported, w)
	if !ok {
		return
	}
	name := varName(pass, w)
	mu := mutexName(pass, w, w, h.Mutex)
	d := analysis.Diagnostic{
		Pos: pos,
		Message: fmt.Sprintf("%s is written while %s is held only for reading: other readers hold it at the same time, so this write races with their reads (use %s.Lock for the write)",
			name, mu, mu),
		Related: []analysis.RelatedInformation{{Pos: srcedit.StmtStart(pass, accessPos(r)), Message: fmt.Sprintf("%s is read here under the read lock", name)}},
	}
	if h.Lock != nil {
		d.Related = append([]analysis.RelatedInformation{{Pos: h.Lock.Pos, Message: mu + " is read-locked here"}}, d.Related...)
	}
	pass.Report(d)
}

// claim returns the start of a's statement for a finding, or false when a
// finding is already there or the file is generated.
func claim(pass *analysis.Pass, reported map[token.Pos]bool, a *model.VarAccess) (token.Pos, bool) {
	pos := srcedit.StmtStart(pass, accessPos(a))
	f := srcedit.FileOf(pass, pos)
	if reported[pos] || f == nil || srcedit.Generated(f) {
		return pos, false
	}
	reported[pos] = true
	return pos, true
}

// accessPos returns a position of a's source: the field selector, or the
// package variable's use.
func accessPos(a *model.VarAccess) token.Pos {
	if p := a.Instr.Pos(); p.IsValid() {
		return p
	}
	if _, global := addrOf(a).(*ssa.Global); !global {
		return addrOf(a).Pos()
	}
	return token.NoPos
}

func addrOf(a *model.VarAccess) ssa.Value {
	switch in := a.Instr.(type) {
	case *ssa.Store:
		return in.Addr
	case *ssa.UnOp:
		return in.X
	}
	return nil
}

// selectorAt returns the selector expression of the field access a.
func selectorAt(pass *analysis.Pass, a *model.VarAccess) *ast.SelectorExpr {
	pos := accessPos(a)
	f := srcedit.FileOf(pass, pos)
	if f == nil {
		return nil
	}
	for _, n := range srcedit.Enclosing(f, pos, pos) {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == a.Var.Name() {
			return sel
		}
	}
	return nil
}

// varName names the variable as the source does: c.n, or the package
// variable's name.
func varName(pass *analysis.Pass, a *model.VarAccess) string {
	if !a.Var.IsField() {
		return a.Var.Name()
	}
	if sel := selectorAt(pass, a); sel != nil {
		return types.ExprString(sel)
	}
	return a.Ref.String()
}

// mutexName names mutex mu, held at the access other, as seen from the
// access a of the same variable: c.mu next to c.n, the package variable,
// or Type.mu when the source does not show the way.
func mutexName(pass *analysis.Pass, a, other *model.VarAccess, mu model.Ref) string {
	if len(mu.Fields) == 0 {
		return mu.String()
	}
	last := mu.Fields[len(mu.Fields)-1]
	if strip := len(other.Ref.Fields) - len(mu.Fields) + 1; a.Var.IsField() && strip >= 1 {
		// Strip the selectors below the mutex's level: as many as other's
		// path has below it.
		if sel := selectorAt(pass, a); sel != nil {
			var x ast.Expr = sel
			for range strip {
				s, ok := x.(*ast.SelectorExpr)
				if !ok {
					x = nil
					break
				}
				x = s.X
			}
			if x != nil {
				return types.ExprString(x) + "." + last.Name()
			}
		}
	}
	if named, _, _, ok := model.DeclaringType(last); ok {
		if n, ok := named.(*types.Named); ok {
			return n.Obj().Name() + "." + last.Name()
		}
	}
	return last.Name()
}

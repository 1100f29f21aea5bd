package closurecapture

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "closurecapture",
	Doc:      checkdoc.MustExtract(doc, "closurecapture"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/closurecapture",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	c := &checker{pass: pass, m: m, loopVars: map[token.Pos]bool{}, index: map[*ssa.Function]map[ssa.Value][]varAccess{}}
	c.loopCaptures()
	if m.SSA == nil {
		return nil, nil
	}
	for _, f := range m.Funcs {
		if len(f.Spawns) == 0 || f.File == nil || srcedit.Generated(f.File) || m.Oversized(pass, pass.Analyzer.Name, f.Fn) {
			continue
		}
		c.shared(f)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	// loopVars are the declarations of loop variables shared by all
	// iterations (files before Go 1.22): loopCaptures reports their
	// captures, shared leaves them alone.
	loopVars map[token.Pos]bool
	index    map[*ssa.Function]map[ssa.Value][]varAccess // indexOf
}

// oldLoops reports whether file's loops share one variable across
// iterations: its Go version is known and before 1.22.
func (c *checker) oldLoops(file *ast.File) bool {
	v := c.pass.TypesInfo.FileVersions[file]
	return version.IsValid(v) && version.Compare(v, "go1.22") < 0
}

// --- Shared captured variables (kinds 2 and 3) ---

// access is one load or store of a captured variable.
type access struct {
	instr ssa.Instruction
	write bool
	spawn *model.Spawn // nil for the spawner
}

func (a access) acc() model.Access {
	return model.Access{Instr: a.instr, Write: a.write, Spawn: a.spawn}
}

// variable is a local variable of the spawner captured by goroutines.
type variable struct {
	alloc *ssa.Alloc
	name  string
	ref   model.Ref
	fresh ssa.Instruction // the alloc when the spawner declares it (per iteration in a loop)
	own   []access
	gor   map[*model.Spawn][]access
	order []*model.Spawn
}

// shared reports captured variables of f's goroutines written on one side
// while the other side reads or writes them.
func (c *checker) shared(f *model.Func) {
	var vars []*variable
	byAlloc := map[*ssa.Alloc]*variable{}
	for _, s := range f.Spawns {
		if s.Target == nil || s.Target.Parent() == nil || s.Target.Blocks == nil {
			continue
		}
		for _, cp := range s.Captures {
			a, ok := cp.Ref.Root.(*ssa.Alloc)
			if !ok || len(cp.Ref.Fields) > 0 || !a.Heap || c.loopVars[a.Pos()] {
				continue
			}
			v := byAlloc[a]
			if v == nil {
				if !plainUses(a, 0) {
					byAlloc[a] = &variable{} // address taken: not ours
					continue
				}
				v = &variable{alloc: a, name: cp.Name, ref: cp.Ref, gor: map[*model.Spawn][]access{}}
				if a.Parent() == f.Fn {
					v.fresh = a
				}
				v.own = c.accesses(f.Fn, v.ref, nil)
				byAlloc[a] = v
				vars = append(vars, v)
			}
			if v.alloc == nil {
				continue
			}
			if _, seen := v.gor[s]; !seen {
				var acc []access
				for _, fn := range c.m.SyncBody(s.Target) {
					acc = append(acc, c.accesses(fn, v.ref, s)...)
				}
				v.gor[s] = acc
				v.order = append(v.order, s)
			}
		}
	}
	for _, v := range vars {
		if d, ok := c.goroutineWrite(f, v); ok {
			c.pass.Report(d)
			continue
		}
		if d, ok := c.spawnerWrite(v); ok {
			c.pass.Report(d)
		}
	}
}

// plainUses reports whether the variable at addr (an Alloc or a FreeVar
// bound to it) is only loaded, stored and captured: its address is not
// passed anywhere (sync/atomic, a pointer kept elsewhere).
func plainUses(addr ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != addr {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == addr && (i >= len(fn.FreeVars) || !plainUses(fn.FreeVars[i], depth+1)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// accesses returns the loads and stores of fn's own code whose address is
// the variable named by ref.
func (c *checker) accesses(fn *ssa.Function, ref model.Ref, s *model.Spawn) []access {
	var out []access
	for _, a := range c.indexOf(fn)[ref.Root] {
		if a.ref.Same(ref) {
			out = append(out, access{instr: a.instr, write: a.write, spawn: s})
		}
	}
	return out
}

// varAccess is a load or store of a local or captured variable, with the
// variable's Ref.
type varAccess struct {
	instr ssa.Instruction
	write bool
	ref   model.Ref
}

// indexOf returns the loads and stores of fn's own code through an Alloc or
// a FreeVar, in order, by the root of their Ref: found once per function.
func (c *checker) indexOf(fn *ssa.Function) map[ssa.Value][]varAccess {
	if ix, ok := c.index[fn]; ok {
		return ix
	}
	ix := map[ssa.Value][]varAccess{}
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			addr, write := model.LoadStore(instr)
			switch addr.(type) {
			case *ssa.Alloc, *ssa.FreeVar:
			default:
				continue
			}
			r := c.m.Ref(addr)
			ix[r.Root] = append(ix[r.Root], varAccess{instr, write, r})
		}
	}
	c.index[fn] = ix
	return ix
}

// goroutineWrite reports a write of v by a goroutine that can run while
// another instance of it, the spawner or another goroutine accesses v.
func (c *checker) goroutineWrite(f *model.Func, v *variable) (analysis.Diagnostic, bool) {
	for _, s := range v.order {
		for _, w := range v.gor[s] {
			if !w.write {
				continue
			}
			if c.m.Repeats(s, w.instr, v.fresh) && !c.m.MaybeLocked(w.instr, s.Target) && !c.m.WaitsForTurn(s, w.instr) && !model.WinnerOnly(w.instr) {
				// A goroutine that reads back what it wrote needs its own
				// variable: a mutex or an atomic would silence the race
				// and keep the goroutines overwriting each other's value.
				advice := fmt.Sprintf("guard %s with a sync.Mutex, use sync/atomic, or give each goroutine its own variable", v.name)
				switch {
				case readsBack(c.m, v.gor[s], w):
					advice = fmt.Sprintf("declare %s inside the goroutine: each goroutine reads back its own write, which another goroutine may have overwritten, and a mutex would not change that", v.name)
				case readModifyWrite(w.instr):
					advice = fmt.Sprintf("guard %s with a sync.Mutex or use sync/atomic, or let each goroutine write its own slice element and combine them after waiting", v.name)
				}
				return analysis.Diagnostic{
					Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
					Message: fmt.Sprintf("%s is written by every goroutine started in this loop without synchronization: the writes race (%s)",
						v.name, advice),
					Related: []analysis.RelatedInformation{{Pos: s.Pos, Message: "the goroutines are started here"}},
				}, true
			}
			if c.m.WaitsBefore(s, w.instr) {
				continue
			}
			for _, t := range v.order {
				if t == s {
					continue
				}
				for _, o := range writesFirst(v.gor[t]) {
					if !c.m.Overlap(s, t, w.instr, o.instr, v.fresh) || c.m.WaitsBefore(t, o.instr) || c.m.Locked(w.acc(), o.acc()) {
						continue
					}
					return analysis.Diagnostic{
						Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
						Message: fmt.Sprintf("%s is written by this goroutine while another goroutine of the same function %s it: the accesses race (guard both with a sync.Mutex, or use sync/atomic)",
							v.name, verb(o)),
						Related: []analysis.RelatedInformation{
							{Pos: srcedit.StmtStart(c.pass, o.instr.Pos()), Message: "the concurrent " + noun(o)},
							{Pos: s.Pos, Message: "this goroutine is started here"},
							{Pos: t.Pos, Message: "the other goroutine is started here"},
						},
					}, true
				}
			}
			for _, o := range writesFirst(v.own) {
				if !c.m.RunsWith(s, w.instr, o.instr, v.fresh) || c.m.Locked(w.acc(), o.acc()) {
					continue
				}
				return analysis.Diagnostic{
					Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
					Message: fmt.Sprintf("%s is written by this goroutine while the function that starts it %s %s before waiting for it: the accesses race (guard both with a sync.Mutex, or wait for the goroutine before using %s)",
						v.name, verb(o), v.name, v.name),
					Related: []analysis.RelatedInformation{
						{Pos: srcedit.StmtStart(c.pass, o.instr.Pos()), Message: "the concurrent " + noun(o)},
						{Pos: s.Pos, Message: "the goroutine is started here"},
					},
				}, true
			}
		}
	}
	return analysis.Diagnostic{}, false
}

// spawnerWrite reports a write of v by the spawner after the go statement
// of a goroutine that reads it.
func (c *checker) spawnerWrite(v *variable) (analysis.Diagnostic, bool) {
	for _, o := range v.own {
		if !o.write {
			continue
		}
		for _, s := range v.order {
			for _, r := range v.gor[s] {
				if r.write || !c.m.RunsWith(s, r.instr, o.instr, v.fresh) || c.m.WaitsBefore(s, r.instr) || c.m.Locked(r.acc(), o.acc()) {
					continue
				}
				effect := "the goroutine may see either value"
				if use := derefUse(c.m, r.instr); use != "" && storesNil(o.instr) {
					effect = fmt.Sprintf("if the goroutine reads %s after this write it gets nil, and %s", v.name, use)
				}
				return analysis.Diagnostic{
					Pos: srcedit.StmtStart(c.pass, o.instr.Pos()),
					Message: fmt.Sprintf("%s is written after the go statement while the goroutine reads it: %s, and the accesses race (pass %s to the goroutine as an argument, or synchronize)",
						v.name, effect, v.name),
					Related: []analysis.RelatedInformation{
						{Pos: srcedit.StmtStart(c.pass, r.instr.Pos()), Message: "the goroutine's read"},
						{Pos: s.Pos, Message: "the goroutine is started here"},
					},
				}, true
			}
		}
	}
	return analysis.Diagnostic{}, false
}

// readsBack reports whether the goroutine reads the variable after its
// write w (in the same function): it expects its own value there.
func readsBack(m *model.Model, acc []access, w access) bool {
	for _, r := range acc {
		if !r.write && r.instr.Parent() == w.instr.Parent() && m.Reaches(w.instr, r.instr) {
			return true
		}
	}
	return false
}

// readModifyWrite reports whether the store w writes a value computed from
// a load of the same variable (n += x, n++).
func readModifyWrite(w ssa.Instruction) bool {
	st, ok := w.(*ssa.Store)
	if !ok {
		return false
	}
	var from func(v ssa.Value, depth int) bool
	from = func(v ssa.Value, depth int) bool {
		if depth > 4 {
			return false
		}
		switch v := v.(type) {
		case *ssa.UnOp:
			if v.Op == token.MUL {
				return v.X == st.Addr
			}
			return from(v.X, depth+1)
		case *ssa.BinOp:
			return from(v.X, depth+1) || from(v.Y, depth+1)
		case *ssa.Convert:
			return from(v.X, depth+1)
		}
		return false
	}
	return from(st.Val, 0)
}

// storesNil reports whether w stores the nil constant.
func storesNil(w ssa.Instruction) bool {
	st, ok := w.(*ssa.Store)
	if !ok {
		return false
	}
	k, ok := st.Val.(*ssa.Const)
	return ok && k.IsNil()
}

// derefUse says how the goroutine uses the value loaded by r in a way that
// panics on nil (a sync method on it, a field access, a call of it), or "".
func derefUse(m *model.Model, r ssa.Instruction) string {
	v, ok := r.(ssa.Value)
	if !ok || v.Referrers() == nil {
		return ""
	}
	for _, ref := range *v.Referrers() {
		switch u := ref.(type) {
		case ssa.CallInstruction:
			common := u.Common()
			if common.Value == v {
				return "calling it panics"
			}
			callee := common.StaticCallee()
			if callee == nil || len(common.Args) == 0 || common.Args[0] != v || callee.Signature.Recv() == nil {
				continue
			}
			if _, ptr := callee.Signature.Recv().Type().Underlying().(*types.Pointer); !ptr {
				continue
			}
			if callee.Pkg == nil || callee.Pkg.Pkg.Path() != "sync" {
				continue // another method may accept a nil receiver
			}
			if call := m.CallSyntax(u); call != nil {
				return types.ExprString(call) + " dereferences nil and panics"
			}
			return callee.Name() + " dereferences nil and panics"
		case *ssa.FieldAddr:
			return "its field access dereferences nil and panics"
		case *ssa.UnOp:
			if u.Op == token.MUL {
				return "dereferencing it panics"
			}
		}
	}
	return ""
}

func verb(a access) string {
	if a.write {
		return "writes"
	}
	return "reads"
}

func noun(a access) string {
	if a.write {
		return "write"
	}
	return "read"
}

// typeString renders t as file's imports name its packages; ok is false
// when a package is not imported by file under a usable name.
func typeString(t types.Type, pkg *types.Package, file *ast.File) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		for _, imp := range file.Imports {
			path := imp.Path.Value
			if len(path) < 2 || path[1:len(path)-1] != p.Path() {
				continue
			}
			if imp.Name == nil {
				return p.Name()
			}
			if imp.Name.Name != "_" && imp.Name.Name != "." {
				return imp.Name.Name
			}
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// writesFirst returns the accesses with the writes first, so that a
// report names a conflicting write when there is one.
func writesFirst(acc []access) []access {
	var out []access
	for _, a := range acc {
		if a.write {
			out = append(out, a)
		}
	}
	for _, a := range acc {
		if !a.write {
			out = append(out, a)
		}
	}
	return out
}

package model

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/concvet/concvet/internal/srcedit"
	"github.com/concvet/concvet/internal/timing"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

const doc = `build concvet's shared concurrency model of a package

The model records spawn sites, channel, mutex, WaitGroup and context
operations per function, for the checks to query. It reports nothing.`

// Analyzer computes the Model of a package. Checks list it in Requires and
// read pass.ResultOf[model.Analyzer].(*model.Model).
//
// SSA is built by the model itself, and only for packages that pass the fast
// path, so packages with no concurrency (most of any dependency graph) cost
// one walk of their imports and go statements.
var Analyzer = &analysis.Analyzer{
	Name:       "concmodel",
	Doc:        doc,
	URL:        "https://pkg.go.dev/github.com/concvet/concvet/internal/model",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*Model](),
	FactTypes:  []analysis.Fact{new(ParamOps), new(LockEffects), new(LockAcquires), new(LockOrder)},
	Run:        run,
}

// FactsOnly is set by the driver when the process analyses one package
// for its facts alone (go vet's facts-only run of a dependency): nothing
// will read a diagnostic, so a check with facts may skip the work that
// only its diagnostics need (cmd/concvet sets it; it stays false in every
// driver that reports).
var FactsOnly bool

// Package paths the model knows.
const (
	pathSync     = "sync"
	pathContext  = "context"
	pathAtomic   = "sync/atomic"
	pathErrgroup = "golang.org/x/sync/errgroup"
	pathSignal   = "os/signal"
)

// mayMatch is the fast path: a package with no go statement that imports
// none of the concurrency packages has nothing to model; in a facts-only
// run, neither has one with nothing a fact can come from (mayHaveFacts).
func mayMatch(pass *analysis.Pass) bool {
	if FactsOnly && !mayHaveFacts(pass) {
		return false // nothing will read more than the facts, and there are none
	}
	for _, imp := range pass.Pkg.Imports() {
		switch imp.Path() {
		case pathSync, pathContext, pathAtomic, pathErrgroup:
			return true
		}
	}
	found := false
	pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Preorder([]ast.Node{(*ast.GoStmt)(nil)}, func(ast.Node) {
		found = true
	})
	if found {
		return true
	}
	// A lock helper of another package (a function that returns holding
	// a mutex) gives the package lock state, and so lock-order edges.
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		var f LockEffects
		if pass.ImportObjectFact(fn, &f) && slices.ContainsFunc(f.Effects, func(e LockEffect) bool { return e.Effect == EffectHolds }) {
			return true
		}
	}
	// An exported field of another package's struct that has a mutex may
	// be guarded by it there (Guarded).
	return selectsGuardable(pass.Pkg, pass.TypesInfo)
}

func run(pass *analysis.Pass) (any, error) {
	m := &Model{
		Pkg:      pass.Pkg,
		byFn:     map[*ssa.Function]*Func{},
		chanByMk: map[*ssa.MakeChan]*Chan{},
	}
	m.paramOpsF = func(fn *types.Func) *ParamOps {
		var f ParamOps
		if pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if !mayMatch(pass) {
		return m, nil
	}
	b := newBuilder(pass, m)
	m.b = b
	for _, phase := range []struct {
		name string
		run  func()
	}{
		{"buildSSA", b.buildSSA},
		{"index", b.index},
		{"collect", b.collect},
		{"computeLocks", b.computeLocks},
		{"exportFacts", b.exportFacts},
		{"collectCalls", b.collectCalls},
		{"computeLockFacts", b.computeLockFacts},
		{"computeLockOrder", b.computeLockOrder},
	} {
		start := time.Now()
		phase.run()
		timing.Record(phaseKind(), "model."+phase.name, pass.Pkg.Path(), start)
	}
	return m, nil
}

// builder holds the state of one model computation.
type builder struct {
	pass  *analysis.Pass
	m     *Model
	funcs []*ssa.Function // source functions, in source order

	// closures maps a literal to the MakeClosure instructions that create it;
	// calls maps a literal to the call sites that call it directly, and
	// escapes marks literals used otherwise (stored, passed, returned).
	closures map[*ssa.Function][]*ssa.MakeClosure
	calls    map[*ssa.Function][]ssa.CallInstruction
	escapes  map[*ssa.Function]bool
	// implWait caches implWaits per interface method, guarded by implMu.
	implWait map[*types.Func]bool
	implMu   sync.Mutex

	rangeFor map[token.Pos]bool          // positions of `for` of ranges over channels
	callAt   map[token.Pos]*ast.CallExpr // call expressions by Lparen
	refs     map[ssa.Value]Ref
	lf       *lockFacts // lock effects and helper calls (lockfacts.go)
	lo       *lockOrder // acquisitions and lock-order edges (lockorder.go)
	refMu    sync.Mutex // guards refs after the build, for Model.Ref
}

func newBuilder(pass *analysis.Pass, m *Model) *builder {
	return &builder{
		pass:     pass,
		m:        m,
		closures: map[*ssa.Function][]*ssa.MakeClosure{},
		calls:    map[*ssa.Function][]ssa.CallInstruction{},
		escapes:  map[*ssa.Function]bool{},
		implWait: map[*types.Func]bool{},
		rangeFor: map[token.Pos]bool{},
		callAt:   map[token.Pos]*ast.CallExpr{},
		refs:     map[ssa.Value]Ref{},
	}
}

// buildSSA builds the package's SSA form as the buildssa pass does. In a
// facts-only run it builds less: the functions no fact can come from
// without their bodies (factFuncs), and of the imports only those whose
// package-level functions or variables the rest refers to, since creating
// an imported package makes a member of every name in its scope (runtime's
// and syscall's thousands, for each package that imports them). The
// package initialiser then does not call the imports' initialisers
// (ssa.BareInits), which is all it needed the others for.
func (b *builder) buildSSA() {
	pass := b.pass
	files := pass.Files
	imports := pass.Pkg.Imports()
	mode := ssa.BuilderMode(0)
	var keep map[*ast.FuncDecl]bool
	if FactsOnly && pruneFacts {
		if keep = factFuncs(pass); keep != nil {
			files = withoutBodies(files, keep)
		}
		imports = referencedImports(pass, files)
		mode |= ssa.BareInits
	}
	prog := ssa.NewProgram(pass.Fset, mode)
	prog.SetNoReturn(pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs).NoReturn)
	for _, p := range imports {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()
	b.m.SSA = pkg

	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		b.funcs = append(b.funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || keep != nil && fd.Body != nil && !keep[fd] {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				add(f)
			}
		}
	}
	// The package initialiser holds the code of package-level var
	// declarations and their literals.
	if init := pkg.Func("init"); init != nil {
		add(init)
	}
}

// pruneFacts turns on, in a facts-only run, building SSA without the
// bodies of the functions no fact can come from (factFuncs). Tests turn it
// off to compare.
var pruneFacts = os.Getenv("CONCVET_NOPRUNE") == ""

// withoutBodies gives files with the bodies of the declared functions not
// in keep left out: go/ssa builds such a function as it does one written
// in assembly, with no blocks. The files themselves are not changed.
func withoutBodies(files []*ast.File, keep map[*ast.FuncDecl]bool) []*ast.File {
	out := make([]*ast.File, len(files))
	for i, f := range files {
		out[i] = f
		var decls []ast.Decl
		for j, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || keep[fd] {
				continue
			}
			if decls == nil {
				decls = slices.Clone(f.Decls)
			}
			bare := *fd
			bare.Body = nil
			decls[j] = &bare
		}
		if decls != nil {
			file := *f
			file.Decls = decls
			out[i] = &file
		}
	}
	return out
}

// index records how literals are created and called, and which ranges are
// over channels, before operations are resolved.
func (b *builder) index() {
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					lit := mc.Fn.(*ssa.Function)
					b.closures[lit] = append(b.closures[lit], mc)
					for _, ref := range *mc.Referrers() {
						if c, ok := ref.(ssa.CallInstruction); ok && c.Common().Value == mc && !slices.Contains(c.Common().Args, ssa.Value(mc)) {
							b.calls[lit] = append(b.calls[lit], c)
						} else {
							b.escapes[lit] = true
						}
					}
					continue
				}
				var ops []*ssa.Value
				if c, ok := instr.(ssa.CallInstruction); ok {
					if lit, ok := c.Common().Value.(*ssa.Function); ok && lit.Parent() != nil {
						b.calls[lit] = append(b.calls[lit], c)
					}
					ops = c.Common().Operands(nil)[1:] // skip the callee
				} else {
					ops = instr.Operands(nil)
				}
				for _, op := range ops {
					if lit, ok := (*op).(*ssa.Function); ok && lit.Parent() != nil {
						b.escapes[lit] = true
					}
				}
			}
		}
	}
	for _, file := range b.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				b.callAt[call.Lparen] = call
			}
			if rs, ok := n.(*ast.RangeStmt); ok {
				if t := b.pass.TypesInfo.TypeOf(rs.X); t != nil {
					if _, ok := t.Underlying().(*types.Chan); ok {
						b.rangeFor[rs.For] = true
					}
				}
			}
			return true
		})
	}
}

// fn returns the model of f, creating it.
func (b *builder) fn(f *ssa.Function) *Func {
	if mf := b.m.byFn[f]; mf != nil {
		return mf
	}
	mf := &Func{Fn: f, Syntax: f.Syntax(), File: srcedit.FileOf(b.pass, f.Pos())}
	if f.Parent() != nil {
		for _, c := range b.calls[f] {
			if _, ok := c.(*ssa.Defer); ok && !b.escapes[f] {
				mf.Deferred = true
			}
		}
	}
	b.m.byFn[f] = mf
	return mf
}

// collect walks every instruction of every source function once.
func (b *builder) collect() {
	for _, f := range b.funcs {
		for _, blk := range f.Blocks {
			for _, instr := range blk.Instrs {
				b.instr(f, instr)
			}
		}
	}
	// Keep Funcs in source order, and link spawns to their bodies.
	for _, f := range b.funcs {
		if mf := b.m.byFn[f]; mf != nil {
			b.m.Funcs = append(b.m.Funcs, mf)
		}
	}
	for _, s := range b.m.Spawns {
		if s.Target != nil {
			if body := b.m.byFn[s.Target]; body != nil {
				s.Body = body
				body.SpawnedBy = append(body.SpawnedBy, s)
			}
		}
	}
}

func (b *builder) instr(f *ssa.Function, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Go:
		b.spawn(f, GoStmt, in, in.Common(), in.Pos(), Ref{})
	case *ssa.Call:
		b.call(f, in, false)
	case *ssa.Defer:
		b.call(f, in, true)
	case *ssa.MakeChan:
		c := &Chan{Make: in, Pos: in.Pos(), Cap: -1, Func: b.fn(f)}
		if k, ok := in.Size.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
			if n, exact := constant.Int64Val(k.Value); exact {
				c.Cap = n
			}
		}
		b.m.Chans = append(b.m.Chans, c)
		b.m.chanByMk[in] = c
	case *ssa.Send:
		b.chanOp(f, Send, in, in.Chan, in.Pos(), nil, false)
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			kind := Recv
			if in.CommaOk && b.rangeFor[in.Pos()] {
				kind = Range
			}
			b.chanOp(f, kind, in, in.X, in.Pos(), nil, false)
		}
	case *ssa.Select:
		sel := &Select{Pos: in.Pos(), Instr: in, HasDefault: !in.Blocking}
		for _, st := range in.States {
			kind := Recv
			if st.Dir == types.SendOnly {
				kind = Send
			}
			sel.Cases = append(sel.Cases, b.chanOp(f, kind, in, st.Chan, st.Pos, sel, false))
		}
	}
}

func (b *builder) chanOp(f *ssa.Function, kind ChanOpKind, instr ssa.Instruction, ch ssa.Value, pos token.Pos, sel *Select, deferred bool) *ChanOp {
	mf := b.fn(f)
	op := &ChanOp{Kind: kind, Pos: pos, Instr: instr, Func: mf, Chan: b.resolve(ch), Select: sel, Deferred: deferred}
	mf.ChanOps = append(mf.ChanOps, op)
	if mk, ok := op.Chan.Root.(*ssa.MakeChan); ok && len(op.Chan.Fields) == 0 {
		if c := b.m.chanByMk[mk]; c != nil {
			c.Ops = append(c.Ops, op)
		}
	}
	return op
}

// call classifies a call or deferred call.
func (b *builder) call(f *ssa.Function, c ssa.CallInstruction, deferred bool) {
	common := c.Common()
	if bi, ok := common.Value.(*ssa.Builtin); ok {
		if bi.Name() == "close" && len(common.Args) == 1 {
			pos, _ := b.callSyntax(c)
			b.chanOp(f, Close, c, common.Args[0], pos, nil, deferred)
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil {
		return
	}
	pkg, recv, name := obj.Pkg().Path(), RecvName(obj), obj.Name()
	switch {
	case pkg == pathSync && (recv == "Mutex" || recv == "RWMutex"):
		kind, ok := lockKinds[name]
		if !ok || len(common.Args) == 0 {
			return
		}
		mf := b.fn(f)
		pos, syntax := b.callSyntax(c)
		mf.LockOps = append(mf.LockOps, &LockOp{
			Kind: kind, Pos: pos, Syntax: syntax, Instr: c, Func: mf,
			Mutex: b.resolve(common.Args[0]), RW: recv == "RWMutex", Deferred: deferred,
		})
	case pkg == pathSync && recv == "WaitGroup":
		kind, ok := wgKinds[name]
		if !ok || len(common.Args) == 0 {
			return
		}
		mf := b.fn(f)
		pos, syntax := b.callSyntax(c)
		op := &WGOp{Kind: kind, Pos: pos, Syntax: syntax, Instr: c, Func: mf, WG: b.resolve(common.Args[0]), Deferred: deferred}
		switch kind {
		case Add:
			if k, ok := common.Args[1].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
				op.Delta, op.DeltaOK = constant.Int64Val(k.Value)
			}
		case Done:
			op.Delta, op.DeltaOK = -1, true
		case Go:
			if !deferred && len(common.Args) == 2 {
				op.Spawn = b.spawnFunc(f, WaitGroupGo, c, common.Args[1], op.WG)
			}
		}
		mf.WGOps = append(mf.WGOps, op)
	case pkg == pathErrgroup && recv == "Group" && (name == "Go" || name == "TryGo"):
		if !deferred && len(common.Args) == 2 {
			b.spawnFunc(f, ErrgroupGo, c, common.Args[1], b.resolve(common.Args[0]))
		}
	case recv == "" && (pkg == pathContext && ctxConstructors[name] || pkg == pathSignal && name == "NotifyContext"):
		call, ok := c.(*ssa.Call)
		if !ok {
			return
		}
		mf := b.fn(f)
		pos, syntax := b.callSyntax(c)
		cc := &CtxCall{Name: obj.Pkg().Name() + "." + name, Pos: pos, Syntax: syntax, Call: call, Func: mf}
		for _, ref := range *call.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok {
				switch ex.Index {
				case 0:
					cc.Ctx = ex
				case 1:
					if len(*ex.Referrers()) > 0 {
						cc.Cancel = ex
					}
				}
			}
		}
		mf.Contexts = append(mf.Contexts, cc)
	}
}

// callSyntax returns the call expression of c and where it starts (for a
// deferred call, the call after the defer keyword).
func (b *builder) callSyntax(c ssa.CallInstruction) (token.Pos, *ast.CallExpr) {
	if call := b.callAt[c.Common().Pos()]; call != nil {
		return call.Pos(), call
	}
	return c.Pos(), nil
}

var lockKinds = map[string]LockKind{
	"Lock": Lock, "Unlock": Unlock, "RLock": RLock, "RUnlock": RUnlock,
	"TryLock": TryLock, "TryRLock": TryRLock,
}

var wgKinds = map[string]WGKind{"Add": Add, "Done": Done, "Wait": Wait, "Go": Go}

var ctxConstructors = map[string]bool{
	"WithCancel": true, "WithCancelCause": true,
	"WithTimeout": true, "WithTimeoutCause": true,
	"WithDeadline": true, "WithDeadlineCause": true,
}

// RecvName returns the name of the named type a method is declared on ("" for
// a function).
func RecvName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// spawnFunc records a Go-method spawn whose function is the value fv.
func (b *builder) spawnFunc(f *ssa.Function, kind SpawnKind, c ssa.CallInstruction, fv ssa.Value, group Ref) *Spawn {
	common := &ssa.CallCommon{Value: fv}
	return b.spawn(f, kind, c, common, c.Pos(), group)
}

// spawn records a spawn site whose goroutine runs the call common.
func (b *builder) spawn(f *ssa.Function, kind SpawnKind, instr ssa.Instruction, common *ssa.CallCommon, pos token.Pos, group Ref) *Spawn {
	mf := b.fn(f)
	s := &Spawn{Kind: kind, Pos: pos, Instr: instr, Func: mf, Group: group}
	target, args := b.target(common)
	s.Target, s.Args = target, args
	if target != nil {
		s.Callee, _ = target.Object().(*types.Func)
		if mc, ok := common.Value.(*ssa.MakeClosure); ok && target.Parent() != nil {
			for i, fv := range target.FreeVars {
				if i < len(mc.Bindings) {
					s.Captures = append(s.Captures, &Capture{
						Name: fv.Name(), Pos: mc.Bindings[i].Pos(), Value: mc.Bindings[i], Ref: b.resolve(mc.Bindings[i]),
					})
				}
			}
		}
	}
	if mf.File != nil {
		path := srcedit.Enclosing(mf.File, pos, pos)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.GoStmt:
				if s.Syntax == nil && kind == GoStmt {
					s.Syntax = n
				}
			case *ast.CallExpr:
				if s.Syntax == nil && kind != GoStmt {
					s.Syntax = n
				}
			case *ast.ForStmt:
				s.Loops = append(s.Loops, n)
			case *ast.RangeStmt:
				s.Loops = append(s.Loops, n)
			}
			if n == mf.Syntax {
				break
			}
		}
		if s.Syntax != nil && kind != GoStmt {
			s.Pos = s.Syntax.Pos()
		}
	}
	mf.Spawns = append(mf.Spawns, s)
	b.m.Spawns = append(b.m.Spawns, s)
	return s
}

// target returns the function a call runs and the values bound to its
// parameters (the receiver first for methods). A method value (x.m) is
// resolved to the method with x as receiver; a generic instance to its
// generic function.
func (b *builder) target(common *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if common.IsInvoke() {
		return nil, nil
	}
	callee := common.StaticCallee()
	if callee == nil {
		return nil, nil
	}
	args := common.Args
	if mc, ok := common.Value.(*ssa.MakeClosure); ok && callee.Synthetic != "" && callee.Object() != nil && len(mc.Bindings) == 1 {
		// A bound method wrapper: t.m as a value.
		if obj, ok := callee.Object().(*types.Func); ok {
			if m := callee.Prog.FuncValue(obj); m != nil {
				callee = m
				args = append([]ssa.Value{mc.Bindings[0]}, args...)
			}
		}
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	return callee, args
}

// phaseKind is the kind of the model's phase lines in internal/timing:
// PF in a facts-only run, PR otherwise.
func phaseKind() string {
	if FactsOnly {
		return "PF"
	}
	return "PR"
}

package engine

import (
	"fmt"
	"log"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

const doc = `explore the goroutines of a package for the states in which they block forever

The engine builds a skeleton of every function of the package (its
concurrency operations in control-flow order) and explores each root with the
goroutines it starts, interleaved, within explicit bounds. It reports
nothing; the checks query its Result.`

// Analyzer runs the engine on a package. Checks list it in Requires and read
// pass.ResultOf[engine.Analyzer].(*engine.Result).
var Analyzer = &analysis.Analyzer{
	Name:       "concengine",
	Doc:        doc,
	URL:        "https://pkg.go.dev/github.com/concvet/concvet/internal/engine",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	ResultType: reflect.TypeFor[*Prog](),
	Run:        build,
}

// Explorer explores the package's roots and gives the goroutines stuck in
// them (Result). It is separate from Analyzer so that a check that asks
// only about the program (loopctx's loop exits) does not pay for it.
var Explorer = &analysis.Analyzer{
	Name:       "concexplore",
	Doc:        "concexplore explores the package's roots with the goroutines they start, within explicit bounds, and gives the goroutines that block forever (see package engine)",
	URL:        "https://pkg.go.dev/github.com/concvet/concvet/internal/engine",
	Requires:   []*analysis.Analyzer{Analyzer, model.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run:        run,
}

// debugEngine prints each root's numbers on stderr (CONCVET_ENGINE_DEBUG=1),
// or appends them to a file (CONCVET_ENGINE_DEBUG=/path: go vet shows a
// tool's stderr only once the package is done).
var debugEngine = os.Getenv("CONCVET_ENGINE_DEBUG") != ""

func debugf(format string, args ...any) {
	w := os.Stderr
	if name := os.Getenv("CONCVET_ENGINE_DEBUG"); strings.HasPrefix(name, "/") {
		f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			defer f.Close()
			w = f
		}
	}
	fmt.Fprintf(w, format, args...)
}

// debugOnly, under CONCVET_ENGINE_DEBUG, names the one root to explore.
var debugOnly = os.Getenv("CONCVET_ENGINE_ONLY")

// PackageStates bounds the work of all roots of one package together, in
// states (Stats.Work: a state, or sixteen local operations).
const PackageStates = 6_000

// Result is what the engine found in a package.
type Result struct {
	Prog *Prog
	// Stuck lists, in the order the roots were explored, each blocked
	// operation once (the first path found that blocks it).
	Stuck []*Stuck
	// Roots are the explorations run, with their numbers.
	Roots []RootStats
	// Errors are internal failures of the engine on a root (it skips the
	// root rather than fail the analysis).
	Errors []string
	// Hit is BoundStates when roots were left unexplored for the
	// package's budget.
	Hit Bound
}

// RootStats are the numbers of one root's exploration.
type RootStats struct {
	Root  *Func
	Stats Stats
}

// build makes the package's program: caps, skeletons and summaries. It is
// nil when the package has no SSA.
func build(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil {
		return (*Prog)(nil), nil
	}
	p := newProg(pass.Pkg, m)
	p.sources = m.SourceFuncs()
	return p, nil
}

// ensureCaps computes the caps, all a skeleton needs: loopctx asks about
// the loops of a few functions, whose skeletons are then made one by one.
func (p *Prog) ensureCaps() {
	p.capsOnce.Do(func() { p.computeCaps(p.sources) })
}

// ensure builds the program on first use: a package where no check asks
// (loopctx finds no loop to ask about) pays nothing.
func (p *Prog) ensure() {
	p.once.Do(func() {
		t0 := time.Now()
		p.ensureCaps()
		t1 := time.Now()
		p.buildMu.Lock()
		for _, fn := range p.sources {
			p.funcOf(fn)
		}
		p.buildMu.Unlock()
		t2 := time.Now()
		p.computeSummaries()
		if debugEngine {
			debugf("engine: %s: caps %v, skeletons %v (%d), summaries %v\n", p.Pkg.Path(), t1.Sub(t0), t2.Sub(t1), len(p.funcs), time.Since(t2))
		}
	})
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	p := pass.ResultOf[Analyzer].(*Prog)
	res := &Result{Prog: p}
	if p == nil {
		return res, nil
	}
	p.ensure()
	funcs := m.SourceFuncs()
	// Roots, smallest first: small functions are where a leak is plain and
	// cheap to find; the package's budget goes to them before the large
	// event loops. Before them all, the roots that make a channel and
	// start a goroutine themselves (the shape of most leaks: a test's
	// literal that starts a server and waits on its result), so that a
	// package with many roots that only call into code that does (a
	// server's API) does not spend the budget on those first.
	type root struct {
		fn   *ssa.Function
		f    *Func
		own  bool
		size int
	}
	var roots []root
	for _, fn := range funcs {
		f := p.funcOf(fn)
		if f == nil || !p.isRoot(fn, f, pass) {
			continue
		}
		roots = append(roots, root{fn, f, f.has(OpMakeChan) && f.has(OpGo), f.size()})
	}
	sort.SliceStable(roots, func(i, j int) bool {
		if roots[i].own != roots[j].own {
			return roots[i].own
		}
		return roots[i].size < roots[j].size
	})
	budget := PackageStates
	for _, r := range roots {
		if budget <= 0 {
			res.Hit |= BoundStates
			sayBudget(pass, r.f)
			break
		}
		f := r.f
		if debugOnly != "" && f.Name != debugOnly {
			continue
		}
		lim := DefaultLimits
		if lim.States > budget {
			lim.States = budget
		}
		if debugEngine {
			debugf("engine: exploring %s\n", f.Name)
		}
		t0 := time.Now()
		stats, stuck, err := p.Explore(f, lim, nil)
		if debugEngine {
			debugf("engine: %s: %+v in %v\n", f.Name, stats, time.Since(t0))
		}
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
			continue
		}
		budget -= stats.Work
		if stats.Hit&(BoundStates|BoundSteps|BoundLocal|BoundObjects) != 0 {
			sayBound(pass, f, stats)
		}
		res.Roots = append(res.Roots, RootStats{Root: f, Stats: stats})
		res.add(stuck)
	}
	return res, nil
}

// add records the stuck operations not found before; a path that depends
// less on what the environment decided replaces one found first.
func (r *Result) add(stuck []*Stuck) {
	for _, st := range stuck {
		dup := false
		for i, o := range r.Stuck {
			if o.Op == st.Op && o.Kind == st.Kind {
				dup = true
				if st.byEnv() < o.byEnv() {
					r.Stuck[i] = st
				}
				break
			}
		}
		if !dup {
			r.Stuck = append(r.Stuck, st)
		}
	}
}

// isRoot reports whether fn is explored on its own: it makes a channel, or
// calls a function of the package that does (a goroutine it starts, or it
// itself, may be stranded on it), or sends on (receives from) a channel
// field nothing in the package receives from (sends on); and it is not a
// literal that its enclosing function only calls or starts right where it
// makes it (that function's exploration runs it). A function that only
// starts goroutines on channels it is given is not a root: the checks ask
// about channels by their make, and the function that makes them is
// explored. (allRoots, for the engine's own tests, explores every function
// that starts a goroutine too.)
func (p *Prog) isRoot(fn *ssa.Function, f *Func, pass *analysis.Pass) bool {
	if !f.Spawns && !f.Blocking {
		return false
	}
	if !p.makesChan(f) && !f.deadField() && !(allRoots && f.Spawns) {
		return false
	}
	if file := srcedit.FileOf(pass, fn.Pos()); file != nil && srcedit.Generated(file) {
		return false
	}
	if fn.Parent() == nil {
		return true
	}
	// A literal: explored with its parent unless it is used other than as
	// the callee of a call, go or defer.
	called := func(v ssa.Value, r ssa.Instruction) bool {
		c, ok := r.(ssa.CallInstruction)
		if !ok || c.Common().Value != v {
			return false
		}
		for _, a := range c.Common().Args {
			if a == v {
				return false
			}
		}
		return true
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				for _, r := range *mc.Referrers() {
					if !called(mc, r) {
						return true
					}
				}
				continue
			}
			for _, op := range instr.Operands(nil) {
				if *op == ssa.Value(fn) && !called(fn, instr) {
					return true
				}
			}
		}
	}
	return false
}

// allRoots makes every function that starts a goroutine a root (the
// engine's tests of what blocks: a Cond, a context, a nil channel).
var allRoots = false

// has reports whether f has an operation of kind k of its own.
func (f *Func) has(k OpKind) bool {
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			if op.Kind == k {
				return true
			}
		}
	}
	return false
}

// makesChan reports whether f, or a function of the package it calls (not
// one it starts: that one is a root of its own), makes a channel. The
// answer is memoised in f; a function met again while its own answer is
// being computed (recursion) counts as not making one.
func (p *Prog) makesChan(f *Func) bool {
	if f == nil {
		return false
	}
	switch f.makes {
	case makesYes:
		return true
	case makesNo:
		return false
	}
	f.makes = makesNo // until known: what recursion back into f sees
	if p.makesChanNow(f) {
		f.makes = makesYes
	}
	return f.makes == makesYes
}

// makesChanNow is makesChan without the memo of f itself.
func (p *Prog) makesChanNow(f *Func) bool {
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			if op.Kind == OpMakeChan {
				return true
			}
			if (op.Kind == OpCall || op.Kind == OpDefer) && op.Fn != nil && op.Fn.Synth == "" && p.makesChan(op.Fn) {
				return true
			}
		}
	}
	return false
}

// The states of Func.makes.
const (
	makesUnknown int8 = iota
	makesYes
	makesNo
)

// Explore explores root with the goroutines it starts, within lim, and
// returns the numbers and the goroutines stuck in its terminal states. An
// internal failure is returned as an error, not a panic. ov, when not nil,
// replaces the buffer size of one make site (to check a fix).
func (p *Prog) Explore(root *Func, lim Limits, ov *override) (stats Stats, stuck []*Stuck, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("engine: exploring %s: %v\n%s", root.Name, r, debug.Stack())
		}
	}()
	e := newExplorer(p, root, lim)
	e.over = ov
	e.terminal = func(s *State) {
		stuck = append(stuck, e.analyse(s)...)
	}
	stats = e.run()
	for _, st := range stuck {
		st.Stats = stats
	}
	return stats, stuck, nil
}

// MaxSends explores root with the channels made at mk unbounded, and
// returns the most values sent on one of them on a path. ok is false when
// the exploration was cut by a bound, or a goroutine still blocks forever
// sending on one: then no buffer size is known to be enough.
func (p *Prog) MaxSends(root *Func, mk *Op) (n int, ok bool) {
	if mk == nil || mk.Kind != OpMakeChan {
		return 0, false
	}
	ok = true
	lim := DefaultLimits
	e := newExplorer(p, root, lim)
	e.over = &override{site: mk.Site, inf: true, slot: -1}
	e.terminal = func(s *State) {
		counts := map[int32]int{}
		for ev := s.Trace; ev != nil; ev = ev.prev {
			if ev.Obj < 0 || ev.Op == nil || ev.Site != mk.Site {
				continue
			}
			if ev.Op.Kind == OpSend || ev.Op.Kind == OpSelect && ev.Choice >= 0 && int(ev.Choice) < len(ev.Op.Cases) && ev.Op.Cases[ev.Choice].Send {
				counts[ev.Obj]++
				n = max(n, counts[ev.Obj])
			}
		}
		for _, st := range e.analyse(s) {
			if st.Make == mk && (st.Kind == StuckSend || st.Kind == StuckSelect) {
				ok = false
			}
		}
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ok = false
			}
		}()
		e.run()
	}()
	if e.stats.Hit != 0 {
		ok = false
	}
	return n, ok
}

// LenSuffices reports whether, with the channels made at mk buffered to
// len() of root's parameter param, no goroutine blocks forever sending on
// one in root's exploration. Cutting the number of goroutines a go
// statement starts is allowed: the buffer grows with the collection.
func (p *Prog) LenSuffices(root *Func, mk *Op, param int) bool {
	if mk == nil || mk.Kind != OpMakeChan || param < 0 || param >= root.NParams {
		return false
	}
	ok := true
	e := newExplorer(p, root, DefaultLimits)
	e.over = &override{site: mk.Site, slot: int32(param)}
	e.terminal = func(s *State) {
		for _, st := range e.analyse(s) {
			if st.Make == mk && (st.Kind == StuckSend || st.Kind == StuckSelect) {
				ok = false
			}
		}
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ok = false
			}
		}()
		e.run()
	}()
	return ok && e.stats.Hit&^(BoundInstances|BoundScope) == 0
}

// size is the number of operations of f.
func (f *Func) size() int {
	n := 0
	for _, b := range f.Blocks {
		n += len(b.Ops) + 1
	}
	return n
}

// deadField reports whether f sends on (or receives from) a channel field
// that nothing in the package receives from (sends on or closes).
func (f *Func) deadField() bool {
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			var need Caps
			switch op.Kind {
			case OpSend:
				need = CapRecv
			case OpRecv:
				need = CapSend | CapClose
			default:
				continue
			}
			ld := f.def(int32(op.A))
			if ld == nil || ld.Kind != OpLoad {
				continue
			}
			fd := f.def(int32(ld.A))
			if fd == nil || fd.Kind != OpField || fd.Field == nil || fd.Field.Type == nil || fd.Field.Type.Elem == nil {
				continue
			}
			if x := fd.Field.Type.Elem; x.Kind == ObjChan && x.Caps&need == 0 {
				return true
			}
		}
	}
	return false
}

// said records that the engine has said, once per process, that it
// stopped at a bound (under -v only).
var said sync.Map

func sayBound(pass *analysis.Pass, f *Func, stats Stats) {
	if !model.Verbose() {
		return
	}
	if _, done := said.LoadOrStore("bound", true); done {
		return
	}
	log.Printf("concengine: stopped exploring %s (%s) at its bounds (%d states): findings there may be missed, none is made up (later cases are not listed)", f.Name, pass.Fset.Position(f.Fn.Pos()), stats.States)
}

func sayBudget(pass *analysis.Pass, f *Func) {
	if !model.Verbose() {
		return
	}
	if _, done := said.LoadOrStore("budget", true); done {
		return
	}
	log.Printf("concengine: package %s spent its budget of %d states: %s and larger functions were not explored (later cases are not listed)", pass.Pkg.Path(), PackageStates, f.Name)
}

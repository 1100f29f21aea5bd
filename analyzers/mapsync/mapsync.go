package mapsync

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "mapsync",
	Doc:      checkdoc.MustExtract(doc, "mapsync"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/mapsync",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil {
		return nil, nil
	}
	c := &checker{pass: pass, m: m, reported: map[token.Pos]bool{}}
	for _, f := range m.Funcs {
		if len(f.Spawns) == 0 || f.File == nil || srcedit.Generated(f.File) || m.Oversized(pass, pass.Analyzer.Name, f.Fn) {
			continue
		}
		c.spawner(f)
	}
	c.guardedBy()
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	m        *model.Model
	reported map[token.Pos]bool // writes already reported
}

// access is one access to a map.
type access struct {
	instr ssa.Instruction
	ref   model.Ref // the map, in the spawner's terms
	write bool
	pos   token.Pos
	spawn *model.Spawn // the goroutine performing it; nil for the spawner
}

func (a access) acc() model.Access {
	return model.Access{Instr: a.instr, Write: a.write, Spawn: a.spawn}
}

// mapAccesses returns the map accesses of fn's own code: writes (m[k] = v,
// m[k] op= v, m[k]++, delete, clear) and reads (m[k], range), with the
// map value each acts on.
func mapAccesses(fn *ssa.Function) []rawAccess {
	var out []rawAccess
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			switch in := instr.(type) {
			case *ssa.MapUpdate:
				out = append(out, rawAccess{in, in.Map, true})
			case *ssa.Lookup:
				if isMap(in.X.Type()) {
					out = append(out, rawAccess{in, in.X, false})
				}
			case *ssa.Range:
				if isMap(in.X.Type()) {
					out = append(out, rawAccess{in, in.X, false})
				}
			case *ssa.Call:
				if b, ok := in.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") && len(in.Call.Args) > 0 && isMap(in.Call.Args[0].Type()) {
					out = append(out, rawAccess{in, in.Call.Args[0], true})
				}
			}
		}
	}
	return out
}

type rawAccess struct {
	instr ssa.Instruction
	mapv  ssa.Value
	write bool
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// goroutineAccesses returns the map accesses of the goroutine started by s
// (its function and the literals it calls), on maps shared with the
// spawner: maps made in the goroutine, or reached only through its own
// values, are left out.
func (c *checker) goroutineAccesses(s *model.Spawn) []access {
	if s.Target == nil || s.Target.Blocks == nil || s.Target.Pkg != c.m.SSA {
		return nil
	}
	body := c.m.SyncBody(s.Target)
	var out []access
	for _, fn := range body {
		for _, a := range mapAccesses(fn) {
			r := c.m.InSpawner(s, c.m.Ref(a.mapv))
			if !c.shared(r, s.Func.Fn, body) {
				continue
			}
			out = append(out, access{instr: a.instr, ref: r, write: a.write, pos: a.instr.Pos(), spawn: s})
		}
	}
	return out
}

// shared reports whether the map named by r can be shared by the spawning
// function spawner and its goroutines (whose code is body): it is rooted in
// a package variable, a parameter or value of the spawner or of a function
// enclosing it.
func (c *checker) shared(r model.Ref, spawner *ssa.Function, body []*ssa.Function) bool {
	switch root := r.Root.(type) {
	case nil:
		return false
	case *ssa.Global:
		return true
	case *ssa.Parameter:
		return encloses(root.Parent(), spawner)
	case *ssa.FreeVar:
		return encloses(root.Parent(), spawner)
	case ssa.Instruction:
		if slices.Contains(body, root.Parent()) {
			return false
		}
		return encloses(root.Parent(), spawner)
	}
	return false
}

// encloses reports whether fn is f or a function enclosing the literal f.
func encloses(fn, f *ssa.Function) bool {
	for ; f != nil; f = f.Parent() {
		if f == fn {
			return true
		}
	}
	return false
}

// fresh returns the instruction of the spawner that makes the object r is
// rooted in, or nil.
func fresh(r model.Ref, spawner *ssa.Function) ssa.Instruction {
	if in, ok := r.Root.(ssa.Instruction); ok && in.Parent() == spawner {
		return in
	}
	return nil
}

// spawner checks the goroutines started by f.
func (c *checker) spawner(f *model.Func) {
	var own []access // the spawner's own accesses
	for _, a := range mapAccesses(f.Fn) {
		own = append(own, access{instr: a.instr, ref: c.m.Ref(a.mapv), write: a.write, pos: a.instr.Pos()})
	}
	byspawn := map[*model.Spawn][]access{}
	for _, s := range f.Spawns {
		byspawn[s] = c.goroutineAccesses(s)
	}
	done := map[string]bool{} // maps reported in f
	defer func() {
		// The spawner's writes while a goroutine reads the map.
		for _, o := range own {
			if !o.write || done[refKey(o.ref)] || c.reported[o.pos] {
				continue
			}
			if d, ok := c.spawnerWrite(f, o, byspawn); ok {
				done[refKey(o.ref)] = true
				c.reported[o.pos] = true
				c.pass.Report(d)
			}
		}
	}()
	for _, s := range f.Spawns {
		for _, w := range byspawn[s] {
			if !w.write || done[refKey(w.ref)] || c.reported[w.pos] {
				continue
			}
			if d, ok := c.race(f, s, w, own, byspawn); ok {
				done[refKey(w.ref)] = true
				c.reported[w.pos] = true
				c.pass.Report(d)
			}
		}
	}
}

// refKey identifies a Ref for deduplication within one function.
func refKey(r model.Ref) string {
	return fmt.Sprintf("%p.%s", r.Root, r.Path())
}

// race returns the diagnostic for the goroutine write w, when another
// access can run at the same time without a common lock.
func (c *checker) race(f *model.Func, s *model.Spawn, w access, own []access, byspawn map[*model.Spawn][]access) (analysis.Diagnostic, bool) {
	fr := fresh(w.ref, f.Fn)
	name := c.mapName(w)
	if c.m.Repeats(s, w.instr, fr) && !c.m.MaybeLocked(w.instr, s.Target) && !c.m.WaitsForTurn(s, w.instr) && !model.WinnerOnly(w.instr) {
		return analysis.Diagnostic{
			Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
			Message: fmt.Sprintf("%s is written by every goroutine started in this loop without a lock: concurrent map writes crash the program (guard %s with a sync.Mutex, or give each goroutine its own map and merge after Wait)",
				name, name),
			Related: []analysis.RelatedInformation{{Pos: s.Pos, Message: "the goroutines are started here"}},
		}, true
	}
	if c.m.WaitsBefore(s, w.instr) {
		return analysis.Diagnostic{}, false
	}
	for _, o := range own {
		if !o.ref.Same(w.ref) || !c.m.RunsWith(s, w.instr, o.instr, fr) || c.m.Locked(w.acc(), o.acc()) {
			continue
		}
		return analysis.Diagnostic{
			Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
			Message: fmt.Sprintf("%s is written by this goroutine while the function that starts it %s %s before waiting for it: concurrent map access crashes the program (guard both with a sync.Mutex, or wait for the goroutine first)",
				name, verb(o), name),
			Related: []analysis.RelatedInformation{
				{Pos: srcedit.StmtStart(c.pass, o.instr.Pos()), Message: "the concurrent " + noun(o)},
				{Pos: s.Pos, Message: "the goroutine is started here"},
			},
		}, true
	}
	for _, t := range f.Spawns {
		if t == s {
			continue
		}
		for _, o := range byspawn[t] {
			if !o.ref.Same(w.ref) || !c.m.Overlap(s, t, w.instr, o.instr, fr) || c.m.WaitsBefore(t, o.instr) || c.m.Locked(w.acc(), o.acc()) {
				continue
			}
			return analysis.Diagnostic{
				Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
				Message: fmt.Sprintf("%s is written by this goroutine while another goroutine of the same function %s it: concurrent map access crashes the program (guard both with a sync.Mutex, or use sync.Map)",
					name, verb(o)),
				Related: []analysis.RelatedInformation{
					{Pos: srcedit.StmtStart(c.pass, o.instr.Pos()), Message: "the concurrent " + noun(o)},
					{Pos: s.Pos, Message: "this goroutine is started here"},
					{Pos: t.Pos, Message: "the other goroutine is started here"},
				},
			}, true
		}
	}
	return analysis.Diagnostic{}, false
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

// mapName returns how the source names the map of w: the expression of
// the written map, or the Ref.
func (c *checker) mapName(w access) string {
	f := srcedit.FileOf(c.pass, w.instr.Pos())
	if f != nil {
		path := srcedit.Enclosing(f, w.instr.Pos(), w.instr.Pos())
		for _, n := range path {
			switch n := n.(type) {
			case *ast.IndexExpr:
				return types.ExprString(n.X)
			case *ast.CallExpr:
				if len(n.Args) > 0 {
					return types.ExprString(n.Args[0])
				}
			}
		}
	}
	return w.ref.String()
}

// spawnerWrite returns the diagnostic for the spawner's write o when a
// goroutine it started reads the map at the same time.
func (c *checker) spawnerWrite(f *model.Func, o access, byspawn map[*model.Spawn][]access) (analysis.Diagnostic, bool) {
	fr := fresh(o.ref, f.Fn)
	for _, s := range f.Spawns {
		for _, r := range byspawn[s] {
			if r.write || !r.ref.Same(o.ref) || !c.m.RunsWith(s, r.instr, o.instr, fr) || c.m.WaitsBefore(s, r.instr) || c.m.Locked(o.acc(), r.acc()) {
				continue
			}
			name := c.mapName(o)
			return analysis.Diagnostic{
				Pos: srcedit.StmtStart(c.pass, o.instr.Pos()),
				Message: fmt.Sprintf("%s is written after the go statement while the goroutine reads it: concurrent map read and write crashes the program (guard both with a sync.Mutex, or finish writing %s before starting the goroutine)",
					name, name),
				Related: []analysis.RelatedInformation{
					{Pos: srcedit.StmtStart(c.pass, r.instr.Pos()), Message: "the goroutine's read"},
					{Pos: s.Pos, Message: "the goroutine is started here"},
				},
			}, true
		}
	}
	return analysis.Diagnostic{}, false
}

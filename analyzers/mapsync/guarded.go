package mapsync

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// fieldWrite is a write to a map held in a struct field that has a mutex
// sibling field.
type fieldWrite struct {
	instr  ssa.Instruction
	ref    model.Ref   // the map
	mutex  []model.Ref // the struct's mutexes, on the same object
	field  *types.Var  // the map field (its origin)
	locked bool        // a mutex of the struct is held for writing on every path
}

// guardedBy reports writes to a map field made without the struct's
// mutex, when most writes to that field hold it.
func (c *checker) guardedBy() {
	byField := map[*types.Var][]fieldWrite{}
	var fields []*types.Var
	for _, fn := range c.m.SourceFuncs() {
		for _, a := range mapAccesses(fn) {
			if !a.write {
				continue
			}
			w, ok := c.fieldWrite(a)
			if !ok {
				continue
			}
			if _, seen := byField[w.field]; !seen {
				fields = append(fields, w.field)
			}
			byField[w.field] = append(byField[w.field], w)
		}
	}
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Pos() < fields[j].Pos() })
	for _, f := range fields {
		ws := byField[f]
		var locked, unlocked []fieldWrite
		for _, w := range ws {
			switch {
			case w.locked:
				locked = append(locked, w)
			case !c.m.MaybeLocked(w.instr, nil):
				unlocked = append(unlocked, w)
			}
		}
		if len(locked) < 2 || len(locked) <= len(unlocked) {
			continue
		}
		for _, w := range unlocked {
			if c.reported[w.instr.Pos()] || !c.suspect(w) {
				continue
			}
			c.reported[w.instr.Pos()] = true
			mu := w.mutex[0]
			name := c.mapName(access{instr: w.instr, ref: w.ref})
			c.pass.Report(analysis.Diagnostic{
				Pos: srcedit.StmtStart(c.pass, w.instr.Pos()),
				Message: fmt.Sprintf("%s is written without holding %s, which guards it at %d other writes: a concurrent write crashes the program (lock %s around this write)",
					name, muName(name, mu), len(locked), muName(name, mu)),
				Related: []analysis.RelatedInformation{{Pos: srcedit.StmtStart(c.pass, locked[0].instr.Pos()), Message: "a write of the field under the mutex"}},
			})
		}
	}
}

// muName names the mutex next to the map expression name ("s.m" and mu
// give "s.mu").
func muName(mapName string, mu model.Ref) string {
	last := mu.Fields[len(mu.Fields)-1].Name()
	if i := strings.LastIndex(mapName, "."); i >= 0 {
		return mapName[:i+1] + last
	}
	return last
}

// fieldWrite describes the map write a when its map is a field of a struct
// with a sync.Mutex or sync.RWMutex field.
func (c *checker) fieldWrite(a rawAccess) (fieldWrite, bool) {
	r := c.m.Ref(a.mapv)
	if !r.Valid() || len(r.Fields) == 0 {
		return fieldWrite{}, false
	}
	field := r.Fields[len(r.Fields)-1]
	base := model.Ref{Root: r.Root, Fields: r.Fields[:len(r.Fields)-1]}
	st := structOf(field, base)
	if st == nil {
		return fieldWrite{}, false
	}
	var mutexes []model.Ref
	for i := range st.NumFields() {
		if model.IsSync(st.Field(i).Type(), "Mutex", "RWMutex") {
			mutexes = append(mutexes, model.Ref{Root: base.Root, Fields: append(append([]*types.Var(nil), base.Fields...), st.Field(i))})
		}
	}
	if len(mutexes) == 0 {
		return fieldWrite{}, false
	}
	w := fieldWrite{instr: a.instr, ref: r, mutex: mutexes, field: field.Origin()}
	for _, h := range c.m.HeldAt(a.instr) {
		for _, mu := range mutexes {
			if !h.Read && h.Mutex.Same(mu) {
				w.locked = true
			}
		}
	}
	return w, true
}

// structOf returns the struct type that declares field, as seen from base.
func structOf(field *types.Var, base model.Ref) *types.Struct {
	var t types.Type
	if len(base.Fields) > 0 {
		t = base.Fields[len(base.Fields)-1].Type()
	} else {
		t = base.Root.Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem() // the storage of a variable
		}
	}
	for range 2 {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		if st.Field(i) == field {
			return st
		}
	}
	return nil
}

// suspect reports whether the unlocked write w is in code that can run
// while the struct is shared: a goroutine's code or an exported method, not
// a constructor, not a function documented or named as called with the
// lock held, and not called anywhere with a lock held.
func (c *checker) suspect(w fieldWrite) bool {
	fn := w.instr.Parent()
	// The object must come from outside the function: one made here has
	// not escaped yet.
	switch root := w.ref.Root.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
	case ssa.Instruction:
		if root.Parent() == fn || encloses(root.Parent(), fn) {
			return false
		}
	default:
		return false
	}
	decl := fn
	for decl.Parent() != nil {
		if !c.spawned(decl) && !slices.Contains(c.m.SyncBody(decl.Parent()), decl) {
			return false // a callback (sync.Once.Do, a hook): run at times not known here
		}
		decl = decl.Parent()
	}
	if decl.Synthetic != "" || decl.Syntax() == nil {
		return false
	}
	name := decl.Name()
	lower := strings.ToLower(name)
	for _, p := range []string{"new", "init", "make", "build", "setup", "reset", "load", "register", "must", "test", "create", "clone", "copy"} {
		if strings.HasPrefix(lower, p) {
			return false
		}
	}
	if strings.HasSuffix(lower, "locked") || strings.Contains(lower, "lock") {
		return false
	}
	if fd, ok := decl.Syntax().(*ast.FuncDecl); ok && fd.Doc != nil {
		text := strings.ToLower(fd.Doc.Text())
		for _, k := range []string{"lock", "hold", "held", "mutex", "not safe", "concurren", "synchron"} {
			if strings.Contains(text, k) {
				return false
			}
		}
	}
	if c.calledLocked(decl) {
		return false
	}
	exported := unicode.IsUpper([]rune(name)[0]) && decl.Signature.Recv() != nil
	return exported || c.spawned(fn)
}

// spawned reports whether fn, or a function enclosing it, is run by a
// goroutine of the package.
func (c *checker) spawned(fn *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		for _, s := range c.m.Spawns {
			if s.Target == fn {
				return true
			}
		}
	}
	return false
}

// calledLocked reports whether some call of fn in the package may run with
// a lock held, or fn is used other than by calls (its callers are not
// known).
func (c *checker) calledLocked(fn *ssa.Function) bool {
	for _, f := range c.m.SourceFuncs() {
		for _, blk := range f.Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok || call.Common().StaticCallee() != fn {
					continue
				}
				if c.m.MaybeLocked(instr, nil) {
					return true
				}
			}
		}
	}
	return false
}

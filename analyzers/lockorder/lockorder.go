package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "lockorder",
	Doc:      checkdoc.MustExtract(doc, "lockorder"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/lockorder",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

// side is one side of an inversion: an edge of this package, or of a fact.
type side struct {
	local *model.LockEdge
	fact  *model.OrderEdge
}

func (s side) reads() (held, acq bool) {
	if s.local != nil {
		return s.local.Held.Read, s.local.Acq.Read
	}
	return s.fact.HeldRead, s.fact.AcqRead
}

func (s side) gate() []string {
	if s.local != nil {
		return s.local.Gate
	}
	return s.fact.Gate
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	edges := m.LockEdges()
	if len(edges) == 0 {
		return nil, nil
	}
	// The reverse sides: this package's edges first, then the facts of
	// the packages it imports, each pair of classes once.
	byPair := map[[2]string]side{}
	for _, e := range edges {
		k := [2]string{e.HeldClass, e.Acq.Class}
		if _, ok := byPair[k]; !ok {
			byPair[k] = side{local: e}
		}
	}
	for _, lo := range m.ImportedLockOrder() {
		for i := range lo.Edges {
			e := &lo.Edges[i]
			k := [2]string{e.Held, e.Acq}
			if _, ok := byPair[k]; !ok {
				byPair[k] = side{fact: e}
			}
		}
	}
	reported := map[[2]string]bool{}
	for _, e := range edges {
		f := e.Func
		if f.File == nil || srcedit.Generated(f.File) {
			continue
		}
		pair := [2]string{min(e.HeldClass, e.Acq.Class), max(e.HeldClass, e.Acq.Class)}
		if reported[pair] {
			continue
		}
		other, ok := byPair[[2]string{e.Acq.Class, e.HeldClass}]
		if !ok || !deadlocks(side{local: e}, other) {
			continue
		}
		reported[pair] = true
		report(pass, e, other)
	}
	return nil, nil
}

// deadlocks reports whether two edges in opposite orders can deadlock.
// Not when a mutex is read-locked on both sides: readers share it, and
// block each other only behind a writer that queues in between, which
// the analysis cannot place. Not when both are taken under a common third
// mutex (a gate lock orders them).
func deadlocks(a, b side) bool {
	ah, aa := a.reads()
	bh, ba := b.reads()
	if aa && bh || ah && ba {
		return false
	}
	for _, g := range a.gate() {
		if slices.Contains(b.gate(), g) {
			return false
		}
	}
	return true
}

func report(pass *analysis.Pass, e *model.LockEdge, other side) {
	held, acq := e.HeldName, e.Acq.Name
	var related []analysis.RelatedInformation
	if e.Held.Lock != nil {
		related = append(related, analysis.RelatedInformation{Pos: e.Held.Lock.Pos, Message: held + " is locked here"})
	}
	if len(e.Acq.Via) > 0 {
		related = append(related, chain(e.Acq, acq)...)
	}
	var where string
	if o := other.local; o != nil {
		where = o.Func.Fn.Name()
		if p := o.Func.Fn.Parent(); p != nil {
			for p.Parent() != nil {
				p = p.Parent()
			}
			where = "a function literal in " + p.Name()
		}
		if o.Held.Lock != nil {
			related = append(related, analysis.RelatedInformation{Pos: o.Held.Lock.Pos, Message: where + " locks " + acq + " here"})
		}
		if c := chain(o.Acq, held); len(c) > 0 {
			c[0].Message = "then " + c[0].Message
			related = append(related, c...)
		}
	} else {
		f := other.fact
		where = f.Func
		if f.Where != "" {
			where += " (" + f.Where + ")"
		}
	}
	msg := fmt.Sprintf("lock order inversion: %s is locked while holding %s, but %s locks %s while holding %s: two goroutines running both can each hold one and wait forever for the other (take %s and %s in one order everywhere)",
		acq, held, where, held, acq, held, acq)
	pass.Report(analysis.Diagnostic{Pos: e.Pos(), Category: "lockorder", Message: msg, Related: related})
}

// chain describes the calls that lead from an edge's function to the Lock
// of name, and the Lock itself when it is in this package.
func chain(a model.Acquisition, name string) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for i, pos := range a.Via {
		msg := "calls " + a.Callees[i]
		if i == len(a.Via)-1 {
			msg += ", which locks " + name
			if a.Where != "" {
				msg += " (" + a.Where + ")"
			}
		}
		out = append(out, analysis.RelatedInformation{Pos: pos, Message: msg})
	}
	if a.Lock != token.NoPos {
		out = append(out, analysis.RelatedInformation{Pos: a.Lock, Message: name + " is locked here"})
	}
	return out
}

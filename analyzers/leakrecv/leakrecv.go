package leakrecv

import (
	_ "embed"
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/chanuse"
	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/engine"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "leakrecv",
	Doc:      checkdoc.MustExtract(doc, "leakrecv"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/leakrecv",
	Requires: []*analysis.Analyzer{engine.Explorer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[engine.Explorer].(*engine.Result)
	for _, st := range res.Stuck {
		switch st.Kind {
		case engine.StuckRecv, engine.StuckRange:
		case engine.StuckSelect:
			if !allReceive(st.Op) {
				continue
			}
		default:
			continue
		}
		if !st.Primary || st.Fed || st.EnvProto || st.PartnerProto || !st.Whole(engine.CapSend|engine.CapClose) || st.G != 0 && st.RootIsMain() || deliberate(st) {
			continue
		}
		if (st.EnvFork || st.EnvPartner) && st.Root.Fn != nil && srcedit.InTestFile(pass.Fset, st.Root.Fn.Pos()) {
			// A test makes its environment (it dials the listener it
			// listens on): a call that fails there is the test's
			// failure, not a path its code must survive.
			continue
		}
		report(pass, st)
	}
	return nil, nil
}

func allReceive(op *engine.Op) bool {
	for _, c := range op.Cases {
		if c.Send {
			return false
		}
	}
	return len(op.Cases) > 0
}

// deliberate reports a receive from a channel made for nothing else: the
// idiom that blocks a goroutine forever on purpose (<-make(chan struct{})).
func deliberate(st *engine.Stuck) bool {
	if st.Make == nil {
		return false
	}
	mk, ok := st.Make.Instr.(*ssa.MakeChan)
	if !ok {
		return false
	}
	for _, r := range *mk.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.ARROW {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func report(pass *analysis.Pass, st *engine.Stuck) {
	pos := st.Op.Pos
	file := srcedit.FileOf(pass, pos)
	if !pos.IsValid() || file == nil || srcedit.Generated(file) {
		return
	}
	name := chanName(pass, st)
	var msg string
	switch st.Kind {
	case engine.StuckRange:
		msg = fmt.Sprintf("range over %s never ends: %s is never closed (close it once every sender is done, e.g. from a goroutine that waits for them)", name, name)
	case engine.StuckSelect:
		var names []string
		for _, c := range st.Op.Cases {
			names = append(names, chanuse.Name(file, c.Pos))
		}
		msg = fmt.Sprintf("select blocks forever: nothing sends on or closes %s (close one on every path of the goroutine meant to, e.g. with defer)", strings.Join(names, " or "))
	default:
		msg = fmt.Sprintf("receive from %s blocks forever: nothing sends on or closes %s (close it on every path of the goroutine meant to, e.g. defer close(%s))", name, name, name)
	}
	failRet := token.NoPos
	if st.EnvPartner && st.Partner >= 0 {
		// A partner that could have sent stopped on a failure first:
		// say which, and where.
		failRet = st.PartnerRet
		what := "the function"
		if st.Partner != 0 {
			what = "the goroutine"
			if sp := st.SpawnOf(st.Partner); sp != nil && sp.Pos.IsValid() {
				what = fmt.Sprintf("the goroutine started at line %d", pass.Fset.Position(sp.Pos).Line)
			}
		}
		ends := what + " ends"
		if failRet.IsValid() {
			ends = fmt.Sprintf("%s returns at line %d", what, pass.Fset.Position(failRet).Line)
		}
		const why = "on the path a failed call (an error, a cancellation) takes"
		switch st.Kind {
		case engine.StuckRange:
			msg = fmt.Sprintf("range over %s never ends if %s without closing %s, %s (close it with defer)", name, ends, name, why)
		case engine.StuckSelect:
			msg = fmt.Sprintf("select blocks forever if %s without sending on or closing any of its channels, %s (send the error there too)", ends, why)
		default:
			msg = fmt.Sprintf("receive from %s blocks forever if %s without sending on or closing %s, %s (send the error, or close %s, there too)", name, ends, name, why, name)
		}
	}
	d := analysis.Diagnostic{Pos: pos, Message: msg}
	if failRet.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: failRet, Message: "returns here without sending or closing"})
	}
	if st.Make != nil && st.Make.Pos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: st.Make.Pos, Message: "channel made here"})
	}
	if st.Spawn != nil && st.Spawn.Pos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: st.Spawn.Pos, Message: "goroutine started here"})
	}
	// The goroutines that sent on the channel on the way here.
	seen := map[token.Pos]bool{}
	for _, step := range st.Path {
		if step.Op == nil || step.Obj != st.Obj || step.Op.Kind != engine.OpSend || seen[step.Op.Pos] || !step.Op.Pos.IsValid() {
			continue
		}
		seen[step.Op.Pos] = true
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: step.Op.Pos, Message: "a sender, done without closing"})
	}
	pass.Report(d)
}

// chanName is the channel as the blocked operation spells it.
func chanName(pass *analysis.Pass, st *engine.Stuck) string {
	file := srcedit.FileOf(pass, st.Op.Pos)
	if file == nil {
		return "the channel"
	}
	return chanuse.Name(file, st.Op.Pos)
}

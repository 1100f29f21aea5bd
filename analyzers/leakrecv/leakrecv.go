package leakrecv

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/chanuse"
	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "leakrecv",
	Doc:      checkdoc.MustExtract(doc, "leakrecv"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/leakrecv",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, m: pass.ResultOf[model.Analyzer].(*model.Model)}
	for _, ch := range c.m.Chans {
		if ch.Func == nil || ch.Func.Fn == nil || ch.Func.File == nil || srcedit.Generated(ch.Func.File) {
			continue
		}
		c.check(ch)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
}

func (c *checker) check(ch *model.Chan) {
	F := ch.Func.Fn
	u, ok := chanuse.Follow(c.m, ch.Make)
	if !ok || u.Has(model.Close) {
		return
	}
	inMain := isMain(F)
	var sends []*chanuse.Op
	for _, op := range u.Ops {
		if op.Kind == model.Send {
			sends = append(sends, op)
		}
	}
	for _, op := range u.Ops {
		if op.Select != nil {
			continue // a select case: another case may fire (ctx.Done(), default, a quit channel)
		}
		f := c.m.Func(op.Fn)
		if f == nil || f.File == nil {
			continue
		}
		if !within(op.Fn, F) {
			continue // in a function F passes the channel to: reported, if at all, where it is made
		}
		if inMain && op.Fn != F {
			continue // a goroutine of main ends with the program
		}
		name := chanuse.Name(f.File, op.Pos)
		switch op.Kind {
		case model.Range:
			c.checkRange(ch, f, op, name, sends)
		case model.Recv:
			if len(sends) > 0 || len(u.Funcs) < 2 || inMain {
				// Sent on: a receive is matched by a send. Touched by one
				// function only: <-make(chan struct{}) blocks on purpose.
				continue
			}
			c.pass.Report(analysis.Diagnostic{
				Pos:      op.Pos,
				Category: "leakrecv",
				Message:  fmt.Sprintf("receive from %s blocks forever: nothing sends on or closes %s (close it when the work it waits for is done)", name, name),
				Related:  []analysis.RelatedInformation{{Pos: ch.Pos, Message: name + " is made here"}},
			})
		}
	}
}

// checkRange reports a range over a channel that senders fill but nobody
// closes, when the loop has no other way out.
func (c *checker) checkRange(ch *model.Chan, f *model.Func, op *chanuse.Op, name string, sends []*chanuse.Op) {
	if len(sends) == 0 {
		return // nothing is ever sent: a stub or a block-forever idiom
	}
	rs := rangeAt(f.File, op.Pos)
	if rs == nil || chanuse.LeavesLoop(rs) {
		return // the loop ends by break or return after a counted number of values
	}
	related := []analysis.RelatedInformation{{Pos: ch.Pos, Message: name + " is made here and never closed"}}
	for _, s := range sends {
		if s.Fn == op.Fn {
			return // the ranging function sends too (a requeue): it decides when to stop
		}
		if !chanuse.ReachesReturn(s.Instr) {
			return // a sender that never returns: the range is meant to run forever
		}
		if len(related) < 4 {
			related = append(related, analysis.RelatedInformation{Pos: s.Pos, Message: "sends here, and returns without closing " + name})
		}
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      rs.For,
		End:      rs.X.End(),
		Category: "leakrecv",
		Message: fmt.Sprintf("range over %s never ends: %s is never closed, so the loop blocks forever after the last value "+
			"(close %s once every sender is done, e.g. wg.Wait(); close(%s) in a goroutine)", name, name, name, name),
		Related: related,
	})
}

func rangeAt(f *ast.File, pos token.Pos) *ast.RangeStmt {
	for _, n := range chanuse.PathTo(f, pos) {
		if rs, ok := n.(*ast.RangeStmt); ok && rs.For == pos {
			return rs
		}
	}
	return nil
}

func isMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// within reports whether fn is F or a literal nested in F.
func within(fn, F *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == F {
			return true
		}
	}
	return false
}

package holdblock

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// condCall is a call of a sync.Cond method.
type condCall struct {
	name string // Wait, Signal or Broadcast
	call *ssa.Call
	cond model.Ref
}

// condCalls returns the package's calls of (*sync.Cond).Wait, Signal and
// Broadcast.
func (c *checker) condCalls() (calls []condCall) {
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || len(call.Common().Args) == 0 {
					continue
				}
				for _, name := range [...]string{"Wait", "Signal", "Broadcast"} {
					if model.IsCondMethod(call.Common().StaticCallee(), name) {
						calls = append(calls, condCall{name: name, call: call, cond: c.m.Ref(call.Common().Args[0])})
					}
				}
			}
		}
	}
	return calls
}

// conds checks every cond.Wait made while holding a mutex other than the
// cond's own lock.
func (c *checker) conds() {
	calls := c.condCalls()
	for _, w := range calls {
		if w.name != "Wait" {
			continue
		}
		f := c.m.Func(w.call.Parent())
		if f == nil || f.File == nil || srcedit.Generated(f.File) || c.m.Oversized(c.pass, c.pass.Analyzer.Name, f.Fn) {
			continue
		}
		held := c.heldAt(f, w.call)
		if len(held) == 0 {
			continue
		}
		l, ok := c.m.CondLock(w.call.Common().Args[0])
		if !ok {
			continue
		}
		var signals []condCall
		for _, s := range calls {
			if s.name != "Wait" && s.call.Parent() != w.call.Parent() {
				if sf := c.m.Func(s.call.Parent()); sf != nil && c.sameIn(sf, s.cond, w.cond) {
					signals = append(signals, s)
				} else if sf == nil && c.same(s.cond, w.cond) {
					signals = append(signals, s) // a signaler that locks nothing
				}
			}
		}
		if len(signals) == 0 {
			continue
		}
	held:
		for _, h := range held {
			if h.Lock == nil || c.same(h.Mutex, l) {
				continue
			}
			var first need
			for i, s := range signals {
				sf := c.m.Func(s.call.Parent())
				if sf == nil {
					continue held
				}
				n, ok := c.needs(sf, s.call, false, h, spawnedBy(sf, w.call.Parent()), nil)
				if !ok {
					continue held
				}
				if i == 0 {
					first = n
				}
			}
			cond := c.recvName(c.m.CallSyntax(w.call), w.cond)
			mu := c.mutexName(h)
			who := describe(first.fn)
			c.pass.Report(analysis.Diagnostic{
				Pos:      callPos(c.m, w.call),
				Category: "holdblock",
				Message: fmt.Sprintf("%s.Wait releases only the cond's own lock and keeps holding %s, and its signaler (%s) %s before %s; release %s before waiting",
					cond, mu, who, c.needText(first, mu, signals[0].call.Pos()), signals[0].name, mu),
				Related: []analysis.RelatedInformation{
					{Pos: h.Lock.Pos, Message: mu + " is locked here"},
					{Pos: first.pos, Message: who + " " + first.verb() + " " + mu + " here" + first.where()},
					{Pos: callPos(c.m, signals[0].call), Message: "and signals here"},
				},
			})
			break
		}
	}
}

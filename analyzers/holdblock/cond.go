package holdblock

import (
	"fmt"
	"go/types"
	"slices"

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
// Broadcast, and of sync.NewCond.
func (c *checker) condCalls() (calls []condCall, news []*ssa.Call) {
	for _, fn := range c.m.SourceFuncs() {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Common().StaticCallee()
				if callee == nil {
					continue
				}
				obj, ok := callee.Object().(*types.Func)
				if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
					continue
				}
				recv := obj.Signature().Recv()
				switch {
				case recv == nil && obj.Name() == "NewCond":
					news = append(news, call)
				case recv != nil && model.IsSync(recv.Type(), "Cond") && len(call.Common().Args) > 0:
					switch obj.Name() {
					case "Wait", "Signal", "Broadcast":
						calls = append(calls, condCall{name: obj.Name(), call: call, cond: c.m.Ref(call.Common().Args[0])})
					}
				}
			}
		}
	}
	return calls, news
}

// conds checks every cond.Wait made while holding a mutex other than the
// cond's own lock.
func (c *checker) conds() {
	calls, news := c.condCalls()
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
		l, ok := c.condLock(w.cond, news)
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

// condLock returns the lock (cond.L) of the cond r names, in r's terms,
// when every sync.NewCond stored where r points gets the same field of the
// same value: q.cond = sync.NewCond(&q.mu) gives q.mu.
func (c *checker) condLock(r model.Ref, news []*ssa.Call) (model.Ref, bool) {
	arg := func(call *ssa.Call) model.Ref {
		a := call.Common().Args[0]
		if mi, ok := a.(*ssa.MakeInterface); ok {
			a = mi.X
		}
		return c.m.Ref(a)
	}
	if call, ok := r.Root.(*ssa.Call); ok && len(r.Fields) == 0 {
		if slices.Contains(news, call) && len(call.Common().Args) == 1 {
			l := arg(call)
			return l, l.Valid()
		}
		return model.Ref{}, false
	}
	if len(r.Fields) == 0 {
		return model.Ref{}, false
	}
	field := r.Fields[len(r.Fields)-1]
	var rel []*types.Var
	found := false
	for _, call := range news {
		if len(call.Common().Args) != 1 {
			continue
		}
		for _, ref := range *call.Referrers() {
			st, ok := ref.(*ssa.Store)
			if !ok || st.Val != ssa.Value(call) {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fieldOf(fa.X.Type(), fa.Field) != field.Origin() {
				continue
			}
			base, l := c.m.Ref(fa.X), arg(call)
			if !base.Valid() || l.Root != base.Root || len(l.Fields) <= len(base.Fields) || !slices.Equal(l.Fields[:len(base.Fields)], base.Fields) {
				return model.Ref{}, false
			}
			p := l.Fields[len(base.Fields):]
			if found && !slices.Equal(p, rel) {
				return model.Ref{}, false
			}
			rel, found = p, true
		}
	}
	if !found {
		return model.Ref{}, false
	}
	fields := append(slices.Clip(r.Fields[:len(r.Fields)-1]), rel...)
	return model.Ref{Root: r.Root, Fields: fields}, true
}

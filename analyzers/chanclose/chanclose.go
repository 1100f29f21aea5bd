package chanclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

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
	Name:     "chanclose",
	Doc:      checkdoc.MustExtract(doc, "chanclose"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/chanclose",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{pass: pass, m: pass.ResultOf[model.Analyzer].(*model.Model), done: map[token.Pos]bool{}}
	for _, f := range c.m.Funcs {
		if f.Fn == nil || f.File == nil || srcedit.Generated(f.File) || c.m.Oversized(pass, pass.Analyzer.Name, f.Fn) {
			continue
		}
		c.inFunc(f)
		c.instances(f)
		c.concurrentSends(f)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	done map[token.Pos]bool
}

func (c *checker) report(d analysis.Diagnostic) {
	if c.done[d.Pos] {
		return
	}
	c.done[d.Pos] = true
	d.Category = "chanclose"
	c.pass.Report(d)
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// fixed reports whether r names one channel for the whole call of the
// function that holds it: a make, or a parameter, that no assignment can
// change (with fields when fields is set: a field of a parameter).
func fixed(r model.Ref, fields bool) bool {
	if !r.Valid() || (!fields && len(r.Fields) > 0) {
		return false
	}
	switch r.Root.(type) {
	case *ssa.MakeChan:
		return len(r.Fields) == 0
	case *ssa.Parameter:
		return true
	}
	return false
}

// remade reports whether the channel of r can be made again after in: r is
// a make in in's function that can run after in (a make inside a loop).
func (c *checker) remade(r model.Ref, in ssa.Instruction) bool {
	mk, ok := r.Root.(*ssa.MakeChan)
	return ok && c.m.Reaches(in, mk)
}

func closes(f *model.Func) []*model.ChanOp {
	var out []*model.ChanOp
	for _, op := range f.ChanOps {
		if op.Kind == model.Close {
			out = append(out, op)
		}
	}
	return out
}

// inFunc reports a channel closed twice by one call of f, and a send after
// the close in f.
func (c *checker) inFunc(f *model.Func) {
	if srcedit.InTestFile(c.pass.Fset, f.File.Pos()) {
		return // tests close twice or send after close on purpose, to see the panic
	}
	if recovers(f.Fn) {
		return // the panic is expected and recovered
	}
	cs := closes(f)
	body := chanuse.FuncBody(f.Syntax)
	for i, a := range cs {
		if !fixed(a.Chan, false) || a.Instr.Block() == nil {
			continue
		}
		name := chanuse.Name(f.File, a.Pos)
		// The same close run again by a loop, with nothing in the loop to
		// skip it.
		if c.m.OnCycle(a.Instr.Block()) && !c.remade(a.Chan, a.Instr) && loopBodyUnconditional(f.File, body, a.Pos) {
			c.report(analysis.Diagnostic{
				Pos:     a.Pos,
				Message: fmt.Sprintf("%s is closed on every iteration of the loop: the second close panics (close it once, after the loop)", name),
			})
			continue
		}
		for _, b := range cs[i+1:] {
			if !a.Chan.Same(b.Chan) || b.Instr.Block() == nil || c.remade(a.Chan, a.Instr) {
				continue
			}
			first, second, ok := twice(c.m, a, b)
			if !ok {
				continue
			}
			var msg string
			var pos token.Pos
			switch {
			case !first.Deferred && !second.Deferred:
				pos = second.Pos
				msg = fmt.Sprintf("%s is closed twice: this close(%s) always runs after the close on line %d, and closing a closed channel panics (close it on one path only)",
					name, name, c.line(first.Pos))
			case first.Deferred && second.Deferred:
				pos = second.Pos
				msg = fmt.Sprintf("%s is closed twice: this deferred close(%s) and the one on line %d both run at return, and closing a closed channel panics (keep one)",
					name, name, c.line(first.Pos))
			default:
				explicit, deferred := first, second
				if explicit.Deferred {
					explicit, deferred = deferred, explicit
				}
				pos = explicit.Pos
				first = deferred
				msg = fmt.Sprintf("%s is closed twice: after this close(%s) the deferred close on line %d runs again at return, and closing a closed channel panics (close it on one path only)",
					name, name, c.line(deferred.Pos))
			}
			c.report(analysis.Diagnostic{
				Pos:     pos,
				Message: msg,
				Related: []analysis.RelatedInformation{{Pos: first.Pos, Message: "the other close of " + name}},
			})
		}
		// A send that only runs after the close.
		if a.Deferred {
			continue
		}
		for _, s := range f.ChanOps {
			if s.Kind != model.Send || s.Select != nil || !s.Chan.Same(a.Chan) || !c.m.Dominates(a.Instr, s.Instr) || c.remade(a.Chan, a.Instr) {
				continue
			}
			c.report(analysis.Diagnostic{
				Pos:     s.Pos,
				Message: fmt.Sprintf("send on %s after close(%s) on line %d: a send on a closed channel panics (send before closing)", name, name, c.line(a.Pos)),
				Related: []analysis.RelatedInformation{{Pos: a.Pos, Message: name + " is closed here"}},
			})
		}
	}
}

// recovers reports whether fn defers a literal that calls recover.
func recovers(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			d, ok := in.(*ssa.Defer)
			if !ok {
				continue
			}
			var lit *ssa.Function
			switch v := d.Call.Value.(type) {
			case *ssa.Function:
				lit = v
			case *ssa.MakeClosure:
				lit, _ = v.Fn.(*ssa.Function)
			}
			if lit == nil {
				continue
			}
			for _, lb := range lit.Blocks {
				for _, li := range lb.Instrs {
					if c, ok := li.(*ssa.Call); ok {
						if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// twice orders two closes of one channel by one call of their function that
// always runs both: an explicit close dominating the other, or a deferred
// close registered before (or after) an explicit one that goes on to return.
func twice(m *model.Model, a, b *model.ChanOp) (first, second *model.ChanOp, ok bool) {
	switch {
	case !a.Deferred && !b.Deferred:
		if m.Dominates(a.Instr, b.Instr) {
			return a, b, true
		}
		if m.Dominates(b.Instr, a.Instr) {
			return b, a, true
		}
	case a.Deferred && b.Deferred:
		if m.Dominates(a.Instr, b.Instr) && m.ReachesReturn(b.Instr) {
			return a, b, true
		}
		if m.Dominates(b.Instr, a.Instr) && m.ReachesReturn(a.Instr) {
			return b, a, true
		}
	default:
		d, e := a, b
		if e.Deferred {
			d, e = e, d
		}
		// Registered, then the explicit close, then the deferred one at
		// return; or the explicit close, then the defer, then return.
		if m.Dominates(d.Instr, e.Instr) && m.ReachesReturn(e.Instr) {
			return e, d, true
		}
		if m.Dominates(e.Instr, d.Instr) && m.ReachesReturn(d.Instr) {
			return e, d, true
		}
	}
	return nil, nil, false
}

// loopBodyUnconditional reports whether the statement at pos runs on every
// iteration of its innermost loop: nothing between the loop and it is an
// if, switch or select, and the loop body cannot skip it with continue,
// break or return.
func loopBodyUnconditional(f *ast.File, body *ast.BlockStmt, pos token.Pos) bool {
	for _, n := range chanuse.PathTo(f, pos) {
		switch n := n.(type) {
		case *ast.ForStmt:
			return !skips(n.Body)
		case *ast.RangeStmt:
			return !skips(n.Body)
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.CaseClause, *ast.CommClause, *ast.FuncLit:
			return false
		}
		if n == body {
			return false
		}
	}
	return false
}

// skips reports whether a loop body has any branch or return statement.
func skips(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt, *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// closer is a close that every goroutine started by a spawn performs.
type closer struct {
	s   *model.Spawn
	op  *model.ChanOp
	ref model.Ref // in the spawner's terms
}

// instances reports a channel closed by every goroutine a spawn in a loop
// starts, or by two goroutines f starts one after the other.
func (c *checker) instances(f *model.Func) {
	var cl []closer
	for _, s := range f.Spawns {
		body := s.Body
		if body == nil || body.File == nil || body.Syntax == nil {
			continue
		}
		fb := chanuse.FuncBody(body.Syntax)
		for _, op := range closes(body) {
			if !chanuse.TopLevel(body.File, fb, op.Pos) {
				continue // under a condition: a last-one-closes counter, a flag, a select
			}
			r := c.m.InSpawner(s, op.Chan)
			if !fixed(r, true) {
				continue
			}
			if !ofSpawner(r, s) {
				continue // made or received by each goroutine itself
			}
			if mk, ok := r.Root.(*ssa.MakeChan); ok && inLoops(mk.Pos(), s.Loops) {
				continue // a new channel per iteration
			}
			cl = append(cl, closer{s, op, r})
		}
	}
	for i, x := range cl {
		name := chanuse.Name(x.s.Body.File, x.op.Pos)
		if x.s.InLoop() && !chanuse.LeavesLoop(x.s.Loops[0]) {
			c.report(analysis.Diagnostic{
				Pos: x.op.Pos,
				Message: fmt.Sprintf("%s is closed by every goroutine started in this loop: the second close panics "+
					"(close it once, after all of them are done: wg.Wait(); close(%s))", name, name),
				Related: []analysis.RelatedInformation{{Pos: x.s.Pos, Message: "goroutines started here"}},
			})
			continue
		}
		for _, y := range cl[:i] {
			if y.s == x.s || !y.ref.Same(x.ref) || !c.m.Reaches(y.s.Instr, x.s.Instr) {
				continue
			}
			c.report(analysis.Diagnostic{
				Pos: x.op.Pos,
				Message: fmt.Sprintf("%s is closed by two goroutines, this one and the one started on line %d: the second close panics "+
					"(close it once, after both are done)", name, c.line(y.s.Pos)),
				Related: []analysis.RelatedInformation{{Pos: y.op.Pos, Message: "the other close of " + name}},
			})
			break
		}
	}
}

// ofSpawner reports whether the root of r (a make or a parameter) belongs to
// the function that runs spawn s or to a function enclosing it: one channel
// shared by every goroutine s starts, not one per goroutine.
func ofSpawner(r model.Ref, s *model.Spawn) bool {
	var owner *ssa.Function
	switch v := r.Root.(type) {
	case *ssa.MakeChan:
		owner = v.Parent()
	case *ssa.Parameter:
		owner = v.Parent()
	}
	if owner == nil {
		return false
	}
	for fn := s.Func.Fn; fn != nil; fn = fn.Parent() {
		if fn == owner {
			return true
		}
	}
	return false
}

func inLoops(pos token.Pos, loops []ast.Stmt) bool {
	for _, l := range loops {
		if l.Pos() <= pos && pos < l.End() {
			return true
		}
	}
	return false
}

// concurrentSends reports a send by a goroutine f starts that can run after
// f (or a closer goroutine f starts) closes the channel, when nothing orders
// the close after the senders: no Wait, receive or call that might wait for
// them lies between the spawn and the close.
func (c *checker) concurrentSends(f *model.Func) {
	type send struct {
		s   *model.Spawn
		op  *model.ChanOp
		ref model.Ref
	}
	var sends []send
	for _, s := range f.Spawns {
		if s.Target == nil {
			continue
		}
		for _, g := range c.m.SyncFuncs(s.Target) {
			if g.File == nil {
				continue
			}
			for _, op := range g.ChanOps {
				if op.Kind != model.Send || op.Select != nil {
					continue
				}
				r := c.m.InSpawner(s, op.Chan)
				if !fixed(r, true) {
					continue
				}
				if !ofSpawner(r, s) {
					continue
				}
				sends = append(sends, send{s, op, r})
			}
		}
	}
	if len(sends) == 0 {
		return
	}
	for _, sd := range sends {
		sname := chanuse.Name(sd.op.Func.File, sd.op.Pos)
		// Closes by f itself.
		for _, cl := range closes(f) {
			if !cl.Chan.Same(sd.ref) {
				continue
			}
			var between []ssa.Instruction
			if cl.Deferred {
				if !c.m.Reaches(sd.s.Instr, cl.Instr) && !c.m.Reaches(cl.Instr, sd.s.Instr) {
					continue
				}
				between = chanuse.Between(c.m, sd.s.Instr, nil)
			} else {
				if !c.m.Reaches(sd.s.Instr, cl.Instr) {
					continue
				}
				between = chanuse.Between(c.m, sd.s.Instr, cl.Instr)
			}
			// A receiver that takes a fixed number of values from many
			// senders and closes: those receives do not wait for the rest.
			many := sd.s.InLoop() && !chanuse.LeavesLoop(sd.s.Loops[0]) || c.m.OnCycle(sd.op.Instr.Block())
			few := func(in ssa.Instruction) bool {
				u, ok := in.(*ssa.UnOp)
				return ok && many && u.Op == token.ARROW && !c.m.OnCycle(u.Block()) && c.m.Ref(u.X).Same(sd.ref)
			}
			if blocks(between, cl.Deferred, few) {
				continue
			}
			cname := chanuse.Name(f.File, cl.Pos)
			msg := fmt.Sprintf("send on %s can run after close(%s) on line %d: nothing makes the close wait for the goroutines started on line %d, "+
				"and a send on a closed channel panics (close %s after the senders are done, e.g. after wg.Wait())",
				sname, cname, c.line(cl.Pos), c.line(sd.s.Pos), cname)
			if !cl.Deferred && receivesBefore(c.m, f, sd.ref, cl.Instr) {
				msg = fmt.Sprintf("send on %s can run after its receiver closes it on line %d: the goroutines started on line %d may still be sending, "+
					"and a send on a closed channel panics (let the senders' side close %s, or tell them to stop with a separate done channel)",
					sname, c.line(cl.Pos), c.line(sd.s.Pos), cname)
			}
			c.report(analysis.Diagnostic{
				Pos:     sd.op.Pos,
				Message: msg,
				Related: []analysis.RelatedInformation{
					{Pos: cl.Pos, Message: "closed here"},
					{Pos: sd.s.Pos, Message: "sender started here"},
				},
			})
		}
		// Closes by another goroutine f starts, which waits for nothing.
		for _, s2 := range f.Spawns {
			if s2 == sd.s || s2.Body == nil || s2.Target == nil || len(s2.Target.Blocks) == 0 {
				continue
			}
			for _, cl := range closes(s2.Body) {
				if !c.m.InSpawner(s2, cl.Chan).Same(sd.ref) {
					continue
				}
				if !c.m.Reaches(sd.s.Instr, s2.Instr) && !c.m.Reaches(s2.Instr, sd.s.Instr) {
					continue
				}
				entry := s2.Target.Blocks[0]
				if len(entry.Instrs) == 0 {
					continue
				}
				between := append([]ssa.Instruction{entry.Instrs[0]}, chanuse.Between(c.m, entry.Instrs[0], cl.Instr)...)
				if cl.Deferred {
					between = append([]ssa.Instruction{entry.Instrs[0]}, chanuse.Between(c.m, entry.Instrs[0], nil)...)
				}
				if blocks(between, cl.Deferred, nil) {
					continue
				}
				cname := chanuse.Name(s2.Body.File, cl.Pos)
				c.report(analysis.Diagnostic{
					Pos: sd.op.Pos,
					Message: fmt.Sprintf("send on %s can run after the goroutine started on line %d closes it: that goroutine closes %s without waiting for the senders, "+
						"and a send on a closed channel panics (wait for the senders first: wg.Wait(); close(%s))",
						sname, c.line(s2.Pos), cname, cname),
					Related: []analysis.RelatedInformation{
						{Pos: cl.Pos, Message: "closed here"},
						{Pos: sd.s.Pos, Message: "sender started here"},
					},
				})
			}
		}
	}
}

// receivesBefore reports whether f receives from the channel r before in:
// the receiving side closes the channel.
func receivesBefore(m *model.Model, f *model.Func, r model.Ref, in ssa.Instruction) bool {
	for _, op := range f.ChanOps {
		if (op.Kind == model.Recv || op.Kind == model.Range) && op.Chan.Same(r) && m.Reaches(op.Instr, in) {
			return true
		}
	}
	return false
}

// blocks reports whether any of instrs can wait for another goroutine: a
// channel operation, a select, or a call of anything but a builtin and the
// WaitGroup and mutex methods that never block (Add, Done, Unlock). With
// deferred set, deferred calls count too: they run before a close deferred
// earlier. Instructions allow accepts do not count.
func blocks(instrs []ssa.Instruction, deferred bool, allow func(ssa.Instruction) bool) bool {
	for _, in := range instrs {
		if allow != nil && allow(in) {
			continue
		}
		switch in := in.(type) {
		case *ssa.UnOp:
			if in.Op == token.ARROW {
				return true
			}
		case *ssa.Select, *ssa.Send:
			return true
		case *ssa.Call:
			if !harmless(in.Common()) {
				return true
			}
		case *ssa.Defer:
			if deferred && !harmless(in.Common()) {
				if b, ok := in.Common().Value.(*ssa.Builtin); !ok || b.Name() != "close" {
					return true
				}
			}
		}
	}
	return false
}

// pure are packages whose functions never wait for another goroutine.
var pure = map[string]bool{
	"strings": true, "strconv": true, "errors": true, "sort": true,
	"slices": true, "maps": true, "math": true, "bytes": true, "unicode/utf8": true,
}

func harmless(common *ssa.CallCommon) bool {
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return true
	}
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	recv := model.RecvName(obj)
	switch path := obj.Pkg().Path(); path {
	case "sync":
	case "fmt":
		// Not Fprint or Fscan: a writer or reader may be a pipe to a goroutine.
		n := obj.Name()
		return strings.HasPrefix(n, "Sprint") || strings.HasPrefix(n, "Print") || strings.HasPrefix(n, "Append") || n == "Errorf"
	case "log":
		return recv == "" && strings.HasPrefix(obj.Name(), "Print")
	case "time":
		return recv == "" && (obj.Name() == "Now" || obj.Name() == "Since")
	default:
		return pure[path]
	}
	switch {
	case recv == "WaitGroup":
		return slices.Contains([]string{"Add", "Done"}, obj.Name())
	case recv == "Mutex" || recv == "RWMutex":
		return obj.Name() == "Unlock" || obj.Name() == "RUnlock"
	}
	return false
}

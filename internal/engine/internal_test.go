package engine

import (
	"strings"
	"testing"
)

// funcNamed returns the skeleton named name.
func funcNamed(t *testing.T, p *Prog, name string) *Func {
	t.Helper()
	for _, f := range p.funcs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no skeleton %s", name)
	return nil
}

func firstMake(f *Func) *Op {
	for _, b := range f.Blocks {
		for _, op := range b.Ops {
			if op.Kind == OpMakeChan {
				return op
			}
		}
	}
	return nil
}

// TestBufferProofs checks the proofs behind the buffer fixes: a constant
// that covers every send, and len() of the collection the senders range
// over.
func TestBufferProofs(t *testing.T) {
	p := probeProg(t, "basic")
	for _, c := range []struct {
		fn   string
		max  int
		ok   bool
		lenP int // parameter for LenSuffices, -1 none
		len  bool
	}{
		{fn: "basic.withCtx", max: 1, ok: true, lenP: -1},
		{fn: "basic.finish", max: 1, ok: true, lenP: -1},
		{fn: "basic.exportAll", ok: false, lenP: 0, len: true},
		{fn: "basic.firstResponse", ok: false, lenP: 0, len: true},
	} {
		f := funcNamed(t, p, c.fn)
		mk := firstMake(f)
		n, ok := p.MaxSends(f, mk)
		if ok != c.ok || ok && n != c.max {
			t.Errorf("%s: MaxSends = %d, %v; want %d, %v", c.fn, n, ok, c.max, c.ok)
		}
		if c.lenP >= 0 {
			if got := p.LenSuffices(f, mk, c.lenP); got != c.len {
				t.Errorf("%s: LenSuffices(param %d) = %v, want %v", c.fn, c.lenP, got, c.len)
			}
		}
	}
}

// TestBounds checks that every bound is enforced and reported.
func TestBounds(t *testing.T) {
	p := probeProg(t, "bounds")
	for _, c := range []struct {
		fn  string
		lim Limits
		hit Bound
	}{
		{"bounds.serve", DefaultLimits, BoundInstances},
		{"bounds.count", DefaultLimits, BoundScope},
		{"bounds.many", Limits{States: 50, Steps: 400, LocalSteps: 20000, Goroutines: 8, Instances: 3, Depth: 6, Objects: 400, Scope: 3}, BoundStates},
		{"bounds.many", Limits{States: 4000, Steps: 5, LocalSteps: 20000, Goroutines: 8, Instances: 3, Depth: 6, Objects: 400, Scope: 3}, BoundSteps},
		{"bounds.many", Limits{States: 4000, Steps: 400, LocalSteps: 20000, Goroutines: 2, Instances: 3, Depth: 6, Objects: 400, Scope: 3}, BoundGoroutines},
	} {
		f := funcNamed(t, p, c.fn)
		stats, _, err := p.Explore(f, c.lim, nil)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Hit&c.hit == 0 {
			t.Errorf("%s: hit %b, want bound %b", c.fn, stats.Hit, c.hit)
		}
		if stats.States > c.lim.States {
			t.Errorf("%s: %d states, limit %d", c.fn, stats.States, c.lim.States)
		}
	}
}

// kinds lists f's operations and terminators in block order.
func opKinds(f *Func) string {
	var b []string
	for _, blk := range f.Blocks {
		for _, op := range blk.Ops {
			b = append(b, op.Kind.String())
		}
		switch blk.Term.Kind {
		case TermIf:
			b = append(b, "if")
		case TermReturn:
			b = append(b, "return")
		case TermJump:
			b = append(b, "jump")
		default:
			b = append(b, "exit")
		}
	}
	return strings.Join(b, " ")
}

// TestSkeleton checks the skeletons of a few functions: what is kept of
// the SSA and how it is translated.
func TestSkeleton(t *testing.T) {
	p := probeProg(t, "basic")
	for _, c := range []struct{ fn, want string }{
		// Captured variables are cells; the goroutine is a closure; the
		// timer a channel the runtime sends on; the select's unreachable
		// panic is kept as an unreachable block.
		{"basic.finish", "cell store cell makechan store closure go load envchan select binop if return binop if iface exit"},
		{"basic.finish$1", "load call load send return"},
		// A range over a slice is a counted loop over len(xs).
		{"basic.counted", "cell makechan store len jump binop binop if nonnil load cell store closure go jump len jump binop binop if load recv binop jump return"},
	} {
		if got := opKinds(funcNamed(t, p, c.fn)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.fn, got, c.want)
		}
	}
	// Calls of functions that do nothing concurrent are summarised unless
	// small; concurrent ones are run.
	if f := funcNamed(t, p, "basic.compute"); f.Conc || f.sum != nil {
		t.Errorf("compute: Conc=%v summarised=%v, want a small function that is run", f.Conc, f.sum != nil)
	}
	if f := funcNamed(t, p, "basic.finish"); !f.Conc {
		t.Error("finish is not marked concurrent")
	}
}

package model

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"
)

// graphProbe compares, in every function of a package, the answers of the
// control-flow index (graph.go) with plain searches written for the
// purpose: Reaches and OnCycle with the package-level functions, and
// pathAvoiding in its three modes and EntryReaches with refAvoiding below,
// for pairs of instructions and several stop sets. A difference is
// reported, so any diagnostic fails the test.
var graphProbe = &analysis.Analyzer{
	Name:     "graphprobe",
	Doc:      "compare the control-flow index with plain searches",
	Requires: []*analysis.Analyzer{Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[Analyzer].(*Model)
		if m.b == nil {
			return nil, nil
		}
		for _, fn := range m.b.funcs {
			if msg := compareGraph(m, fn); msg != "" {
				pass.Reportf(fn.Pos(), "%s: %s", fn.Name(), msg)
			}
		}
		return nil, nil
	},
}

// points are the instructions questions are asked about: calls, channel
// operations and the first instruction of each block, at most max.
func points(fn *ssa.Function, max int) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for i, in := range b.Instrs {
			switch in.(type) {
			case ssa.CallInstruction, *ssa.Send, *ssa.Select, *ssa.UnOp:
			default:
				if i != 0 {
					continue
				}
			}
			if len(out) < max {
				out = append(out, in)
			}
		}
	}
	return out
}

func compareGraph(m *Model, fn *ssa.Function) string {
	pts := points(fn, 40)
	for _, b := range fn.Blocks {
		if got, want := m.OnCycle(b), OnCycle(b); got != want {
			return fmt.Sprintf("OnCycle(%s) = %v, want %v", b, got, want)
		}
		for i, in := range b.Instrs {
			if got := m.Index(b, in); got != i {
				return fmt.Sprintf("Index(%s, %v) = %d, want %d", b, in, got, i)
			}
		}
	}
	var stops []map[ssa.Instruction]bool
	stops = append(stops, map[ssa.Instruction]bool{})
	for i, p := range pts {
		stops = append(stops, map[ssa.Instruction]bool{p: true})
		if i > 0 {
			stops = append(stops, map[ssa.Instruction]bool{p: true, pts[i-1]: true})
			// A false entry is no stop.
			stops = append(stops, map[ssa.Instruction]bool{p: true, pts[i-1]: false})
		}
	}
	g := m.graphOf(fn)
	branches := branchSets(fn)
	for _, from := range pts {
		for _, to := range pts {
			if got, want := m.Reaches(from, to), Reaches(from, to); got != want {
				return fmt.Sprintf("Reaches(%v, %v) = %v, want %v", from, to, got, want)
			}
			if got, want := m.ReachesReturn(from), refReachesReturn(from); got != want {
				return fmt.Sprintf("ReachesReturn(%v) = %v, want %v", from, got, want)
			}
			for _, stop := range stops {
				for _, mode := range []walkMode{strictStops, arriveStops, loopsRun} {
					for _, br := range branches {
						got := g.pathAvoiding(from, to, stop, mode, br)
						if want := refAvoiding(fn, from, to, stop, mode, br); got != want {
							return fmt.Sprintf("pathAvoiding(%v, %v, %v, mode %d, branches %v) = %v, want %v", from, to, keys(stop), mode, br, got, want)
						}
					}
				}
			}
		}
		for _, stop := range stops {
			for _, br := range branches {
				fw := m.Forward(from, stop, br)
				for _, b := range fn.Blocks {
					if got, want := fw.Has(b), refAvoiding(fn, from, b.Instrs[0], stop, arriveStops, br); got != want {
						return fmt.Sprintf("Forward(%v, %v, %v).Has(%s) = %v, want %v", from, keys(stop), br, b, got, want)
					}
				}
			}
		}
	}
	for _, to := range pts {
		for _, stop := range stops {
			for _, br := range branches {
				if got, want := m.EntryReaches(to, stop, br), refAvoiding(fn, nil, to, stop, arriveStops, br); got != want {
					return fmt.Sprintf("EntryReaches(%v, %v, %v) = %v, want %v", to, keys(stop), br, got, want)
				}
			}
		}
	}
	return ""
}

// branchSets are the fixed outcomes the searches are compared under: none,
// every If of fn taking its first successor, every If its second, and the
// two alternating.
func branchSets(fn *ssa.Function) []Branches {
	sets := []Branches{nil, {}, {}, {}, {}}
	n := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		sets[1][ifi], sets[2][ifi] = 0, 1
		sets[3][ifi], sets[4][ifi] = n%2, 1-n%2
		n++
	}
	return sets
}

func keys(stop map[ssa.Instruction]bool) []string {
	var out []string
	for in := range stop {
		out = append(out, in.String())
	}
	return out
}

func refReachesReturn(in ssa.Instruction) bool {
	for _, b := range in.Parent().Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && (b == in.Block() || Reaches(in, b.Instrs[0])) {
			return true
		}
	}
	return false
}

// refAvoiding is pathAvoiding by one search per question: the blocks are
// walked from from (nil: before fn's first instruction); a path stops at a
// stop, which it reaches unless the mode is strictStops; with loopsRun
// the edge leaving a loop's header is not taken when the loop's body,
// entered by the other edge, holds a stop; and an If in br takes only the
// edge br gives it.
func refAvoiding(fn *ssa.Function, from, to ssa.Instruction, stop map[ssa.Instruction]bool, mode walkMode, br Branches) bool {
	fb, fi := fn.Blocks[0], -1
	if from != nil {
		fb, fi = from.Block(), Index(from.Block(), from)
	}
	// scan reports whether to comes before the first stop from index i of
	// b (reached), or a stop ends the path (blocked).
	scan := func(b *ssa.BasicBlock, i int) (reached, blocked bool) {
		for ; i < len(b.Instrs); i++ {
			in := b.Instrs[i]
			if in == to && (mode != strictStops || !stop[in]) {
				return true, false
			}
			if stop[in] {
				return false, true
			}
		}
		return false, false
	}
	if reached, blocked := scan(fb, fi+1); reached || blocked {
		return reached
	}
	fixed := func(b *ssa.BasicBlock, succs []*ssa.BasicBlock) []*ssa.BasicBlock {
		if len(b.Succs) != 2 {
			return succs
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			return succs
		}
		i, ok := br[ifi]
		if !ok {
			return succs
		}
		var out []*ssa.BasicBlock
		for _, s := range succs {
			if s == b.Succs[i] {
				out = append(out, s)
			}
		}
		return out
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := fixed(fb, append([]*ssa.BasicBlock(nil), fb.Succs...))
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		reached, blocked := scan(b, 0)
		if reached {
			return true
		}
		if blocked {
			continue
		}
		succs := b.Succs
		if mode == loopsRun && len(stop) > 0 && len(succs) == 2 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				for _, body := range succs {
					if refLoopStops(b, body, stop) {
						succs = []*ssa.BasicBlock{body}
						break
					}
				}
			}
		}
		stack = append(stack, fixed(b, succs)...)
	}
	return false
}

// refLoopStops reports whether, in the natural loop of head (the blocks
// head dominates from which head can be reached without leaving them),
// body begins a path that meets a stop before returning to head.
func refLoopStops(head, body *ssa.BasicBlock, stop map[ssa.Instruction]bool) bool {
	inLoop := func(x *ssa.BasicBlock) bool {
		if x == head || !head.Dominates(x) {
			return false
		}
		seen := map[*ssa.BasicBlock]bool{}
		stack := []*ssa.BasicBlock{x}
		for len(stack) > 0 {
			y := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if y == head {
				return true
			}
			if seen[y] || !head.Dominates(y) {
				continue
			}
			seen[y] = true
			stack = append(stack, y.Succs...)
		}
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := []*ssa.BasicBlock{body}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] || !inLoop(x) {
			continue
		}
		seen[x] = true
		for _, in := range x.Instrs {
			if stop[in] {
				return true
			}
		}
		stack = append(stack, x.Succs...)
	}
	return false
}

func TestGraphIndex(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), graphProbe, "cfg")
	// The other packages' // want comments are for the other probes: only
	// graphProbe's own diagnostics count there.
	analysistest.Run(unexpectedOnly{t}, analysistest.TestData(), graphProbe, "order", "basic", "locks", "flow", "helpers", "generic", "lockfx")
}

// unexpectedOnly passes on analysistest's errors except the unmatched
// expectations of other tests.
type unexpectedOnly struct{ t *testing.T }

func (u unexpectedOnly) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "no diagnostic was reported matching") && !strings.Contains(msg, "no fact was reported matching") {
		u.t.Error(msg)
	}
}

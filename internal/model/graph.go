package model

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// The control-flow questions the checks ask (can this instruction run after
// that one, does this block lie on a cycle, is there a path that avoids
// these joins) are answered from one index per function, built on first
// use and kept with the Model, so that a function of n blocks costs O(n)
// per distinct question's source, not per question:
//
//   - every instruction's position in its block (Index in O(1));
//   - the strongly connected components of the blocks, numbered in
//     reverse topological order (OnCycle in O(1), and "cannot reach"
//     answered at once when the target's component comes later);
//   - per source block, the set of blocks reachable from it (one search
//     per source, then O(1) per Reaches);
//   - per source instruction and set of stop instructions, the blocks a
//     path from the source enters without passing a stop (pathAvoiding);
//   - the natural loop of every loop header, for exits' "the loop is
//     taken to run" rule.
//
// Checks run in parallel on one Model: the index is guarded by a mutex.

// graph is the index of one function.
type graph struct {
	fn     *ssa.Function
	index  map[ssa.Instruction]int32
	comp   []int32 // block index → component
	cyclic []bool  // component → some block of it can run again after itself

	mu      sync.Mutex
	reach   map[int32]bitset         // source block → blocks reachable from its successors
	avoid   map[string]*avoidSet     // pathAvoiding's searches, by avoidKey
	loops   map[int32]bitset         // loop header → its natural loop (header included)
	loopL   map[[2]int32]bitset      // (header, successor) → loop blocks the successor reaches without passing the header
	stops   map[string]map[int32]int // stop set → block → index of its first stop
	returns bitset                   // blocks from which a return is reachable (ReachesReturn)
}

// graphOf returns the index of fn, building it on first use; nil for a
// function without blocks.
func (m *Model) graphOf(fn *ssa.Function) *graph {
	if m == nil || fn == nil || len(fn.Blocks) == 0 {
		return nil
	}
	m.graphMu.Lock()
	defer m.graphMu.Unlock()
	if g := m.graphs[fn]; g != nil {
		return g
	}
	if m.graphs == nil {
		m.graphs = map[*ssa.Function]*graph{}
	}
	g := newGraph(fn)
	m.graphs[fn] = g
	return g
}

func newGraph(fn *ssa.Function) *graph {
	n := 0
	for _, b := range fn.Blocks {
		n += len(b.Instrs)
	}
	g := &graph{
		fn:    fn,
		index: make(map[ssa.Instruction]int32, n),
		reach: map[int32]bitset{},
		avoid: map[string]*avoidSet{},
	}
	for _, b := range fn.Blocks {
		for i, in := range b.Instrs {
			g.index[in] = int32(i)
		}
	}
	g.comp, g.cyclic = components(fn.Blocks)
	return g
}

// components numbers the strongly connected components of blocks (Tarjan's
// algorithm, iteratively), in reverse topological order: an edge goes from
// a component to one with the same or a smaller number.
func components(blocks []*ssa.BasicBlock) (comp []int32, cyclic []bool) {
	n := len(blocks)
	comp = make([]int32, n)
	low := make([]int32, n)
	num := make([]int32, n) // 0: not visited; else DFS number + 1
	onStack := make([]bool, n)
	var stack []int32
	type frame struct {
		b    int32
		next int
	}
	var calls []frame
	counter := int32(0)
	for root := range blocks {
		if num[root] != 0 {
			continue
		}
		calls = append(calls[:0], frame{int32(root), 0})
		counter++
		num[root], low[root] = counter, counter
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			b := blocks[top.b]
			if top.next < len(b.Succs) {
				s := int32(b.Succs[top.next].Index)
				top.next++
				if num[s] == 0 {
					counter++
					num[s], low[s] = counter, counter
					stack = append(stack, s)
					onStack[s] = true
					calls = append(calls, frame{s, 0})
				} else if onStack[s] {
					low[top.b] = min(low[top.b], num[s])
				}
				continue
			}
			v := top.b
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].b
				low[p] = min(low[p], low[v])
			}
			if low[v] != num[v] {
				continue
			}
			id := int32(len(cyclic))
			size := 0
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = id
				size++
				if w == v {
					break
				}
			}
			selfLoop := slices.ContainsFunc(b.Succs, func(s *ssa.BasicBlock) bool { return s == b })
			cyclic = append(cyclic, size > 1 || selfLoop)
		}
	}
	return comp, cyclic
}

// bitset is a set of small non-negative integers (block indices).
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (s bitset) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s bitset) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s bitset) addNew(i int) bool {
	if s.has(i) {
		return false
	}
	s.add(i)
	return true
}

// indexOf returns the position of instr in its block, or -1.
func (g *graph) indexOf(instr ssa.Instruction) int {
	if i, ok := g.index[instr]; ok {
		return int(i)
	}
	return -1
}

// reachable returns the blocks reachable from b by at least one edge.
func (g *graph) reachable(b *ssa.BasicBlock) bitset {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r, ok := g.reach[int32(b.Index)]; ok {
		return r
	}
	r := newBitset(len(g.fn.Blocks))
	stack := slices.Clone(b.Succs)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if r.addNew(x.Index) {
			stack = append(stack, x.Succs...)
		}
	}
	g.reach[int32(b.Index)] = r
	return r
}

// blockReaches reports whether block to is reachable from block from by at
// least one edge.
func (g *graph) blockReaches(from, to *ssa.BasicBlock) bool {
	cf, ct := g.comp[from.Index], g.comp[to.Index]
	if cf == ct {
		return g.cyclic[cf]
	}
	if ct > cf {
		return false // components are numbered in reverse topological order
	}
	return g.reachable(from).has(to.Index)
}

// mine reports whether instr belongs to g's function, with a block.
func (g *graph) mine(instr ssa.Instruction) bool {
	b := instr.Block()
	return b != nil && b.Parent() == g.fn && b.Index < len(g.fn.Blocks) && g.fn.Blocks[b.Index] == b
}

// Index returns the position of instr in block b, or -1; O(1) once b's
// function has been indexed.
func (m *Model) Index(b *ssa.BasicBlock, instr ssa.Instruction) int {
	if b == nil || instr == nil || instr.Block() != b {
		return -1
	}
	g := m.graphOf(b.Parent())
	if g == nil {
		return Index(b, instr)
	}
	return g.indexOf(instr)
}

// Reaches is the package-level Reaches answered from the function's index:
// whether to can execute after from in the same call of their function.
func (m *Model) Reaches(from, to ssa.Instruction) bool {
	if from == nil || to == nil {
		return false
	}
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || fb.Parent() != tb.Parent() {
		return false
	}
	g := m.graphOf(fb.Parent())
	if g == nil || !g.mine(from) || !g.mine(to) {
		return Reaches(from, to)
	}
	if fb == tb && g.indexOf(from) < g.indexOf(to) {
		return true
	}
	return g.blockReaches(fb, tb)
}

// OnCycle is the package-level OnCycle answered from the function's index.
func (m *Model) OnCycle(b *ssa.BasicBlock) bool {
	if b == nil {
		return false
	}
	g := m.graphOf(b.Parent())
	if g == nil || b.Index >= len(g.fn.Blocks) || g.fn.Blocks[b.Index] != b {
		return OnCycle(b)
	}
	return g.cyclic[g.comp[b.Index]]
}

// Dominates is the package-level Dominates with the function's index for
// instructions of one block.
func (m *Model) Dominates(a, b ssa.Instruction) bool {
	if a == nil || b == nil {
		return false
	}
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil || ab.Parent() != bb.Parent() {
		return false
	}
	if ab == bb {
		return m.Index(ab, a) < m.Index(bb, b)
	}
	return ab.Dominates(bb)
}

// avoidSet is one pathAvoiding search: from a source instruction, the
// blocks a path enters without having passed a stop.
type avoidSet struct {
	fromStop int    // index of the first stop after the source in its block; len when none
	entered  bitset // blocks entered (at their first instruction)
}

// stopKey names a set of stop instructions of g's function by their
// positions, for the memo tables.
func (g *graph) stopKey(stop map[ssa.Instruction]bool) string {
	var pos []int64
	for in, on := range stop {
		if b := in.Block(); on && b != nil && b.Parent() == g.fn {
			pos = append(pos, int64(b.Index)<<32|int64(g.indexOf(in)))
		}
	}
	slices.Sort(pos)
	var sb strings.Builder
	for _, p := range pos {
		sb.WriteString(strconv.FormatInt(p, 36))
		sb.WriteByte(',')
	}
	return sb.String()
}

// firstStops returns, per block holding a stop, the index of its first one.
func (g *graph) firstStops(key string, stop map[ssa.Instruction]bool) map[int32]int {
	if fs, ok := g.stops[key]; ok {
		return fs
	}
	fs := map[int32]int{}
	for in, on := range stop {
		b := in.Block()
		if !on || b == nil || b.Parent() != g.fn {
			continue
		}
		i := g.indexOf(in)
		if j, ok := fs[int32(b.Index)]; !ok || i < j {
			fs[int32(b.Index)] = i
		}
	}
	if g.stops == nil {
		g.stops = map[string]map[int32]int{}
	}
	g.stops[key] = fs
	return fs
}

// walkMode is the rule a search of pathAvoiding follows at the stops.
type walkMode uint8

const (
	// strictStops: a path that arrives at a stop has not reached it
	// (ReachesAvoiding).
	strictStops walkMode = iota
	// arriveStops: arriving at a stop reaches it, and the path ends there
	// (EntryReaches).
	arriveStops
	// loopsRun: arriveStops, and exits' rule for loops whose body holds a
	// stop applies (Model.pathAvoiding).
	loopsRun
)

// Branches fixes the outcome of some branches for a search: for an If,
// the index of the successor its paths take (0 when its condition holds,
// 1 when not). The other Ifs take both.
type Branches map[*ssa.If]int

// succs returns those of next, b's successors for the search, that br
// lets a path from b take.
func (br Branches) succs(b *ssa.BasicBlock, next []*ssa.BasicBlock) []*ssa.BasicBlock {
	if len(br) == 0 || len(b.Succs) != 2 || len(b.Instrs) == 0 {
		return next
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return next
	}
	i, ok := br[ifi]
	if !ok || i < 0 || i > 1 {
		return next
	}
	if slices.Contains(next, b.Succs[i]) {
		return b.Succs[i : i+1]
	}
	return nil
}

// key names br's Ifs of g's function and their outcomes, for the memo
// tables; "" when there are none.
func (br Branches) key(g *graph) string {
	var bs []int
	for ifi, i := range br {
		if b := ifi.Block(); b != nil && b.Parent() == g.fn && i >= 0 && i <= 1 {
			bs = append(bs, b.Index<<1|i)
		}
	}
	slices.Sort(bs)
	var sb strings.Builder
	for _, b := range bs {
		sb.WriteString(strconv.Itoa(b))
		sb.WriteByte(',')
	}
	return sb.String()
}

// search returns the memoized pathAvoiding search from instruction fi of
// fb (-1: before its first) with stop (named key, first stops fs), the
// mode's rule at loops and br's outcomes. strictStops and arriveStops
// differ only in how its answer is read, and share it. g.mu is held.
func (g *graph) search(fb *ssa.BasicBlock, fi int, stop map[ssa.Instruction]bool, key string, fs map[int32]int, mode walkMode, br Branches) *avoidSet {
	first := func(b *ssa.BasicBlock) int {
		if i, ok := fs[int32(b.Index)]; ok {
			return i
		}
		return len(b.Instrs)
	}
	akey := strconv.Itoa(fb.Index) + ":" + strconv.Itoa(fi) + "/" + key
	if mode == loopsRun {
		akey += "/loops"
	}
	if len(br) > 0 {
		akey += "/" + br.key(g)
	}
	if set := g.avoid[akey]; set != nil {
		return set
	}
	set := &avoidSet{fromStop: len(fb.Instrs), entered: newBitset(len(g.fn.Blocks))}
	for i := fi + 1; i < len(fb.Instrs); i++ {
		if stop[fb.Instrs[i]] {
			set.fromStop = i
			break
		}
	}
	if set.fromStop == len(fb.Instrs) {
		stack := slices.Clone(br.succs(fb, fb.Succs))
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !set.entered.addNew(b.Index) {
				continue
			}
			if first(b) == len(b.Instrs) {
				next := b.Succs
				if mode == loopsRun {
					// exits' rule looks at the whole loop body, not
					// at the part br leaves: br is applied after it.
					next = g.exits(b, stop, fs)
				}
				stack = append(stack, br.succs(b, next)...)
			}
		}
	}
	if g.avoid == nil {
		g.avoid = map[string]*avoidSet{}
	}
	g.avoid[akey] = set
	return set
}

// pathAvoiding answers Model.pathAvoiding, ReachesAvoiding and
// EntryReaches from one memoized search per source, stop set, rule at
// loops and fixed branches. from nil is the function's entry: the path
// begins before its first instruction.
func (g *graph) pathAvoiding(from, to ssa.Instruction, stop map[ssa.Instruction]bool, mode walkMode, br Branches) bool {
	fb, fi := g.fn.Blocks[0], -1
	if from != nil {
		fb = from.Block()
	}
	tb := to.Block()
	g.mu.Lock()
	defer g.mu.Unlock()
	key := g.stopKey(stop)
	fs := g.firstStops(key, stop)
	first := func(b *ssa.BasicBlock) int {
		if i, ok := fs[int32(b.Index)]; ok {
			return i
		}
		return len(b.Instrs)
	}
	if from != nil {
		fi = g.indexOf(from)
	}
	set := g.search(fb, fi, stop, key, fs, mode, br)
	ti := g.indexOf(to)
	if mode == strictStops {
		if tb == fb && fi < ti && ti < set.fromStop {
			return true
		}
		return set.entered.has(tb.Index) && ti < first(tb)
	}
	if tb == fb && fi < ti && ti <= set.fromStop {
		return true
	}
	return set.entered.has(tb.Index) && ti <= first(tb)
}

// EntryReaches reports whether some path from the entry of to's function
// reaches to without passing an instruction of stop; to may be a stop,
// and a path that arrives at it reaches it ("is the first of these events
// on some path a release?"), taking at each If of br only the branch br
// gives it. A block entered only by a panic's recovery is not on such a
// path. To ask it of many instructions of one function, use EntryReacher.
func (m *Model) EntryReaches(to ssa.Instruction, stop map[ssa.Instruction]bool, br Branches) bool {
	tb := to.Block()
	if tb == nil {
		return false
	}
	return m.EntryReacher(tb.Parent(), stop, br)(to)
}

// EntryReacher returns EntryReaches for instructions of fn with one stop
// set and fixed branches, from one search.
func (m *Model) EntryReacher(fn *ssa.Function, stop map[ssa.Instruction]bool, br Branches) func(ssa.Instruction) bool {
	g := m.graphOf(fn)
	if g == nil {
		return func(ssa.Instruction) bool { return false }
	}
	g.mu.Lock()
	key := g.stopKey(stop)
	fs := g.firstStops(key, stop)
	entry := g.fn.Blocks[0]
	set := g.search(entry, -1, stop, key, fs, arriveStops, br)
	g.mu.Unlock()
	// set and fs are not changed once made: read without the lock.
	return func(to ssa.Instruction) bool {
		if !g.mine(to) {
			return false
		}
		tb, ti := to.Block(), g.indexOf(to)
		first := len(tb.Instrs)
		if i, ok := fs[int32(tb.Index)]; ok {
			first = i
		}
		if tb == entry && ti <= set.fromStop {
			return true
		}
		return set.entered.has(tb.Index) && ti <= first
	}
}

// Forward returns the blocks that paths from from enter, passing no
// instruction of stop and taking at each If of br only the branch br
// gives it; no block when a stop follows from in its block. A block
// holding a stop is entered, and its paths end at the stop. The set is
// the model's: read it, do not keep it past the pass.
func (m *Model) Forward(from ssa.Instruction, stop map[ssa.Instruction]bool, br Branches) BlockSet {
	fb := from.Block()
	if fb == nil {
		return BlockSet{}
	}
	g := m.graphOf(fb.Parent())
	if g == nil || !g.mine(from) {
		return BlockSet{}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := g.stopKey(stop)
	return BlockSet{g.search(fb, g.indexOf(from), stop, key, g.firstStops(key, stop), arriveStops, br).entered}
}

// ReachesAvoiding reports whether to can execute after from in the same
// call of their function on a path that does not pass avoid (nil: any
// path, as Reaches); arriving at avoid is not passing it, but to == avoid
// is not reached.
func (m *Model) ReachesAvoiding(from, to, avoid ssa.Instruction) bool {
	if avoid == nil || avoid.Parent() != from.Parent() {
		return m.Reaches(from, to)
	}
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || fb.Parent() != tb.Parent() {
		return false
	}
	g := m.graphOf(fb.Parent())
	if g == nil || !g.mine(from) || !g.mine(to) || !g.mine(avoid) {
		return false
	}
	return g.pathAvoiding(from, to, map[ssa.Instruction]bool{avoid: true}, strictStops, nil)
}

// exits is the package-level exits with loopStops answered from natural
// loops: when b is a loop's header whose If picks between the loop's body
// and its exit, and the body can reach a stop before coming back to b, only
// the body is taken.
func (g *graph) exits(b *ssa.BasicBlock, stop map[ssa.Instruction]bool, fs map[int32]int) []*ssa.BasicBlock {
	if len(b.Succs) != 2 || len(stop) == 0 || len(b.Instrs) == 0 {
		return b.Succs
	}
	if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); !ok {
		return b.Succs
	}
	if !g.cyclic[g.comp[b.Index]] {
		return b.Succs // not in a loop
	}
	loop := g.loopOf(b)
	if loop == nil {
		return b.Succs
	}
	for si, body := range b.Succs {
		if !loop.has(body.Index) {
			continue
		}
		inside := g.loopFrom(b, si, loop)
		for blk := range fs {
			if int(blk) != b.Index && inside.has(int(blk)) {
				return []*ssa.BasicBlock{body}
			}
		}
	}
	return b.Succs
}

// loopOf returns the natural loop of header h (the blocks that reach a
// back edge into h without passing h, and h), or nil when no edge into h
// comes from a block h dominates.
func (g *graph) loopOf(h *ssa.BasicBlock) bitset {
	if l, ok := g.loops[int32(h.Index)]; ok {
		return l
	}
	var l bitset
	for _, p := range h.Preds {
		if !h.Dominates(p) {
			continue
		}
		if l == nil {
			l = newBitset(len(g.fn.Blocks))
			l.add(h.Index)
		}
		stack := []*ssa.BasicBlock{p}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			// A block h does not dominate is outside the loop (a goto
			// into it); h itself ends the walk, being in l already.
			if h.Dominates(x) && l.addNew(x.Index) {
				stack = append(stack, x.Preds...)
			}
		}
	}
	if g.loops == nil {
		g.loops = map[int32]bitset{}
	}
	g.loops[int32(h.Index)] = l
	return l
}

// A BlockSet is a set of blocks of one function; the zero value is empty.
type BlockSet struct{ bits bitset }

// Has reports whether b is in s.
func (s BlockSet) Has(b *ssa.BasicBlock) bool {
	return b != nil && b.Index < len(s.bits)*64 && s.bits.has(b.Index)
}

// Loop returns the natural loop of header h: h and the blocks that reach
// a back edge into h (an edge from a block h dominates) without passing
// h; ok is false when no such edge exists. Blocks entered by a goto from
// outside, which h does not dominate, are not in it.
func (m *Model) Loop(h *ssa.BasicBlock) (loop BlockSet, ok bool) {
	if h == nil {
		return BlockSet{}, false
	}
	g := m.graphOf(h.Parent())
	if g == nil || h.Index >= len(g.fn.Blocks) || g.fn.Blocks[h.Index] != h {
		return BlockSet{}, false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.loopOf(h)
	return BlockSet{l}, l != nil
}

// loopFrom returns the blocks of loop (h's natural loop) that its si-th
// successor reaches without passing h. When that successor is h's only one
// in the loop, that is the whole loop but h.
func (g *graph) loopFrom(h *ssa.BasicBlock, si int, loop bitset) bitset {
	k := [2]int32{int32(h.Index), int32(si)}
	if l, ok := g.loopL[k]; ok {
		return l
	}
	l := newBitset(len(g.fn.Blocks))
	stack := []*ssa.BasicBlock{h.Succs[si]}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == h || !loop.has(x.Index) || !l.addNew(x.Index) {
			continue
		}
		stack = append(stack, x.Succs...)
	}
	if g.loopL == nil {
		g.loopL = map[[2]int32]bitset{}
	}
	g.loopL[k] = l
	return l
}

// ReachesReturn reports whether a path from in reaches a return of its
// function (not a panic, nor a call that never returns); the blocks that
// reach one are found once per function.
func (m *Model) ReachesReturn(in ssa.Instruction) bool {
	if in == nil || in.Block() == nil {
		return false
	}
	g := m.graphOf(in.Parent())
	if g == nil || !g.mine(in) {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.returns == nil {
		g.returns = newBitset(len(g.fn.Blocks))
		var stack []*ssa.BasicBlock
		for _, b := range g.fn.Blocks {
			if len(b.Instrs) > 0 {
				if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					stack = append(stack, b)
				}
			}
		}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if g.returns.addNew(x.Index) {
				stack = append(stack, x.Preds...)
			}
		}
	}
	return g.returns.has(in.Block().Index)
}

package engine

// liveness is which slots of a skeleton hold a value some later operation
// reads: the explorer hashes only those, so that states that differ in dead
// values are one.
type liveness struct {
	in  [][]uint64 // per block, the slots live on entry
	out [][]uint64
	at  map[[2]int][]int32
}

func (f *Func) uses(op *Op, use func(Arg)) {
	use(op.A)
	use(op.B)
	for _, a := range op.Args {
		use(a)
	}
	for _, c := range op.Cases {
		use(c.Ch)
		use(c.Val)
	}
}

func (f *Func) defs(op *Op, def func(int32)) {
	def(op.Dst)
	def(op.Dst2)
	for _, d := range op.Dsts {
		def(d)
	}
}

func (f *Func) computeLiveness() {
	n := len(f.Blocks)
	words := (f.NSlots + 63) / 64
	lv := &liveness{in: make([][]uint64, n), out: make([][]uint64, n), at: map[[2]int][]int32{}}
	for i := range n {
		lv.in[i] = make([]uint64, words)
		lv.out[i] = make([]uint64, words)
	}
	set := func(b []uint64, a Arg) {
		if a >= 0 && int(a) < f.NSlots {
			b[a/64] |= 1 << (a % 64)
		}
	}
	clear := func(b []uint64, d int32) {
		if d >= 0 && int(d) < f.NSlots {
			b[d/64] &^= 1 << (d % 64)
		}
	}
	tmp := make([]uint64, words)
	for changed := true; changed; {
		changed = false
		for bi := n - 1; bi >= 0; bi-- {
			b := f.Blocks[bi]
			// out = union over edges of (in(succ) - phi dsts + phi srcs).
			for i := range tmp {
				tmp[i] = 0
			}
			edge := func(k int) {
				s := b.Term.Succ[k]
				if s < 0 || int(s) >= n {
					return
				}
				e := make([]uint64, words)
				copy(e, lv.in[s])
				for _, m := range b.Term.Moves[k] {
					clear(e, m.Dst)
				}
				for _, m := range b.Term.Moves[k] {
					set(e, m.Src)
				}
				for i := range tmp {
					tmp[i] |= e[i]
				}
			}
			switch b.Term.Kind {
			case TermJump:
				edge(0)
			case TermIf:
				edge(0)
				edge(1)
			}
			copy(lv.out[bi], tmp)
			cur := make([]uint64, words)
			copy(cur, tmp)
			set(cur, b.Term.Cond)
			for _, r := range b.Term.Results {
				set(cur, r)
			}
			for i := len(b.Ops) - 1; i >= 0; i-- {
				op := b.Ops[i]
				f.defs(op, func(d int32) { clear(cur, d) })
				f.uses(op, func(a Arg) { set(cur, a) })
			}
			for i := range cur {
				if cur[i] != lv.in[bi][i] {
					lv.in[bi] = cur
					changed = true
					break
				}
			}
		}
	}
	f.live = lv
}

// liveAt returns the slots live before operation pc of block blk (pc ==
// len(Ops) is the terminator).
func (f *Func) liveAt(blk, pc int) []int32 {
	if f.live == nil {
		f.computeLiveness()
	}
	k := [2]int{blk, pc}
	if s, ok := f.live.at[k]; ok {
		return s
	}
	b := f.Blocks[blk]
	words := (f.NSlots + 63) / 64
	cur := make([]uint64, words)
	copy(cur, f.live.out[blk])
	set := func(a Arg) {
		if a >= 0 && int(a) < f.NSlots {
			cur[a/64] |= 1 << (a % 64)
		}
	}
	set(b.Term.Cond)
	for _, r := range b.Term.Results {
		set(r)
	}
	for i := len(b.Ops) - 1; i >= pc; i-- {
		op := b.Ops[i]
		f.defs(op, func(d int32) {
			if d >= 0 && int(d) < f.NSlots {
				cur[d/64] &^= 1 << (d % 64)
			}
		})
		f.uses(op, set)
	}
	var out []int32
	for w, bits := range cur {
		for bits != 0 {
			i := 0
			for bits&(1<<i) == 0 {
				i++
			}
			out = append(out, int32(w*64+i))
			bits &^= 1 << i
		}
	}
	f.live.at[k] = out
	return out
}

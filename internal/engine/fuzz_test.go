package engine

import (
	"go/token"
	"go/types"
	"testing"
)

// genProg makes a program of skeletons from data: a root and up to three
// goroutine functions over a few channels, locks, WaitGroups and integers,
// with branches, loops and calls. Every byte decides something; any input is
// a valid program.
func genProg(data []byte) (*Prog, *Func) {
	p := newProg(types.NewPackage("fuzz", "fuzz"), nil)
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	chanT := types.NewChan(types.SendRecv, types.Typ[types.Int])
	intT := types.Typ[types.Int]
	boolT := types.Typ[types.Bool]
	mutexExt := &ExtType{Kind: ObjMutex, Cap: -1}
	wgExt := &ExtType{Kind: ObjWG, Cap: -1}
	const nslots = 8
	newFunc := func(name string, params int) *Func {
		f := &Func{Name: name, NParams: params, NSlots: nslots, Consts: []Val{top, intVal(0), intVal(1), intVal(2), nilVal}}
		for i := range nslots {
			var t types.Type
			switch i % 4 {
			case 0, 1:
				t = chanT
			case 2:
				t = intT
			default:
				t = boolT
			}
			x := p.extOf(t)
			f.Ext = append(f.Ext, x)
			f.Fresh = append(f.Fresh, x.Fresh)
		}
		p.register(f)
		return f
	}
	nf := 1 + next()%3
	funcs := []*Func{newFunc("root", 0)}
	for i := range nf {
		funcs = append(funcs, newFunc("g"+string(rune('a'+i)), 2))
	}
	slot := func() int32 { return int32(next() % nslots) }
	arg := func() Arg {
		if next()%5 == 0 {
			return Arg(-1 - next()%5)
		}
		return Arg(slot())
	}
	for fi, f := range funcs {
		nb := 1 + next()%5
		for bi := range nb {
			b := &Block{Index: bi}
			nops := next() % 6
			for range nops {
				op := &Op{Dst: -1, Dst2: -1, A: NoArg, B: NoArg, Pos: token.Pos(1 + fi*1000 + bi*10 + len(b.Ops))}
				switch next() % 16 {
				case 0:
					op.Kind, op.Dst, op.A = OpMakeChan, slot(), arg()
					op.Site = p.newSite(op)
				case 1:
					op.Kind, op.A, op.B = OpSend, arg(), arg()
				case 2:
					op.Kind, op.A, op.Dst, op.Dst2 = OpRecv, arg(), slot(), slot()
					op.Aux = int64(next() % 2)
				case 3:
					op.Kind, op.A = OpClose, arg()
				case 4:
					op.Kind, op.Dst, op.Dst2, op.Default = OpSelect, slot(), slot(), next()%2 == 0
					for range 1 + next()%3 {
						c := Case{Send: next()%2 == 0, Ch: arg(), Val: NoArg}
						if c.Send {
							c.Val = arg()
						} else {
							op.Dsts = append(op.Dsts, slot())
						}
						op.Cases = append(op.Cases, c)
					}
				case 5:
					op.Kind, op.Dst = OpMakeCell, slot()
					if next()%2 == 0 {
						op.Cell = mutexExt
					} else {
						op.Cell = wgExt
					}
				case 6:
					op.Kind, op.A, op.Aux = OpLock, arg(), int64(next()%2)
				case 7:
					op.Kind, op.A, op.Aux = OpUnlock, arg(), int64(next()%2)
				case 8:
					op.Kind, op.A, op.B = OpWGAdd, arg(), Arg(-1-next()%4)
				case 9:
					op.Kind, op.A = OpWGWait, arg()
				case 10:
					if fi+1 < len(funcs) {
						op.Kind, op.Fn, op.Args = OpGo, funcs[fi+1+next()%(len(funcs)-fi-1)], []Arg{arg(), arg()}
						op.Site = p.newSite(op)
					} else {
						op.Kind = OpNop
					}
				case 11:
					op.Kind, op.Dst, op.A, op.B, op.Aux = OpBinOp, slot(), arg(), arg(), int64([]token.Token{token.ADD, token.LSS, token.EQL, token.NEQ}[next()%4])
				case 12:
					op.Kind, op.Dst = OpFresh, slot()
				case 13:
					op.Kind, op.Dst, op.A = OpCopy, slot(), arg()
				case 14:
					op.Kind, op.A = OpEscape, arg()
				default:
					op.Kind, op.Dst, op.A = OpLen, slot(), arg()
				}
				b.Ops = append(b.Ops, op)
			}
			switch k := next() % 4; {
			case bi == nb-1 || k == 0:
				b.Term = Term{Kind: TermReturn}
			case k == 1:
				b.Term = Term{Kind: TermJump, Succ: [2]int32{int32(next() % nb), -1}}
			default:
				b.Term = Term{Kind: TermIf, Cond: arg(), Succ: [2]int32{int32(next() % nb), int32(next() % nb)}}
				if next()%3 == 0 {
					b.Term.Moves[0] = []Move{{Dst: slot(), Src: arg()}}
				}
			}
			f.Blocks = append(f.Blocks, b)
		}
	}
	p.computeSummaries()
	return p, funcs[0]
}

// FuzzExplore explores generated programs: the explorer must not panic,
// must end, and must respect its bounds.
func FuzzExplore(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 3, 10, 1, 2, 1, 0, 2, 0, 1, 1, 0, 1, 2, 0})
	f.Add([]byte("a seed with some bytes for channels, locks and goroutines"))
	f.Add([]byte{2, 4, 5, 0, 2, 4, 1, 1, 0, 2, 10, 0, 0, 1, 6, 0, 0, 7, 0, 0, 3, 2, 1, 1, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, root := genProg(data)
		lim := Limits{States: 200, Steps: 60, LocalSteps: 500, Goroutines: 4, Instances: 2, Depth: 3, Objects: 40, Scope: 2}
		stats, stuck, err := p.Explore(root, lim, nil)
		if err != nil {
			t.Fatalf("explore: %v", err)
		}
		if stats.States > lim.States {
			t.Fatalf("explored %d states, limit %d", stats.States, lim.States)
		}
		for _, st := range stuck {
			if st.Op == nil {
				t.Fatalf("stuck goroutine without an operation: %+v", st)
			}
		}
		// The proofs behind fixes must not panic either.
		for _, b := range root.Blocks {
			for _, op := range b.Ops {
				if op.Kind == OpMakeChan {
					p.MaxSends(root, op)
					p.LenSuffices(root, op, 0)
				}
			}
		}
	})
}

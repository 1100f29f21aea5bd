package engine

import (
	"go/types"

	"github.com/concvet/concvet/internal/model"
)

// sb builds a synthetic skeleton.
type sb struct {
	p   *Prog
	f   *Func
	cur *Block
}

func newSB(p *Prog, name, synth string) *sb {
	f := &Func{Name: name, Synth: synth, Consts: []Val{top}}
	p.register(f)
	b := &sb{p: p, f: f}
	b.cur = b.block()
	return b
}

func (b *sb) block() *Block {
	blk := &Block{Index: len(b.f.Blocks)}
	b.f.Blocks = append(b.f.Blocks, blk)
	return blk
}

func (b *sb) slot(t types.Type) int32 {
	s := int32(b.f.NSlots)
	b.f.NSlots++
	ext := &ExtType{Cap: -1}
	if t != nil {
		ext = b.p.extOf(t)
	}
	b.f.Ext = append(b.f.Ext, ext)
	b.f.Fresh = append(b.f.Fresh, ext.Fresh)
	return s
}

func (b *sb) boolSlot() int32 {
	return b.slot(types.Typ[types.Bool])
}

func (b *sb) emit(kind OpKind) *Op {
	op := &Op{Kind: kind, Dst: -1, Dst2: -1, A: NoArg, B: NoArg}
	b.cur.Ops = append(b.cur.Ops, op)
	return op
}

func (b *sb) constArg(v Val) Arg {
	for i, c := range b.f.Consts {
		if c == v {
			return Arg(-1 - i)
		}
	}
	b.f.Consts = append(b.f.Consts, v)
	return Arg(-len(b.f.Consts))
}

// loop wraps what body emits in a loop that runs any number of times.
func (b *sb) loop(body func()) {
	head, in, out := b.block(), b.block(), b.block()
	b.cur.Term = Term{Kind: TermJump, Succ: [2]int32{int32(head.Index), -1}}
	b.cur = head
	c := b.boolSlot()
	b.emit(OpFresh).Dst = c
	head.Term = Term{Kind: TermIf, Cond: Arg(c), Succ: [2]int32{int32(in.Index), int32(out.Index)}}
	b.cur = in
	body()
	b.cur.Term = Term{Kind: TermJump, Succ: [2]int32{int32(head.Index), -1}}
	b.cur = out
}

// synthFact makes the skeleton of a function of another package from its
// ParamOps fact: the bare sends on a parameter (in a loop when the fact
// says so), then its closes, Done calls and waits. A parameter the function
// also receives from, sends on in a select, or operates on through a field
// is handed to unknown code, and so is one the fact says nothing of: the
// fact lists what the function does before it returns, not what it keeps
// (a callback stored for later, a channel kept in a field).
func synthFact(p *Prog, obj *types.Func, po *model.ParamOps) *Func {
	b := newSB(p, "fact:"+obj.FullName(), "fact")
	b.f.Callee = obj
	sig := obj.Signature()
	var params []types.Type
	if sig.Recv() != nil {
		params = append(params, sig.Recv().Type())
	}
	for i := range sig.Params().Len() {
		params = append(params, sig.Params().At(i).Type())
	}
	for _, t := range params {
		b.slot(t)
	}
	b.f.NParams = len(params)
	ops := map[int]map[string]bool{}
	fields := map[int]bool{}
	for _, op := range po.Ops {
		if op.Path != "" {
			fields[op.Param] = true
			continue
		}
		if ops[op.Param] == nil {
			ops[op.Param] = map[string]bool{}
		}
		ops[op.Param][op.Op] = true
	}
	escapes := make([]bool, len(params))
	for i := range params {
		o := ops[i]
		escapes[i] = len(o) == 0 || fields[i] || o[model.OpRecv] || o[model.OpSend] && !o[model.OpBareSend] || o[model.OpAdd] || o[model.OpGo] || o[model.OpWait]
		if escapes[i] {
			b.emit(OpEscape).A = Arg(i)
			continue
		}
		if o[model.OpBareSend] {
			send := func() {
				op := b.emit(OpSend)
				op.A, op.B = Arg(i), -1
			}
			if o[model.OpSendLoop] {
				b.loop(send)
			} else {
				send()
			}
		}
	}
	for i := range params {
		o := ops[i]
		if escapes[i] {
			continue
		}
		if o[model.OpClose] {
			b.emit(OpClose).A = Arg(i)
		}
		if o[model.OpCall] {
			op := b.emit(OpCall)
			op.A = Arg(i)
		}
		if o[model.OpDone] {
			op := b.emit(OpWGAdd)
			op.A, op.B = Arg(i), b.constArg(intVal(-1))
		}
	}
	b.cur.Term = Term{Kind: TermReturn}
	for _, blk := range b.f.Blocks {
		for _, op := range blk.Ops {
			switch op.Kind {
			case OpSend, OpClose:
				b.f.Blocking = true
			}
		}
	}
	return b.f
}

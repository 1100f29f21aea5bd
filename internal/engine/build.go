package engine

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
)

// fb builds the skeleton of one function.
type fb struct {
	p      *Prog
	fn     *ssa.Function
	f      *Func
	slots  map[ssa.Value]int32
	consts map[Val]Arg
	blk    *Block
}

// funcOf returns the skeleton of fn, a function with a body (of this
// package, or a synthetic wrapper), building it on first use. It returns
// nil when fn has no body.
func (p *Prog) funcOf(fn *ssa.Function) *Func {
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if f, ok := p.byFn[fn]; ok {
		return f
	}
	if len(fn.Blocks) == 0 {
		p.byFn[fn] = nil
		return nil
	}
	f := &Func{Name: fn.String(), Fn: fn}
	p.byFn[fn] = f
	p.register(f)
	b := &fb{p: p, fn: fn, f: f, slots: map[ssa.Value]int32{}, consts: map[Val]Arg{}}
	b.build()
	if len(fn.FreeVars) > 0 {
		f.BindCaps = p.bindCaps(fn)
	}
	return f
}

func (p *Prog) register(f *Func) {
	p.index[f] = int32(len(p.funcs))
	p.funcs = append(p.funcs, f)
}

func (p *Prog) funcIndex(f *Func) int32 {
	if i, ok := p.index[f]; ok {
		return i
	}
	return -1
}

func (b *fb) newSlot(v ssa.Value, t types.Type) int32 {
	s := int32(b.f.NSlots)
	b.f.NSlots++
	ext := b.p.extOf(t)
	b.f.Ext = append(b.f.Ext, ext)
	b.f.Fresh = append(b.f.Fresh, ext.Fresh)
	if v != nil {
		b.slots[v] = s
	}
	return s
}

// tracked reports whether values of type t can matter to the explorer.
func tracked(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsBoolean) != 0 || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil
	case *types.Pointer, *types.Chan, *types.Interface, *types.Signature, *types.Slice, *types.Map:
		_, isParam := types.Unalias(t).(*types.TypeParam)
		return !isParam
	}
	return false
}

// errCheck reports a comparison of an error with nil: the test of
// whether a call failed.
func errCheck(in *ssa.BinOp) bool {
	if in.Op != token.EQL && in.Op != token.NEQ {
		return false
	}
	isNil := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value == nil
	}
	x, y := in.X, in.Y
	if isNil(x) {
		x, y = y, x
	}
	return isNil(y) && types.Identical(x.Type(), errorType)
}

var errorType = types.Universe.Lookup("error").Type()

// valueArg is the argument for v where v is handed on whole (to unknown
// code, into an interface): v itself when it is tracked, and for a struct
// or array value loaded from a variable (a composite literal, a copy) that
// holds tracked values, the variable: what it holds (a channel in a
// field) goes where the value goes.
func (b *fb) valueArg(v ssa.Value) (Arg, bool) {
	if tracked(v.Type()) {
		return b.arg(v), true
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL && holdsTracked(v.Type(), 0) {
		if s, ok := b.slots[u.X]; ok {
			return Arg(s), true
		}
	}
	return NoArg, false
}

// holdsTracked reports whether a struct or array type holds a tracked
// value (to a depth of 3).
func holdsTracked(t types.Type, depth int) bool {
	if depth > 3 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if ft := u.Field(i).Type(); tracked(ft) && !isBasic(ft) || holdsTracked(ft, depth+1) {
				return true
			}
		}
	case *types.Array:
		return tracked(u.Elem()) && !isBasic(u.Elem()) || holdsTracked(u.Elem(), depth+1)
	}
	return false
}

func isBasic(t types.Type) bool {
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

func (b *fb) build() {
	fn, f := b.fn, b.f
	for _, p := range fn.Params {
		b.newSlot(p, p.Type())
	}
	f.NParams = len(fn.Params)
	for _, fv := range fn.FreeVars {
		b.newSlot(fv, fv.Type())
	}
	f.NFree = len(fn.FreeVars)
	f.Consts = []Val{top}
	b.consts[top] = -1
	// Slots for values, sharing one slot among the extracts of one tuple
	// component.
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok {
				continue
			}
			if ex, ok := v.(*ssa.Extract); ok {
				if !tracked(ex.Type()) {
					continue
				}
				if first := firstExtract(ex); first != ex {
					if s, ok := b.slots[first]; ok {
						b.slots[ex] = s
						continue
					}
				}
			}
			if tracked(v.Type()) {
				b.newSlot(v, v.Type())
			}
		}
	}
	f.Blocks = make([]*Block, len(fn.Blocks))
	for i := range fn.Blocks {
		f.Blocks[i] = &Block{Index: i}
	}
	for i, blk := range fn.Blocks {
		b.blk = f.Blocks[i]
		for _, instr := range blk.Instrs {
			b.instr(instr)
		}
		if len(blk.Instrs) == 0 {
			b.blk.Term = Term{Kind: TermExit}
		}
	}
	b.loops()
	// Phis become copies on the edges into their block.
	for i, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				continue
			}
			dst, ok := b.slots[phi]
			if !ok {
				continue
			}
			for j, e := range phi.Edges {
				if j >= len(blk.Preds) {
					break
				}
				pred := blk.Preds[j]
				// The k-th edge from pred into blk.
				k := 0
				for _, q := range blk.Preds[:j] {
					if q == pred {
						k++
					}
				}
				t := &f.Blocks[pred.Index].Term
				for si, s := range pred.Succs {
					if s == blk {
						if k == 0 {
							t.Moves[si] = append(t.Moves[si], Move{Dst: dst, Src: b.arg(e)})
							break
						}
						k--
					}
				}
			}
			_ = i
		}
	}
}

// firstExtract returns the first Extract of the same tuple and index as ex.
func firstExtract(ex *ssa.Extract) *ssa.Extract {
	refs := ex.Tuple.Referrers()
	if refs == nil {
		return ex
	}
	for _, r := range *refs {
		if e, ok := r.(*ssa.Extract); ok && e.Index == ex.Index {
			return e
		}
	}
	return ex
}

// extract returns the slot of component i of tuple v, or -1.
func (b *fb) extract(v ssa.Value, i int) int32 {
	refs := v.Referrers()
	if refs == nil {
		return -1
	}
	for _, r := range *refs {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			if s, ok := b.slots[e]; ok {
				return s
			}
		}
	}
	return -1
}

// dst returns the slot of v, or -1.
func (b *fb) dst(v ssa.Value) int32 {
	if s, ok := b.slots[v]; ok {
		return s
	}
	return -1
}

func (b *fb) constArg(v Val) Arg {
	if a, ok := b.consts[v]; ok {
		return a
	}
	b.f.Consts = append(b.f.Consts, v)
	a := Arg(-len(b.f.Consts))
	b.consts[v] = a
	return a
}

// arg returns the operand for v.
func (b *fb) arg(v ssa.Value) Arg {
	if v == nil {
		return NoArg
	}
	if s, ok := b.slots[v]; ok {
		return Arg(s)
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return b.constArg(b.p.str(constant.StringVal(v.Value)))
		}
		return b.constArg(constVal(v))
	case *ssa.Function:
		if f := b.p.funcValue(v); f != nil {
			return b.constArg(Val{K: VFunc, N: int64(b.p.funcIndex(f))})
		}
	case *ssa.Global:
		return b.constArg(Val{K: VGlobal, N: int64(b.p.global(v))})
	}
	return -1 // top
}

func constVal(c *ssa.Const) Val {
	if c.Value == nil {
		if c.Type() != nil {
			switch c.Type().Underlying().(type) {
			case *types.Pointer, *types.Chan, *types.Interface, *types.Signature, *types.Slice, *types.Map:
				return nilVal
			case *types.Basic:
				if c.Type().Underlying().(*types.Basic).Kind() == types.UntypedNil || c.Type().Underlying().(*types.Basic).Kind() == types.UnsafePointer {
					return nilVal
				}
			}
		}
		return top
	}
	switch c.Value.Kind() {
	case constant.Bool:
		return boolVal(constant.BoolVal(c.Value))
	case constant.Int:
		if n, ok := constant.Int64Val(c.Value); ok && n >= -maxConst && n <= maxConst {
			return intVal(n)
		}
	case constant.String:
		return nonNil
	}
	return top
}

func (b *fb) emit(op *Op) *Op {
	if op.Dst == 0 && op.Kind != OpCopy {
		// Zero is a valid slot; callers set Dst explicitly.
	}
	b.blk.Ops = append(b.blk.Ops, op)
	return op
}

func (b *fb) op(kind OpKind, instr ssa.Instruction, dst int32) *Op {
	pos := token.NoPos
	if instr != nil {
		pos = instr.Pos()
	}
	return b.emit(&Op{Kind: kind, Pos: pos, Dst: dst, Dst2: -1, A: NoArg, B: NoArg, Instr: instr})
}

func (b *fb) fresh(v ssa.Value, instr ssa.Instruction) {
	if d := b.dst(v); d >= 0 {
		b.op(OpFresh, instr, d)
	}
}

func (b *fb) instr(instr ssa.Instruction) {
	p := b.p
	switch in := instr.(type) {
	case *ssa.DebugRef, *ssa.Phi, *ssa.Extract, *ssa.Range:
	case *ssa.Alloc:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpMakeCell, in, d)
			op.Cell = p.cellOf(deref(in.Type()), nil)
		}
	case *ssa.MakeChan:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpMakeChan, in, d)
			op.A = b.arg(in.Size)
			op.Site = p.newSite(op)
			b.f.Blocking = true
		}
	case *ssa.MakeClosure:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpClosure, in, d)
			op.Fn = p.funcOf(in.Fn.(*ssa.Function))
			for _, bv := range in.Bindings {
				op.Args = append(op.Args, b.arg(bv))
			}
			if op.Fn == nil {
				op.Kind = OpHavoc
				op.Dsts = []int32{d}
				op.Dst = -1
			} else {
				b.noteCallee(op.Fn)
			}
		}
	case *ssa.MakeInterface:
		// The object itself flows on: whatever hands it to unknown code
		// (a call, a store, a send) escapes it there.
		if d := b.dst(in); d >= 0 {
			op := b.op(OpIface, in, d)
			op.A = b.arg(in.X)
			if a, ok := b.valueArg(in.X); ok {
				op.A = a
			}
		} else if a, ok := b.valueArg(in.X); ok {
			if _, basic := in.X.Type().Underlying().(*types.Basic); !basic {
				op := b.op(OpEscape, in, -1)
				op.A = a
			}
		}
	case *ssa.MakeSlice:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpMakeSlice, in, d)
			op.A = b.arg(in.Len)
		}
	case *ssa.MakeMap:
		if d := b.dst(in); d >= 0 {
			b.op(OpUncertain, in, d)
		}
	case *ssa.Slice:
		d := b.dst(in)
		if d < 0 {
			return
		}
		if pt, ok := in.X.Type().Underlying().(*types.Pointer); ok {
			if at, ok := pt.Elem().Underlying().(*types.Array); ok {
				lo, hi := int64(0), at.Len()
				okLo, okHi := true, true
				if in.Low != nil {
					lo, okLo = constInt(in.Low)
				}
				if in.High != nil {
					hi, okHi = constInt(in.High)
				}
				if okLo && okHi && hi >= lo {
					op := b.op(OpSliceOf, in, d)
					op.Aux = hi - lo
					return
				}
			}
		}
		if _, ok := in.X.Type().Underlying().(*types.Slice); ok && in.Low == nil && in.High == nil {
			op := b.op(OpCopy, in, d)
			op.A = b.arg(in.X)
			return
		}
		b.fresh(in, in)
	case *ssa.BinOp:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpBinOp, in, d)
			op.A, op.B, op.Aux = b.arg(in.X), b.arg(in.Y), int64(in.Op)
			op.ErrCheck = errCheck(in)
		}
	case *ssa.UnOp:
		b.unop(in)
	case *ssa.ChangeType, *ssa.ChangeInterface:
		v := in.(ssa.Value)
		if d := b.dst(v); d >= 0 {
			op := b.op(OpCopy, in, d)
			op.A = b.arg(*in.Operands(nil)[0])
		}
	case *ssa.Convert:
		d := b.dst(in)
		if d < 0 {
			return
		}
		if isInt(in.X.Type()) && isInt(in.Type()) {
			op := b.op(OpCopy, in, d)
			op.A = b.arg(in.X)
			return
		}
		b.fresh(in, in)
	case *ssa.MultiConvert, *ssa.Index, *ssa.Field:
		b.fresh(in.(ssa.Value), in)
	case *ssa.SliceToArrayPointer, *ssa.IndexAddr:
		if d := b.dst(in.(ssa.Value)); d >= 0 {
			b.op(OpNonNil, in, d)
		}
	case *ssa.Lookup:
		if _, isMap := in.X.Type().Underlying().(*types.Map); !isMap {
			b.fresh(in, in)
			break
		}
		var op *Op
		if in.CommaOk {
			op = b.op(OpLookup, in, b.extract(in, 0))
			op.Dst2 = b.extract(in, 1)
		} else {
			op = b.op(OpLookup, in, b.dst(in))
		}
		op.A = b.arg(in.X)
	case *ssa.TypeAssert:
		if in.CommaOk {
			b.freshSlot(b.extract(in, 0), in)
			b.freshSlot(b.extract(in, 1), in)
		} else {
			b.fresh(in, in)
		}
	case *ssa.Next:
		if in.IsString {
			for i := range 3 {
				b.freshSlot(b.extract(in, i), in)
			}
			break
		}
		// Iterating over a map: like a lookup.
		op := b.op(OpLookup, in, b.extract(in, 0))
		op.Dst2 = b.extract(in, 2)
		if rng, ok := in.Iter.(*ssa.Range); ok {
			op.A = b.arg(rng.X)
		}
		b.freshSlot(b.extract(in, 1), in)
	case *ssa.FieldAddr:
		if d := b.dst(in); d >= 0 {
			f := model.StructField(in.X.Type(), in.Field)
			if f == nil {
				b.op(OpNonNil, in, d)
				return
			}
			op := b.op(OpField, in, d)
			op.A = b.arg(in.X)
			op.Field = p.field(f)
		}
	case *ssa.Store:
		op := b.op(OpStore, in, -1)
		op.A, op.B = b.arg(in.Addr), b.arg(in.Val)
		op.Shared = sharedAddr(in.Addr) && scalar(in.Val.Type())
		if !tracked(in.Val.Type()) {
			op.B = -1
		}
	case *ssa.MapUpdate:
		for _, v := range []ssa.Value{in.Key, in.Value} {
			if tracked(v.Type()) {
				op := b.op(OpEscape, in, -1)
				op.A = b.arg(v)
			}
		}
	case *ssa.Send:
		op := b.op(OpSend, in, -1)
		op.A, op.B = b.arg(in.Chan), b.arg(in.X)
		b.f.Blocking = true
	case *ssa.Select:
		b.selectOp(in)
	case *ssa.Call:
		b.call(in, in.Common(), modeCall)
	case *ssa.Go:
		b.call(in, in.Common(), modeGo)
	case *ssa.Defer:
		b.call(in, in.Common(), modeDefer)
	case *ssa.RunDefers:
		b.op(OpRunDefers, in, -1)
	case *ssa.Panic:
		b.blk.Term = Term{Kind: TermExit, Pos: in.Pos()}
		if mi, ok := in.X.(*ssa.MakeInterface); ok {
			if c, ok := mi.X.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String && strings.HasPrefix(constant.StringVal(c.Value), "blocking select matched no case") {
				b.blk.Term.Kind = TermUnreachable
			}
		}
	case *ssa.Return:
		t := Term{Kind: TermReturn, Pos: in.Pos()}
		for _, r := range in.Results {
			t.Results = append(t.Results, b.arg(r))
			if !tracked(r.Type()) {
				// A struct value that holds channels (an EventQueue
				// of channels a constructor returns) goes where the
				// engine does not follow it: what it holds escapes.
				if a, ok := b.valueArg(r); ok {
					op := b.op(OpEscape, in, -1)
					op.A = a
				}
			}
		}
		b.blk.Term = t
	case *ssa.Jump:
		b.blk.Term = Term{Kind: TermJump, Succ: [2]int32{int32(in.Block().Succs[0].Index), -1}}
	case *ssa.If:
		s := in.Block().Succs
		b.blk.Term = Term{Kind: TermIf, Cond: b.arg(in.Cond), Succ: [2]int32{int32(s[0].Index), int32(s[1].Index)}, Pos: in.Pos()}
	default:
		if v, ok := instr.(ssa.Value); ok {
			b.fresh(v, instr)
		}
	}
}

func (b *fb) freshSlot(d int32, instr ssa.Instruction) {
	if d >= 0 {
		b.op(OpFresh, instr, d)
	}
}

func constInt(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}

func isInt(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// scalar reports whether a cell of type t holds a value whose order of
// loads and stores between goroutines matters to the explorer (a flag, a
// counter).
func scalar(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsBoolean) != 0
}

// sharedAddr reports whether addr can be reached by another goroutine: a
// captured variable, a field, a package variable, or anything reached
// through a pointer.
func sharedAddr(addr ssa.Value) bool {
	switch a := addr.(type) {
	case *ssa.Alloc:
		for _, r := range *a.Referrers() {
			switch r.(type) {
			case *ssa.Store, *ssa.UnOp, *ssa.DebugRef:
			default:
				return true
			}
		}
		return false
	}
	return true
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func (b *fb) unop(in *ssa.UnOp) {
	switch in.Op {
	case token.NOT:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpNot, in, d)
			op.A = b.arg(in.X)
		}
	case token.SUB:
		if d := b.dst(in); d >= 0 {
			op := b.op(OpNeg, in, d)
			op.A = b.arg(in.X)
		}
	case token.MUL:
		d := b.dst(in)
		op := b.op(OpLoad, in, d)
		op.A = b.arg(in.X)
		op.Shared = sharedAddr(in.X) && scalar(in.Type())
	case token.ARROW:
		op := b.op(OpRecv, in, -1)
		op.A = b.arg(in.X)
		if in.CommaOk {
			op.Dst, op.Dst2 = b.extract(in, 0), b.extract(in, 1)
			if in.Block() != nil && in.Block().Comment == "rangechan.loop" {
				op.Aux = 1
			}
		} else {
			op.Dst = b.dst(in)
		}
		b.f.Blocking = true
	default:
		b.fresh(in, in)
	}
}

func (b *fb) selectOp(in *ssa.Select) {
	op := b.op(OpSelect, in, b.extract(in, 0))
	op.Dst2 = b.extract(in, 1)
	op.Default = !in.Blocking
	k := 0
	for _, st := range in.States {
		c := Case{Send: st.Dir == types.SendOnly, Ch: b.arg(st.Chan), Val: NoArg, Pos: st.Pos}
		if c.Send {
			c.Val = b.arg(st.Send)
		} else {
			op.Dsts = append(op.Dsts, b.extract(in, 2+k))
			k++
		}
		op.Cases = append(op.Cases, c)
	}
	b.f.Blocking = true
}

// loops marks the edges that leave or bypass a loop with go operations in
// it (Term.Skip).
func (b *fb) loops() {
	fn := b.fn
	for _, h := range fn.Blocks {
		var body map[*ssa.BasicBlock]bool
		for _, p := range h.Preds {
			if !h.Dominates(p) {
				continue
			}
			if body == nil {
				body = map[*ssa.BasicBlock]bool{h: true}
			}
			stack := []*ssa.BasicBlock{p}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if body[x] {
					continue
				}
				body[x] = true
				stack = append(stack, x.Preds...)
			}
		}
		if body == nil {
			continue
		}
		for x := range body {
			for _, op := range b.f.Blocks[x.Index].Ops {
				op.Loop = true
			}
		}
		var sites []int32
		for x := range body {
			for _, op := range b.f.Blocks[x.Index].Ops {
				if op.Kind == OpGo {
					sites = append(sites, op.Site)
				}
			}
		}
		if len(sites) == 0 {
			continue
		}
		slices.Sort(sites)
		for _, x := range fn.Blocks {
			t := &b.f.Blocks[x.Index].Term
			if t.Kind != TermIf || len(x.Succs) != 2 {
				continue
			}
			in0, in1 := body[x.Succs[0]], body[x.Succs[1]]
			if in0 == in1 {
				continue
			}
			k := 0
			if in0 {
				k = 1
			}
			t.Skip[k] = append(t.Skip[k], sites...)
		}
	}
}

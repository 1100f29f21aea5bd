package engine

import (
	"go/types"

	"github.com/concvet/concvet/internal/model"
	"golang.org/x/tools/go/ssa"
)

type callMode int

const (
	modeCall callMode = iota
	modeGo
	modeDefer
)

// results returns the slots of a call's results.
func (b *fb) results(v ssa.Value) []int32 {
	if v == nil {
		return nil
	}
	t, ok := v.Type().(*types.Tuple)
	if !ok {
		if v.Type() == nil || !tracked(v.Type()) {
			return nil
		}
		return []int32{b.dst(v)}
	}
	out := make([]int32, t.Len())
	for i := range out {
		out[i] = b.extract(v, i)
	}
	return out
}

func (b *fb) args(vs []ssa.Value) []Arg {
	out := make([]Arg, len(vs))
	for i, v := range vs {
		out[i] = b.arg(v)
	}
	return out
}

// call translates a call, go or defer of common.
func (b *fb) call(instr ssa.CallInstruction, common *ssa.CallCommon, mode callMode) {
	var val ssa.Value
	if mode == modeCall {
		val = instr.(*ssa.Call)
	}
	if mode != modeCall {
		b.spawnOrDefer(instr, common, mode)
		return
	}
	dsts := b.results(val)
	dst := int32(-1)
	if len(dsts) == 1 {
		if _, tuple := val.Type().(*types.Tuple); !tuple {
			dst = dsts[0]
		}
	}
	if b.primitive(instr, common, dst, dsts) {
		return
	}
	b.escapeStructs(instr, common.Args)
	if common.IsInvoke() {
		b.havoc(instr, append([]ssa.Value{common.Value}, common.Args...), dsts)
		return
	}
	if _, closure := common.Value.(*ssa.MakeClosure); closure {
		op := b.op(OpCall, instr, -1)
		op.A, op.Args, op.Dsts = b.arg(common.Value), b.args(common.Args), dsts
		return
	}
	if callee := common.StaticCallee(); callee != nil {
		if f := b.p.funcValue(callee); f != nil {
			op := b.op(OpCall, instr, -1)
			op.Fn, op.Args, op.Dsts = f, b.args(common.Args), dsts
			b.noteCallee(f)
			return
		}
		b.havoc(instr, common.Args, dsts)
		return
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		b.havoc(instr, nil, dsts)
		return
	}
	// A call of a function value.
	op := b.op(OpCall, instr, -1)
	op.A, op.Args, op.Dsts = b.arg(common.Value), b.args(common.Args), dsts
}

func (b *fb) noteCallee(f *Func) {
	if f.Spawns {
		b.f.Spawns = true
	}
	if f.Blocking {
		b.f.Blocking = true
	}
}

func (b *fb) havoc(instr ssa.Instruction, args []ssa.Value, dsts []int32) {
	op := b.op(OpHavoc, instr, -1)
	for _, a := range args {
		if tracked(a.Type()) {
			op.Args = append(op.Args, b.arg(a))
		}
	}
	op.Dsts = dsts
}

// escapeStructs escapes what the struct values among args hold: a callee
// gets a struct parameter as a value the engine does not follow, so the
// channels in it go where the engine cannot see.
func (b *fb) escapeStructs(instr ssa.Instruction, args []ssa.Value) {
	for _, a := range args {
		if tracked(a.Type()) {
			continue
		}
		if v, ok := b.valueArg(a); ok {
			op := b.op(OpEscape, instr, -1)
			op.A = v
		}
	}
}

// spawnOrDefer translates a go or defer statement: the function it runs,
// and the values of its arguments now.
func (b *fb) spawnOrDefer(instr ssa.CallInstruction, common *ssa.CallCommon, mode callMode) {
	kind := OpGo
	if mode == modeDefer {
		kind = OpDefer
	}
	b.escapeStructs(instr, common.Args)
	op := b.op(kind, instr, -1)
	if kind == OpGo {
		op.Site = b.p.newSite(op)
		b.f.Spawns = true
	}
	if _, closure := common.Value.(*ssa.MakeClosure); closure {
		op.A, op.Args = b.arg(common.Value), b.args(common.Args)
		return
	}
	if !common.IsInvoke() {
		if callee := common.StaticCallee(); callee != nil {
			if f := b.p.funcValue(callee); f != nil && !knownCallee(callee) {
				op.Fn, op.Args = f, b.args(common.Args)
				if kind == OpDefer {
					b.noteCallee(f)
				}
				return
			}
		} else if _, builtin := common.Value.(*ssa.Builtin); !builtin {
			op.A, op.Args = b.arg(common.Value), b.args(common.Args)
			return
		}
	}
	// A primitive, an invoke or a function without a body: wrap it.
	w, args := b.p.wrap(instr, common, b)
	op.Fn, op.Args = w, args
	if kind == OpDefer {
		b.noteCallee(w)
	}
}

// wrap makes a synthetic skeleton that performs the call common, with a
// parameter for each operand that is not a constant; it returns it and the
// caller's operands for those parameters.
func (p *Prog) wrap(instr ssa.CallInstruction, common *ssa.CallCommon, caller *fb) (*Func, []Arg) {
	w := &Func{Name: "wrap:" + common.String(), Synth: "wrap"}
	p.register(w)
	wb := &fb{p: p, fn: caller.fn, f: w, slots: map[ssa.Value]int32{}, consts: map[Val]Arg{}}
	w.Consts = []Val{top}
	wb.consts[top] = -1
	var callerArgs []Arg
	operands := append([]ssa.Value{common.Value}, common.Args...)
	for _, v := range operands {
		switch v.(type) {
		case *ssa.Const, *ssa.Function, *ssa.Global, *ssa.Builtin:
			continue
		}
		if _, ok := wb.slots[v]; ok || !tracked(v.Type()) {
			continue
		}
		wb.newSlot(v, v.Type())
		callerArgs = append(callerArgs, caller.arg(v))
	}
	w.NParams = w.NSlots
	w.Blocks = []*Block{{Index: 0}}
	wb.blk = w.Blocks[0]
	wb.callNoValue(instr, common)
	wb.blk.Term = Term{Kind: TermReturn}
	return w, callerArgs
}

// callNoValue translates a call whose results are not used.
func (b *fb) callNoValue(instr ssa.CallInstruction, common *ssa.CallCommon) {
	if b.primitive(instr, common, -1, nil) {
		return
	}
	if common.IsInvoke() {
		b.havoc(instr, append([]ssa.Value{common.Value}, common.Args...), nil)
		return
	}
	if _, closure := common.Value.(*ssa.MakeClosure); closure {
		op := b.op(OpCall, instr, -1)
		op.A, op.Args = b.arg(common.Value), b.args(common.Args)
		return
	}
	if callee := common.StaticCallee(); callee != nil {
		if f := b.p.funcValue(callee); f != nil {
			op := b.op(OpCall, instr, -1)
			op.Fn, op.Args = f, b.args(common.Args)
			b.noteCallee(f)
			return
		}
		b.havoc(instr, common.Args, nil)
		return
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		b.havoc(instr, common.Args, nil)
		return
	}
	op := b.op(OpCall, instr, -1)
	op.A, op.Args = b.arg(common.Value), b.args(common.Args)
}

// funcValue returns the skeleton that stands for calling fn: its body when
// it has one in this package (or is a synthetic wrapper with a body), the
// skeleton made from its ParamOps fact for a function of another package,
// or nil.
func (p *Prog) funcValue(fn *ssa.Function) *Func {
	if fn == nil {
		return nil
	}
	o := fn.Origin()
	if o == nil {
		o = fn
	}
	if o.Pkg != nil && o.Pkg.Pkg == p.Pkg || o.Synthetic != "" && len(o.Blocks) > 0 && o.Pkg != nil && o.Pkg.Pkg == p.Pkg {
		if f := p.funcOf(o); f != nil {
			return f
		}
	}
	obj, ok := o.Object().(*types.Func)
	if !ok || obj == nil {
		return nil
	}
	if o.Pkg != nil && o.Pkg.Pkg == p.Pkg {
		return nil
	}
	return p.factFunc(obj)
}

// primitive translates calls the engine knows: builtins, sync, errgroup,
// context, time and testing. It reports whether it did.
func (b *fb) primitive(instr ssa.CallInstruction, common *ssa.CallCommon, dst int32, dsts []int32) bool {
	args := common.Args
	arg := func(i int) Arg {
		if i < len(args) {
			return b.arg(args[i])
		}
		return NoArg
	}
	if bi, ok := common.Value.(*ssa.Builtin); ok {
		switch bi.Name() {
		case "len":
			op := b.op(OpLen, instr, dst)
			op.A = arg(0)
		case "cap":
			op := b.op(OpCap, instr, dst)
			op.A = arg(0)
		case "close":
			op := b.op(OpClose, instr, -1)
			op.A = arg(0)
			b.f.Blocking = true
		case "append":
			op := b.op(OpAppend, instr, dst)
			op.A, op.B = arg(0), arg(1)
			if len(args) > 1 && tracked(args[1].Type()) {
				// The appended elements may be objects: they go into a
				// slice the engine does not follow.
				e := b.op(OpEscape, instr, -1)
				e.A = arg(1)
			}
		case "ssa:wrapnilchk":
			op := b.op(OpCopy, instr, dst)
			op.A = arg(0)
		case "recover":
			// The explorer's calls do not panic, so a deferred recover
			// finds none: the path where it would is not explored, and
			// the one it explores must not run both the normal and the
			// panicking ends of a function.
			if dst >= 0 {
				op := b.op(OpCopy, instr, dst)
				op.A = b.constArg(Val{K: VNil})
			}
		case "copy", "delete", "print", "println", "clear", "min", "max", "real", "imag", "complex":
			if dst >= 0 {
				b.op(OpFresh, instr, dst)
			}
		default:
			return false
		}
		return true
	}
	if common.IsInvoke() {
		m := common.Method
		recv := common.Value
		switch {
		case model.IsContext(recv.Type()):
			switch m.Name() {
			case "Done":
				op := b.op(OpCtxDone, instr, dst)
				op.A = b.arg(recv)
			default:
				b.freshAll(instr, dst, dsts)
			}
			return true
		case isTesting(recv.Type()):
			return b.testingCall(instr, m.Name(), dst, dsts)
		}
		return false
	}
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	pkg, recv, name := obj.Pkg().Path(), model.RecvName(obj), obj.Name()
	switch {
	case pkg == "sync":
		return b.syncCall(instr, recv, name, arg, dst, dsts, common)
	case pkg == "golang.org/x/sync/errgroup":
		switch {
		case recv == "Group" && (name == "Go" || name == "TryGo"):
			op := b.op(OpGo, instr, -1)
			op.Aux, op.B = SpawnGroup, arg(0)
			op.Site = b.p.newSite(op)
			b.goTarget(op, args[1])
			b.f.Spawns = true
			if dst >= 0 {
				op.Dst = dst // TryGo: true when started
			}
		case recv == "Group" && name == "Wait":
			op := b.op(OpGroupWait, instr, -1)
			op.A = arg(0)
			b.freshAll(instr, dst, dsts)
			b.f.Blocking = true
		case recv == "Group" && name == "SetLimit":
			op := b.op(OpGroupLimit, instr, -1)
			op.A, op.B = arg(0), arg(1)
		case recv == "" && name == "WithContext":
			if len(dsts) == 2 {
				g := b.op(OpMakeCell, instr, dsts[0])
				g.Cell = b.p.groupCell()
				if dsts[0] >= 0 {
					c := b.op(OpGroupCtx, instr, dsts[1])
					c.A, c.B = Arg(dsts[0]), arg(0)
				}
			}
		default:
			return false
		}
		return true
	case pkg == "context" && recv == "":
		switch name {
		case "Background", "TODO", "WithoutCancel":
			b.op(OpCtxRoot, instr, dst)
		case "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause":
			if len(dsts) == 2 {
				op := b.op(OpCtxWith, instr, dsts[0])
				op.Dst2, op.A = dsts[1], arg(0)
				if name != "WithCancel" && name != "WithCancelCause" {
					op.Aux = 1
				}
			}
		case "WithValue":
			op := b.op(OpCopy, instr, dst)
			op.A = arg(0)
		default:
			return false
		}
		return true
	case pkg == "os/signal" && recv == "" && name == "NotifyContext":
		if len(dsts) == 2 {
			op := b.op(OpCtxWith, instr, dsts[0])
			op.Dst2, op.A, op.Aux = dsts[1], arg(0), 1
		}
		return true
	case pkg == "time":
		switch {
		case recv == "" && (name == "After" || name == "Tick"):
			b.op(OpEnvChan, instr, dst)
		case recv == "" && (name == "Sleep"):
		case recv == "" && (name == "NewTimer" || name == "NewTicker"):
			b.op(OpFresh, instr, dst) // an external *Timer: its C is sent on by the runtime
		case (recv == "Timer" || recv == "Ticker") && (name == "Stop" || name == "Reset"):
			b.freshAll(instr, dst, dsts)
		default:
			return false
		}
		return true
	case pkg == "testing" && recv != "":
		return b.testingCall(instr, name, dst, dsts)
	}
	return false
}

// knownCallee reports whether fn belongs to a package whose calls the
// engine translates itself (primitive).
func knownCallee(fn *ssa.Function) bool {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "sync", "golang.org/x/sync/errgroup", "context", "os/signal", "time", "testing":
		return true
	}
	return false
}

func (b *fb) freshAll(instr ssa.Instruction, dst int32, dsts []int32) {
	if dst >= 0 {
		b.op(OpFresh, instr, dst)
		return
	}
	for _, d := range dsts {
		if d >= 0 {
			b.op(OpFresh, instr, d)
		}
	}
}

func isTesting(t types.Type) bool {
	t = deref(t)
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch n.Obj().Name() {
	case "T", "B", "F", "TB", "common":
		return true
	}
	return false
}

// testingCall translates the methods of testing that end or fail a test.
func (b *fb) testingCall(instr ssa.Instruction, name string, dst int32, dsts []int32) bool {
	switch name {
	case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
		b.op(OpFail, instr, -1).Aux = 1
	case "Error", "Errorf", "Fail":
		b.op(OpFail, instr, -1)
	default:
		return false
	}
	b.freshAll(instr, dst, dsts)
	return true
}

func (b *fb) syncCall(instr ssa.CallInstruction, recv, name string, arg func(int) Arg, dst int32, dsts []int32, common *ssa.CallCommon) bool {
	switch recv {
	case "Mutex", "RWMutex":
		var k OpKind
		var r int64
		switch name {
		case "Lock":
			k = OpLock
		case "RLock":
			k, r = OpLock, 1
		case "Unlock":
			k = OpUnlock
		case "RUnlock":
			k, r = OpUnlock, 1
		case "TryLock":
			k = OpTryLock
		case "TryRLock":
			k, r = OpTryLock, 1
		case "RLocker":
			b.op(OpFresh, instr, dst)
			return true
		default:
			return false
		}
		op := b.op(k, instr, -1)
		op.A, op.Aux = arg(0), r
		if k == OpTryLock {
			op.Dst = dst
		}
		if k == OpLock {
			b.f.Blocking = true
		}
	case "WaitGroup":
		switch name {
		case "Add":
			op := b.op(OpWGAdd, instr, -1)
			op.A, op.B = arg(0), arg(1)
		case "Done":
			op := b.op(OpWGAdd, instr, -1)
			op.A, op.B = arg(0), b.constArg(intVal(-1))
		case "Wait":
			op := b.op(OpWGWait, instr, -1)
			op.A = arg(0)
			b.f.Blocking = true
		case "Go":
			op := b.op(OpGo, instr, -1)
			op.Aux, op.B = SpawnWG, arg(0)
			op.Site = b.p.newSite(op)
			b.goTarget(op, common.Args[1])
			b.f.Spawns = true
		default:
			return false
		}
	case "Cond":
		switch name {
		case "Wait":
			op := b.op(OpCondWait, instr, -1)
			op.A = arg(0)
			b.f.Blocking = true
		case "Signal":
			op := b.op(OpSignal, instr, -1)
			op.A = arg(0)
		case "Broadcast":
			op := b.op(OpSignal, instr, -1)
			op.A, op.Aux = arg(0), 1
		default:
			return false
		}
	case "Once":
		if name != "Do" {
			return false
		}
		op := b.op(OpOnceDo, instr, -1)
		op.A, op.B = arg(0), arg(1)
	case "":
		if name != "NewCond" {
			return false
		}
		op := b.op(OpMakeCond, instr, dst)
		op.A = arg(0)
	default:
		return false
	}
	return true
}

// goTarget sets what a Go method runs: the function value v.
func (b *fb) goTarget(op *Op, v ssa.Value) {
	if fn, ok := v.(*ssa.Function); ok {
		if f := b.p.funcValue(fn); f != nil {
			op.Fn = f
			return
		}
		op.A = -1
		return
	}
	op.A = b.arg(v)
}

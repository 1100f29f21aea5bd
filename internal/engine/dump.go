package engine

import (
	"fmt"
	"io"
)

// Dump writes f in a readable form, for tests and debugging.
func (f *Func) Dump(w io.Writer) {
	fmt.Fprintf(w, "func %s params=%d free=%d slots=%d\n", f.Name, f.NParams, f.NFree, f.NSlots)
	for _, b := range f.Blocks {
		fmt.Fprintf(w, "  b%d:\n", b.Index)
		for _, op := range b.Ops {
			fmt.Fprintf(w, "    %s\n", op)
		}
		fmt.Fprintf(w, "    %s\n", &b.Term)
	}
}

var opNames = map[OpKind]string{
	OpNop: "nop", OpCopy: "copy", OpIface: "iface", OpLookup: "lookup", OpFresh: "fresh", OpNonNil: "nonnil", OpUncertain: "uncertain",
	OpBinOp: "binop", OpNot: "not", OpNeg: "neg", OpLen: "len", OpCap: "cap", OpAppend: "append",
	OpSliceOf: "sliceof", OpMakeSlice: "makeslice", OpMakeCell: "cell", OpField: "field",
	OpLoad: "load", OpStore: "store", OpEscape: "escape", OpMakeChan: "makechan", OpEnvChan: "envchan",
	OpSend: "send", OpRecv: "recv", OpClose: "close", OpSelect: "select", OpLock: "lock",
	OpUnlock: "unlock", OpTryLock: "trylock", OpMakeCond: "makecond", OpCondWait: "condwait",
	OpSignal: "signal", OpWGAdd: "wgadd", OpWGWait: "wgwait", OpGroupWait: "groupwait",
	OpGroupLimit: "grouplimit", OpGroupCtx: "groupctx", OpOnceDo: "oncedo", OpCtxRoot: "ctxroot",
	OpCtxWith: "ctxwith", OpCtxDone: "ctxdone", OpCancel: "cancel", OpClosure: "closure",
	OpCall: "call", OpGo: "go", OpDefer: "defer", OpRunDefers: "rundefers", OpHavoc: "havoc",
	OpFail: "fail",
}

func (k OpKind) String() string {
	if n, ok := opNames[k]; ok {
		return n
	}
	return fmt.Sprintf("op%d", k)
}

func (op *Op) String() string {
	s := op.Kind.String()
	if op.Dst >= 0 {
		s = fmt.Sprintf("s%d = %s", op.Dst, s)
	}
	if op.Dst2 >= 0 {
		s += fmt.Sprintf(" (s%d)", op.Dst2)
	}
	arg := func(a Arg) string {
		if a == NoArg {
			return "_"
		}
		if a >= 0 {
			return fmt.Sprintf("s%d", a)
		}
		return fmt.Sprintf("c%d", -1-a)
	}
	if op.A != NoArg {
		s += " " + arg(op.A)
	}
	if op.B != NoArg {
		s += " " + arg(op.B)
	}
	for _, a := range op.Args {
		s += " " + arg(a)
	}
	for _, c := range op.Cases {
		dir := "<-" + arg(c.Ch)
		if c.Send {
			dir = arg(c.Ch) + "<-" + arg(c.Val)
		}
		s += " [" + dir + "]"
	}
	if op.Default {
		s += " default"
	}
	if len(op.Dsts) > 0 {
		s += fmt.Sprintf(" -> %v", op.Dsts)
	}
	if op.Fn != nil {
		s += " fn=" + op.Fn.Name
	}
	if op.Aux != 0 {
		s += fmt.Sprintf(" aux=%d", op.Aux)
	}
	if op.Field != nil {
		s += " ." + op.Field.Var.Name()
	}
	if op.Shared {
		s += " shared"
	}
	return s
}

func (t *Term) String() string {
	mv := func(ms []Move) string {
		if len(ms) == 0 {
			return ""
		}
		return fmt.Sprint(ms)
	}
	switch t.Kind {
	case TermJump:
		return fmt.Sprintf("jump b%d %s", t.Succ[0], mv(t.Moves[0]))
	case TermIf:
		return fmt.Sprintf("if %d b%d %s else b%d %s", t.Cond, t.Succ[0], mv(t.Moves[0]), t.Succ[1], mv(t.Moves[1]))
	case TermReturn:
		return fmt.Sprintf("return %v", t.Results)
	}
	return "exit"
}

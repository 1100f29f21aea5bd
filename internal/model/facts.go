package model

import (
	"fmt"
	"slices"
	"strings"
)

// ParamOp is one operation a function performs on (a field of) one of its
// parameters. For a method the receiver is parameter 0.
type ParamOp struct {
	Param int
	Path  string // field path from the parameter, "" for the parameter itself
	Op    string // one of the Op* constants
}

// Operations recorded in ParamOps facts.
const (
	OpSend    = "send"
	OpRecv    = "recv" // receive or range
	OpClose   = "close"
	OpLock    = "Lock"
	OpUnlock  = "Unlock"
	OpRLock   = "RLock"
	OpRUnlock = "RUnlock"
	OpAdd     = "Add"
	OpDone    = "Done"
	OpWait    = "Wait"
	OpGo      = "Go"
	OpCall    = "call" // calls the function value it is given (a cancel)
)

// Refinements of OpSend, recorded next to it (for leaksend).
const (
	// OpBareSend is a send statement outside any select: it blocks until
	// someone receives, with no way out.
	OpBareSend = "baresend"
	// OpSendLoop is a bare send that can run more than once per call: in
	// a loop, or a call in a loop of a function with a bare send.
	OpSendLoop = "sendloop"
)

// ParamOps is the fact exported for a function that operates on its
// parameters, directly or through calls of functions with such facts. Ops
// inside goroutines the function starts are not included: they do not
// happen before the function returns.
type ParamOps struct {
	Ops []ParamOp // sorted, without duplicates
}

func (*ParamOps) AFact() {}

func (f *ParamOps) String() string {
	var parts []string
	for _, op := range f.Ops {
		s := fmt.Sprintf("%s(%d", op.Op, op.Param)
		if op.Path != "" {
			s += "." + op.Path
		}
		parts = append(parts, s+")")
	}
	return "paramOps(" + strings.Join(parts, " ") + ")"
}

// Has reports whether the function performs op on parameter i (any path
// when path is "*").
func (f *ParamOps) Has(i int, path, op string) bool {
	if f == nil {
		return false
	}
	for _, o := range f.Ops {
		if o.Param == i && o.Op == op && (path == "*" || o.Path == path) {
			return true
		}
	}
	return false
}

func (f *ParamOps) add(op ParamOp) bool {
	if f.Has(op.Param, op.Path, op.Op) {
		return false
	}
	f.Ops = append(f.Ops, op)
	return true
}

func (f *ParamOps) sort() {
	slices.SortFunc(f.Ops, func(a, b ParamOp) int {
		if a.Param != b.Param {
			return a.Param - b.Param
		}
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Op, b.Op)
	})
}

package engine

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A Func is the skeleton of one function: its SSA control-flow graph with
// every instruction the explorer does not need dropped, and the rest
// translated into Ops over numbered slots (one per SSA value that can
// matter: integers, booleans, pointers, channels, functions, interfaces,
// slices, maps).
//
// Slots 0..NParams-1 are the parameters (the receiver first), the next
// NFree the free variables of a literal. Operands (Arg) are slots or, when
// negative, constants of Consts.
type Func struct {
	Name    string
	Fn      *ssa.Function // nil for synthetic skeletons
	NParams int
	NFree   int
	NSlots  int
	Blocks  []*Block
	Consts  []Val
	// Fresh gives, per slot, the kind of value an unknown result of that
	// slot's type is (see FreshKind).
	Fresh []FreshKind
	// Elem gives, per slot, what an external object reached through the
	// slot is, for parameters, free variables and loads.
	Ext []*ExtType

	// Spawns reports that the function or a function it calls (within the
	// package) starts a goroutine; Blocking that it has an operation that
	// can block. Used to choose roots.
	Spawns, Blocking bool

	// Conc reports that the function, or one it calls, does something
	// concurrent (or calls a function value): the explorer runs it. Other
	// functions are run when small, else applied as their summary (sum).
	Conc bool
	sum  *summary

	// makes memoises Prog.makesChan.
	makes int8

	// BindCaps gives, per free variable of a literal, what its body (and
	// the package's code it hands the value to) does with a channel bound
	// there: what code the engine does not see may do with the channel
	// once the literal is handed to it (CapAll for anything but a
	// channel).
	BindCaps []Caps

	// Synth says how a synthetic skeleton was made ("fact", "wrap", "havoc").
	Synth string
	// Callee is the function a fact skeleton stands for.
	Callee *types.Func

	live *liveness
}

// A Block is a basic block: Ops, then a terminator.
type Block struct {
	Index int
	Ops   []*Op
	Term  Term
}

// Arg is an operand: a slot (>= 0) or the constant Consts[-1-a].
type Arg int32

// NoArg marks an absent operand.
const NoArg Arg = -1 << 30

// OpKind is the kind of an Op.
type OpKind uint8

const (
	OpNop OpKind = iota

	// Values.
	OpCopy      // Dst = A
	OpIface     // Dst = A put in an interface: the object itself, or a non-nil value
	OpLookup    // Dst, Dst2 = A[k] (map): uncertain for a map made in the exploration (its content is not followed), else unknown
	OpFresh     // Dst = an unknown value of kind Aux
	OpNonNil    // Dst = an unknown non-nil value
	OpUncertain // Dst = a value the engine abstracts so coarsely that branching on it makes a path uncertain (map lengths)
	OpBinOp     // Dst = A <Aux token> B
	OpNot       // Dst = !A
	OpNeg       // Dst = -A
	OpLen       // Dst = len(A)
	OpCap       // Dst = cap(A)
	OpAppend    // Dst = append(A, B...): a slice of len(A)+len(B)
	OpSliceOf   // Dst = a slice of length Aux (an array's slice) or of A's length
	OpMakeSlice // Dst = a slice of length A

	// Memory.
	OpMakeCell // Dst = new cell of kind Cell
	OpField    // Dst = &A.f (Field)
	OpLoad     // Dst = *A
	OpStore    // *A = B
	OpEscape   // A leaves what the engine sees

	// Channels.
	OpMakeChan // Dst = make(chan, A)
	OpEnvChan  // Dst = a channel the environment sends on (time.After)
	OpSend     // A <- B
	OpRecv     // Dst, Dst2 = <-A (Aux=1: part of a range)
	OpClose    // close(A)
	OpSelect   // Dst (index), Dst2 (recvOk), Cases, Default

	// Locks.
	OpLock     // A.Lock() (Aux=1: RLock)
	OpUnlock   // A.Unlock() (Aux=1: RUnlock)
	OpTryLock  // Dst = A.TryLock() (Aux=1: TryRLock)
	OpMakeCond // Dst = sync.NewCond(A)
	OpCondWait
	OpSignal // Aux=1: Broadcast

	// WaitGroups and errgroups.
	OpWGAdd  // A.Add(B)
	OpWGWait // A.Wait()
	OpGroupWait
	OpGroupLimit // A.SetLimit(B)
	OpGroupCtx   // Dst = ctx of errgroup.WithContext(B) for group A
	OpOnceDo     // A.Do(B)

	// Contexts.
	OpCtxRoot // Dst = context.Background()
	OpCtxWith // Dst (ctx), Dst2 (cancel) = With*(A); Aux=1: with a deadline
	OpCtxDone // Dst = A.Done()
	OpCancel  // cancel of context A

	// Calls and goroutines.
	OpClosure // Dst = closure of Fn binding Args
	OpCall    // Dsts = Fn(Args) or A(Args) when Fn is nil
	OpGo      // go Fn(Args) / go A(Args); Group is B (Aux: spawn kind)
	OpDefer   // defer Fn(Args) / A(Args)
	OpRunDefers
	OpHavoc // an unknown call: Args escape, Dsts are unknown
	OpFail  // the test is marked failed (t.Error): the path is not reported
)

// Spawn kinds (Op.Aux of OpGo).
const (
	SpawnGo int64 = iota
	SpawnWG
	SpawnGroup
)

// FreshKind is how an unknown value of a slot's type is represented.
type FreshKind uint8

const (
	FreshTop   FreshKind = iota // no identity
	FreshInt                    // an integer symbol
	FreshBool                   // a boolean symbol
	FreshNil                    // nil or not: an error, a pointer
	FreshSlice                  // a slice of unknown length
	FreshMap                    // a map (its length is uncertain)
)

// Op is one operation of a skeleton.
type Op struct {
	Kind OpKind
	Pos  token.Pos
	Dst  int32 // -1 when unused
	Dst2 int32
	A, B Arg
	Aux  int64
	Args []Arg
	Dsts []int32 // results of a call (-1 for an unused one)
	Fn   *Func   // callee, closure body, or spawned function
	// Cases of a select, in order; Default reports a default case.
	Cases   []Case
	Default bool
	Field   *FieldInfo // OpField
	Cell    *ExtType   // OpMakeCell
	// Shared marks a load or store of a cell other goroutines may reach;
	// Loop an operation inside a loop of its function; ErrCheck a
	// comparison of an error with nil (OpBinOp).
	Shared, Loop, ErrCheck bool
	// Site numbers make and go operations of the package, for bounds and
	// reports.
	Site int32
	// Instr is the SSA instruction the op comes from (nil for synthetic
	// ops).
	Instr ssa.Instruction
}

// Case is one communication of a select.
type Case struct {
	Send bool
	Ch   Arg
	Val  Arg // the value sent
	Pos  token.Pos
}

// TermKind is the kind of a block's terminator.
type TermKind uint8

const (
	TermJump TermKind = iota
	TermIf
	TermReturn
	TermExit // panic, or a call that never returns
	// TermUnreachable is a block no execution reaches (the panic after a
	// blocking select's last case).
	TermUnreachable
)

// Term ends a block. Succ[1] and Moves[1] are used by TermIf only (the
// false edge); Moves are the phi copies of the edge, done in parallel.
type Term struct {
	Kind    TermKind
	Pos     token.Pos
	Cond    Arg
	Succ    [2]int32
	Moves   [2][]Move
	Results []Arg
	// Skip lists, per edge of an If that leaves or bypasses a loop, the
	// go operations inside that loop.
	Skip [2][]int32
}

// succs returns the blocks t can go to: none for a return or an exit.
func (t *Term) succs() []int32 {
	switch t.Kind {
	case TermJump:
		return t.Succ[:1]
	case TermIf:
		return t.Succ[:]
	}
	return nil
}

// Move is one phi copy: Dst = Src.
type Move struct {
	Dst int32
	Src Arg
}

// Caps are what code the engine does not see may do to an object.
type Caps uint8

const (
	CapSend Caps = 1 << iota
	CapRecv
	CapClose
	CapDone // WaitGroup Done/Add, errgroup completion
	CapSignal
	CapWrite      // the environment may store into a cell
	CapAll   Caps = 0xff
)

// ExtType describes what a cell or an external object of some type is.
type ExtType struct {
	Kind ObjKind
	Type types.Type
	// Elem is the cell's content type for a cell of a pointer-like or
	// channel type; for a struct, Fields are its fields.
	Elem *ExtType
	// Caps is what the environment may do to an external object of this
	// type (a channel received through a field: what the package does to
	// that field anywhere).
	Caps Caps
	// Cap is the buffer size of an external channel when every channel
	// stored where it comes from is made with that constant size; -1 when
	// unknown.
	Cap int64
	// Fresh is the kind of an unknown scalar of this type.
	Fresh FreshKind
	// Name describes the object for messages ("S.ch").
	Name string
}

// FieldInfo is a struct field selected by an OpField.
type FieldInfo struct {
	ID   int32
	Var  *types.Var
	Type *ExtType // the field's own type (a cell of it)
}

package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// Model is the Result of Analyzer: the concurrency operations of one package.
// All slices are in source order, so checks that walk them report
// deterministically. A package that cannot match (see the package doc) has
// an empty Model with a nil SSA.
type Model struct {
	Pkg *types.Package
	SSA *ssa.Package // nil when the package took the fast path

	Funcs  []*Func  // functions with at least one operation or spawn
	Spawns []*Spawn // every spawn site
	Chans  []*Chan  // every channel made in the package

	byFn      map[*ssa.Function]*Func
	chanByMk  map[*ssa.MakeChan]*Chan
	paramOpsF func(*types.Func) *ParamOps
	b         *builder

	graphMu sync.Mutex
	graphs  map[*ssa.Function]*graph // control-flow indexes (graph.go), built on first use
	joinsMu sync.Mutex
	joins   map[*Spawn][]Join // Joins, by spawn
	joinIx  map[*Func]*joinIndex
	writers map[ssa.Value][]chanWriter // chanWriters, by the channel's root

	guardOnce sync.Once
	guarded   []*GuardedVar // Guarded
	condOnce  sync.Once
	conds     *condLocks // CondLock

	memoMu      sync.Mutex
	lockCallsOf map[*ssa.Function][]ssa.Instruction     // lockCalls
	callers     map[*ssa.Function][]ssa.CallInstruction // callsOf
	valueUses   map[*ssa.Function]bool                  // Callers: functions used as values
	invoked     map[string]bool                         // Callers: method names invoked through interfaces
}

// Func is one function of the package (declared function, method or
// literal) and the operations its own code performs. Operations of a
// literal belong to the literal's Func, not to its enclosing function.
type Func struct {
	Fn     *ssa.Function
	Syntax ast.Node // *ast.FuncDecl or *ast.FuncLit; nil for synthetic code
	File   *ast.File

	Spawns   []*Spawn   // spawn sites in this function
	ChanOps  []*ChanOp  // send, receive, range, close
	LockOps  []*LockOp  // mutex operations
	WGOps    []*WGOp    // WaitGroup operations (Go also appears in Spawns)
	Contexts []*CtxCall // context constructors
	// Calls are the calls (not spawns) of functions known, through their
	// ParamOps, to operate on what they are given, with those operations
	// translated to the caller's Refs.
	Calls []*Call

	// SpawnedBy lists the spawn sites (in this package) whose goroutine runs
	// this function.
	SpawnedBy []*Spawn
	// Deferred reports that this function is a literal run by a defer
	// statement of its enclosing function.
	Deferred bool

	locks *lockState // nil when the function acquires no mutex
}

// Func returns the model of fn, or nil when fn performs no operation.
func (m *Model) Func(fn *ssa.Function) *Func {
	if m == nil || fn == nil {
		return nil
	}
	return m.byFn[fn]
}

// ChanOf returns the channel made by mk, or nil.
func (m *Model) ChanOf(mk *ssa.MakeChan) *Chan {
	if m == nil {
		return nil
	}
	return m.chanByMk[mk]
}

// ParamOpsOf returns what fn (of this package or an imported one) is known
// to do with its parameters, or nil.
func (m *Model) ParamOpsOf(fn *types.Func) *ParamOps {
	if m == nil || m.paramOpsF == nil || fn == nil {
		return nil
	}
	return m.paramOpsF(fn)
}

// Call is a call of a function whose ParamOps fact says what it does to its
// arguments.
type Call struct {
	Pos    token.Pos // start of the call expression
	Syntax *ast.CallExpr
	Instr  ssa.CallInstruction
	Func   *Func
	Callee *types.Func
	Ops    []CallOp
}

// CallOp is one operation a callee performs on an argument: Op (one of the
// Op* constants) on Ref, in the caller's terms.
type CallOp struct {
	Op  string
	Ref Ref
}

// Has reports whether the call performs op on an object Same as r.
func (c *Call) Has(op string, r Ref) bool {
	for _, o := range c.Ops {
		if o.Op == op && o.Ref.Same(r) {
			return true
		}
	}
	return false
}

// SpawnKind says how a goroutine is started.
type SpawnKind int

const (
	GoStmt      SpawnKind = iota // go f(x)
	WaitGroupGo                  // wg.Go(f), Go 1.25
	ErrgroupGo                   // g.Go(f) or g.TryGo(f) on an errgroup.Group
)

func (k SpawnKind) String() string {
	return [...]string{"go statement", "WaitGroup.Go", "errgroup.Group.Go"}[k]
}

// Spawn is one place that starts a goroutine.
type Spawn struct {
	Kind   SpawnKind
	Pos    token.Pos       // the go keyword, or the start of the Go method call
	Instr  ssa.Instruction // *ssa.Go or *ssa.Call
	Syntax ast.Node        // *ast.GoStmt or *ast.CallExpr
	Func   *Func           // the spawning function

	// Target is the function the goroutine runs: a literal, a declared
	// function or a method (a method value is resolved to its method). It is
	// nil when the callee is dynamic. Callee names it when it is declared;
	// Body is its model when it is in this package and performs operations.
	Target *ssa.Function
	Callee *types.Func
	Body   *Func
	// Args are the values bound to Target's parameters, in order (for a
	// method the receiver comes first). Empty for WaitGroup.Go and
	// errgroup.Go, whose function takes none.
	Args []ssa.Value

	// Group is the WaitGroup or errgroup.Group of a Go method spawn.
	Group Ref

	// Loops are the for and range statements of the spawning function that
	// enclose the spawn, innermost first: a spawn in a loop starts several
	// goroutines.
	Loops []ast.Stmt

	// Captures are the variables of enclosing functions that the
	// goroutine's literal refers to. Go captures variables by reference:
	// a write on either side is seen by the other.
	Captures []*Capture
}

// InLoop reports whether the spawn can run several times per call of the
// spawning function.
func (s *Spawn) InLoop() bool { return len(s.Loops) > 0 }

// ArgFor returns the value bound to Target's parameter p at this spawn.
func (s *Spawn) ArgFor(p *ssa.Parameter) ssa.Value {
	if s.Target == nil {
		return nil
	}
	for i, q := range s.Target.Params {
		if q == p && i < len(s.Args) {
			return s.Args[i]
		}
	}
	return nil
}

// Capture is a variable of an enclosing function used by a goroutine's
// literal.
type Capture struct {
	Name  string
	Pos   token.Pos // the variable's declaration
	Value ssa.Value // the variable's storage in the enclosing function
	Ref   Ref
}

// ChanOpKind is the kind of a channel operation.
type ChanOpKind int

const (
	Send ChanOpKind = iota
	Recv
	Range // for v := range ch
	Close
)

func (k ChanOpKind) String() string {
	return [...]string{"send", "receive", "range", "close"}[k]
}

// ChanOp is one operation on a channel.
type ChanOp struct {
	Kind     ChanOpKind
	Pos      token.Pos // the arrow, the range's for, or close's call
	Instr    ssa.Instruction
	Func     *Func
	Chan     Ref
	Select   *Select // nil for a bare statement
	Deferred bool    // defer close(ch)
}

// Blocking reports whether the operation can block: a bare send, receive or
// range, or a case of a select without default. (A close never blocks.)
func (op *ChanOp) Blocking() bool {
	if op.Kind == Close {
		return false
	}
	return op.Select == nil || !op.Select.HasDefault
}

// Select is one select statement.
type Select struct {
	Pos        token.Pos
	Instr      *ssa.Select
	Cases      []*ChanOp // the communication cases, in order
	HasDefault bool
}

// Chan is a channel made in this package.
type Chan struct {
	Make *ssa.MakeChan
	Pos  token.Pos
	Cap  int64 // buffer size, or -1 when it is not a constant
	Func *Func // the function that makes it
	// Ops are the operations, anywhere in the package, whose channel
	// resolves to this make.
	Ops []*ChanOp
}

// LockKind is the kind of a mutex operation.
type LockKind int

const (
	Lock LockKind = iota
	Unlock
	RLock
	RUnlock
	TryLock
	TryRLock
)

func (k LockKind) String() string {
	return [...]string{"Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock"}[k]
}

// LockOp is a call of a sync.Mutex or sync.RWMutex method.
type LockOp struct {
	Kind     LockKind
	Pos      token.Pos // start of the call expression
	Syntax   *ast.CallExpr
	Instr    ssa.CallInstruction
	Func     *Func
	Mutex    Ref
	RW       bool // the mutex is a sync.RWMutex
	Deferred bool
}

// WGKind is the kind of a WaitGroup operation.
type WGKind int

const (
	Add WGKind = iota
	Done
	Wait
	Go
)

func (k WGKind) String() string {
	return [...]string{"Add", "Done", "Wait", "Go"}[k]
}

// WGOp is a call of a sync.WaitGroup method.
type WGOp struct {
	Kind     WGKind
	Pos      token.Pos // start of the call expression
	Syntax   *ast.CallExpr
	Instr    ssa.CallInstruction
	Func     *Func
	WG       Ref
	Delta    int64 // Add's argument when constant (Done is -1)
	DeltaOK  bool
	Deferred bool
	Spawn    *Spawn // for Go
}

// CtxCall is a call of a context constructor that returns a cancel or stop
// function.
type CtxCall struct {
	Name   string    // "context.WithCancel", "signal.NotifyContext", …
	Pos    token.Pos // start of the call expression
	Syntax *ast.CallExpr
	Call   *ssa.Call
	Func   *Func
	Ctx    ssa.Value // the new context (Extract #0), nil if unused
	// Cancel is the cancel function (Extract #1), nil when the result is
	// discarded.
	Cancel ssa.Value
}

// Ref names the object an operation acts on: a root (a local variable's
// storage, a parameter, a package variable, a make) followed by a path of
// struct fields. Two operations act on the same object when their Refs are
// Same. A root the model cannot name is the value itself, which is Same
// only as itself.
type Ref struct {
	Root   ssa.Value
	Fields []*types.Var
}

// Valid reports whether the Ref names anything.
func (r Ref) Valid() bool { return r.Root != nil }

// Same reports whether r and o name the same object.
func (r Ref) Same(o Ref) bool {
	if r.Root == nil || r.Root != o.Root || len(r.Fields) != len(o.Fields) {
		return false
	}
	for i := range r.Fields {
		if r.Fields[i] != o.Fields[i] {
			return false
		}
	}
	return true
}

// Param returns the parameter at the root of r, or nil.
func (r Ref) Param() *ssa.Parameter {
	p, _ := r.Root.(*ssa.Parameter)
	return p
}

// Path returns the field path as "f.g" ("" for none).
func (r Ref) Path() string {
	var names []string
	for _, f := range r.Fields {
		names = append(names, f.Name())
	}
	return strings.Join(names, ".")
}

// String describes r for messages and tests: the root's name and the path.
func (r Ref) String() string {
	var root string
	switch v := r.Root.(type) {
	case nil:
		return "?"
	case *ssa.Alloc:
		root = v.Comment
	case *ssa.Parameter:
		root = v.Name()
	case *ssa.Global:
		root = v.Name()
	case *ssa.MakeChan:
		root = "make(" + types.TypeString(v.Type(), nil) + ")"
	default:
		root = v.Name()
	}
	if p := r.Path(); p != "" {
		return root + "." + p
	}
	return root
}

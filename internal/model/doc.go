// Package model is concvet's shared concurrency model: one analyzer,
// computed once per package on top of inspect and buildssa, whose Result
// every check queries instead of re-deriving the same facts.
//
// Per function of the package (named functions, methods and literals) the
// model records:
//
//   - goroutine spawn sites: go statements, (*sync.WaitGroup).Go and
//     (*errgroup.Group).Go, with the function each runs (a literal, a named
//     function, a method or method value; a function of another package is
//     named but has no body here), the loops that enclose the spawn in the
//     spawning function, the variables the goroutine captures (captured
//     variables are shared by reference in Go), and the arguments it is
//     started with;
//   - channel operations: make (with the capacity when it is a constant),
//     send, receive, range, close, each marked as a bare statement or as one
//     case of a select, with the select's other cases and whether it has a
//     default;
//   - mutex operations: Lock, Unlock, RLock, RUnlock, TryLock, TryRLock, on
//     sync.Mutex and sync.RWMutex, with the mutex they act on;
//   - WaitGroup operations: Add (with the constant delta when known), Done,
//     Wait and Go;
//   - context constructors (context.WithCancel, WithCancelCause,
//     WithTimeout, WithTimeoutCause, WithDeadline, WithDeadlineCause,
//     signal.NotifyContext) and the cancel function each returns.
//
// Every operation is attached to the function whose code performs it, marked
// when it is deferred, and carries the Ref of the object it acts on: the
// variable, parameter, package variable or field path the value comes from,
// resolved through captures, so that a closure's wg.Done() and its
// spawner's wg.Wait() name the same WaitGroup.
//
// Per function, the model also knows which mutexes are held at each point
// (HeldAt on every path, MayHeldAt on some path), from the function's own
// Lock/Unlock calls with defer honoured and from calls of lock helpers
// (locks.go). A LockEffects fact says which of its parameters' mutexes a
// function locks and releases, returns holding, or releases, on every path
// (lockfacts.go), so lock helpers count across packages.
//
// For function values (a cancel, a stop function, a callback) the model
// answers where a value flows: called, deferred, started with go, passed,
// returned, stored in a field, package variable or collection, or captured
// (FuncFlows in flow.go).
//
// Across packages the model also exports a ParamOps fact for every function that
// performs (directly, or through calls to functions with such facts) an
// operation on one of its parameters: "sends on its 1st parameter", "calls
// Add on the WaitGroup it receives", "calls the cancel function it is given".
//
// The control-flow questions (Reaches, OnCycle, Dominates, Index,
// ReachesReturn, ReachesAvoiding, and the paths RunsWith, Repeats and
// Overlap look for) are answered from one index per function (graph.go),
// built on first use: strongly connected components, and one memoized walk
// per distinct source, so that a function of n blocks with k questions'
// sources costs O(k·n) rather than a walk per question. Checks use the
// Model's methods; the package-level Reaches, OnCycle, Dominates and Index
// walk the function each time. A function whose operations times blocks
// exceed a bound is left alone by the checks, which say so under -v
// (bound.go).
//
// Packages that contain no go statement and import none of sync, context,
// sync/atomic or golang.org/x/sync/errgroup get an empty model at once.
package model

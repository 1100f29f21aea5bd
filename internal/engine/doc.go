// Package engine is concvet's one engine for "blocks forever" questions:
// per function a skeleton of its concurrency operations, per root a
// bounded exploration of the root with the goroutines it starts.
//
// # Skeletons (skel.go, build.go, call.go, synth.go)
//
// A skeleton is a function's SSA control-flow graph with only what the
// explorer needs, translated into operations over numbered slots: makes,
// sends, receives, selects (cases, default), closes, Lock/Unlock/RLock/
// RUnlock/TryLock, WaitGroup Add/Done/Wait/Go, errgroup Go/Wait/SetLimit
// and WithContext, Cond Wait/Signal/Broadcast, sync.Once, context
// constructors, Done and cancel, timer channels, go and defer statements,
// calls, and the arithmetic, comparisons, loads and stores that decide
// branches. A call of another package's function with a ParamOps fact
// becomes a call of a skeleton made from the fact (its bare sends, closes,
// Done calls); a call with none is an unknown call: what it is given
// escapes, what it returns is unknown. Phis are copies on edges. Functions
// that do nothing concurrent and are not small are applied as a summary
// (summary.go): which parts of their parameters they hand to unknown code
// or write.
//
// # Objects and what the environment may do (caps.go)
//
// Objects are abstract instances: each execution of a make makes one; a
// struct's fields are made on first use; a package variable is one object.
// Every object carries Caps, what code the engine does not see may do to
// it: nothing for a channel made in the exploration and not handed over;
// everything for one from a parameter; for a channel held in an unexported
// field, what the package does to that field anywhere (computed once per
// package from every load and store of the field); for a channel captured
// by a literal handed to unknown code, what the literal does with it (the
// unknown code may call it, as often as it likes). An operation on an
// object whose caps allow the complement never blocks forever: precision
// comes from treating what the engine cannot see as able to act, not from
// lists of names.
//
// # Values
//
// Slots hold concrete small integers and booleans, nil, objects, slices
// (their length), functions, and symbols: unknown scalars with the interval
// the path has learnt. A comparison the interval does not decide forks the
// path and narrows the interval on each side, so one condition decides
// alike wherever it is tested again, and a loop over len(xs) runs as often
// as a second loop over len(xs). Branches on values the engine abstracts
// away (what a map holds, numbers beyond a small bound) make the path
// uncertain: nothing is reported from it.
//
// # Exploration (explore.go, exec.go, moves.go)
//
// From a root (a function that starts goroutines or makes channels, or
// sends on a field nothing receives from), the explorer runs the root and
// the goroutines it starts, interleaved at visible steps (channel
// operations, locks, waits, loads and stores of shared flags): the code
// between two visible steps runs at once. A step on an object only one
// goroutine reaches is taken alone (partial-order reduction). States are
// hashed canonically (objects and symbols renumbered, dead slots left out)
// and explored once, depth first. The bounds (Limits) are explicit: states
// per root, steps per path, goroutines alive, instances per go statement
// and make, call depth, objects, and the small scope (how far an unknown
// count is followed); a package has a budget of states, spent on its
// smallest roots first. A bound cuts paths: it may miss a finding, it
// never makes one.
//
// # Results (report.go, analyzer.go)
//
// A terminal state is one in which every goroutine alive is blocked and no
// move is possible. Each blocked goroutine there is a Stuck: its operation,
// the object, the path that led there (the root's selects, receives and
// return), and whether it is primary (no other blocked goroutine could
// ever complete its operation, by what it may still do once past its own
// wait) or the victim of another, and what of it
// the environment decided: Fed (the goroutine took a value code the
// engine does not see sent, or gave it one), EnvSent (that code sent on
// the channel a goroutine blocks on), EnvFork (it branched on an unknown
// or summarised call's result, each symbol remembering the goroutine the
// call returned it to, or on a value the engine does not follow, or took a
// select case on a channel such code closed; EnvProto when not only on
// whether an error is nil) and EnvPartner (another goroutine that could
// have completed the operation branched so; ended goroutines leave an end
// event on the path for it; PartnerProto when as a protocol, or after it
// had operated on the object in a loop; a cancelled context is a
// failure, not a protocol). Paths on which a test failed, that are
// uncertain, or on which a loop that starts goroutines ran zero times are
// not reported. The checks leaksend and
// leakrecv are queries over Result.Stuck; loopctx asks LoopExits; the
// buffer fixes are proved with MaxSends and LenSuffices, which explore the
// root again with the buffer replaced.
package engine

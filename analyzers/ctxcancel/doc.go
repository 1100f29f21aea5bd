// Package ctxcancel defines an Analyzer that reports context cancel
// functions that are never called.
//
// # Analyzer ctxcancel
//
// ctxcancel: report cancel functions of contexts that are lost, never called or deferred in a loop
//
// context.WithCancel, WithCancelCause, WithTimeout, WithTimeoutCause,
// WithDeadline, WithDeadlineCause and signal.NotifyContext return a cancel
// (or stop) function. Until it is called the new context stays registered
// with its parent, its timer keeps running and NotifyContext keeps the
// signal registered: a function called many times that forgets it leaks
// memory and timers. ctxcancel reports four mistakes.
//
// The cancel function is discarded, with _ or by ignoring the results:
//
//	ctx, _ := context.WithTimeout(ctx, time.Second) // reported
//	return fetch(ctx)
//
// Name it and defer it:
//
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	defer cancel()
//	return fetch(ctx)
//
// A context with a deadline that is used only for its Done channel
// (m.done = ctx.Done()) is a timer: it frees itself when it fires, and
// cancelling it would fire it at once. It is not reported.
//
// The cancel function is not called on some path. From the constructor to a
// return (or the end of the function) there is a path on which the cancel
// is neither called, nor deferred, nor handed off. The diagnostic points at
// the constructor and, as related information, at the return.
//
//	ctx, cancel := context.WithCancel(ctx) // reported
//	if err := prepare(); err != nil {
//		return err // reached without cancel
//	}
//	defer cancel()
//
// Defer cancel right after the constructor; calling it twice is harmless.
// Unless the context must outlive the function on that path: then call it
// on that path once the context is no longer used.
//
// The cancel function is stored in an unexported field or an unexported
// package variable that nothing in the package ever reads (and so never
// calls): the context can never be cancelled.
//
//	func (w *watcher) start() {
//		w.ctx, w.cancel = context.WithCancel(context.Background()) // reported: no code reads w.cancel
//	}
//
// defer cancel() in a loop that runs until something stops it (a for
// without a condition, a range over a channel: a server's accept loop, a
// receive loop, a poller), for a context created in the same iteration
// that does not expire by itself: deferred calls run when the function
// returns, so every iteration's context stays registered with its parent
// until then, for as long as the loop runs.
//
//	for {
//		conn, err := l.Accept()
//		if err != nil {
//			return err
//		}
//		ctx, cancel := context.WithCancel(ctx) // reported
//		defer cancel()
//		handle(ctx, conn)
//	}
//
// Cancel at the end of each iteration, or move the body into a function;
// when a goroutine started in the iteration (or a value kept after it)
// uses the context, cancel where that use ends instead.
//
// Not reported: a context with a deadline (WithTimeout, WithDeadline, a
// child of such a context made in the function, or a function whose
// context expires, by its fact): it frees itself at the deadline; a loop
// over a slice, map, string, integer or function, or with a condition: it
// piles up a bounded number of defers; a loop that stops at a deadline set
// before it (a select case on a time.After channel, on the C of a timer
// the loop does not Reset, or on the Done channel of a context with a
// deadline, whose body returns, panics, calls a function that does not
// return or breaks out of the loop); a loop whose body returns or breaks
// after the defer; a constructor in a select case that fires once (a
// receive from a time.Timer's C that is never Reset, or from a time.After
// channel made once before the loop; a Reset guarded by a successful Stop
// keeps a timer one-shot).
//
// # Suggested fixes
//
// A fix (name the cancel and defer it, or defer it) is offered only when
// cancelling at every return changes nothing but the leaking paths' end:
// on those paths the context is used at most by its own Err, Deadline and
// Done methods, with the Done channel only received from. A context
// passed to a function may be kept by it (a goroutine it starts, a request
// it returns), and one made by a function with the fact lives wherever the
// function put it: the message then gives the advice in words.
//
// Functions of the analyzed packages that return a cancel function they
// created without calling it (test helpers and constructors returning
// (ctx, cancel)) export the fact "returns its cancel to the caller", and
// whether its context expires (it comes from WithTimeout or WithDeadline on
// every path): their
// callers are held to the same rules, in this package and in packages that
// import it. A function that may return a nil cancel without an error (one
// created only when asked for, or merged with nil) gets no fact. When such
// a function also returns an error, the branch taken when the error is not
// nil is not followed: it gave no cancel.
//
// # Handoffs: what it does not report
//
// A cancel function is handed off, and no longer this function's business,
// when it is returned; passed to any function (t.Cleanup(cancel),
// context.AfterFunc(ctx, cancel), a helper that calls or stores it; functions
// whose ParamOps fact says they call it are a special case of this); stored in
// an exported field, in a field or package variable that some code of the
// package reads, in a slice, array or map element or sent on a channel;
// captured by a function literal that uses it (a goroutine, a deferred or
// stored cleanup); or converted to an interface. context.AfterFunc's stop
// function is not a cancel function. A branch taken when the variable
// holding the cancel is nil is not followed (after the constructor it is
// not nil). main.main and init functions are not checked: their contexts
// live as long as the program. Nor are the packages context and os/signal
// and their tests, which exercise the constructors themselves.
//
// # How it differs from lostcancel
//
// go vet's lostcancel counts any mention of the cancel variable as a use,
// including a store into a field nobody calls, and it trusts variables
// declared outside the function. ctxcancel follows the value: stores into
// unexported fields and package variables that nothing reads are reported
// (kind 3), defer in a loop is reported (kind 4), signal.NotifyContext and
// functions returning a cancel (through facts) are checked too. Conversely
// it follows the cancel through local variables captured by literals and
// through phis, so a cancel assigned in one branch and called in a deferred
// literal is not reported; and it stays silent when a use may run before the
// constructor (a variable shared with a literal made earlier and run by a
// callee, which lostcancel reports). lostcancel also misses calls written
// without the context qualifier (dot imports).
//
// # Limits
//
// Precision comes first. Passing the cancel function to any function counts
// as a handoff, whether or not that function calls it; storing it into a
// local slice or map counts as a handoff even when nothing reads the
// collection. A literal that captures the cancel and uses it counts as a
// handoff at the point it is made, even when it is only called on some
// paths. Uses through phis count for every path into the phi, so a cancel
// overwritten before a shared defer is missed. Method calls through
// interfaces and calls of function values are not followed for the fact.
// Reads of unexported fields through reflection or unsafe are not seen.
package ctxcancel

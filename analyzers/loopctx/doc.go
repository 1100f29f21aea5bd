// Package loopctx defines an Analyzer that reports goroutines whose loop
// cannot be stopped, or keeps polling after its context is cancelled, and
// empty loops that spin forever in any function.
//
// # Analyzer loopctx
//
// loopctx: report spin loops, goroutine loops with no exit, or that ignore their context
//
// A goroutine ends only when its function returns. A goroutine that loops
// forever lives as long as the process: started once per request, per
// connection or per constructor call, it leaks one goroutine (and all it
// references) each time. loopctx reports two mistakes in the function a
// goroutine runs (a go literal, or a function or method of this package
// started with go, wg.Go or errgroup's Go).
//
// A loop with no exit: a loop from which no return of the goroutine's
// function is reachable: no return, no break or goto that leads to one, no
// panic and no call of a function that never returns (os.Exit, log.Fatal,
// runtime.Goexit, t.Fatal, and any function the ctrlflow pass proves never
// returns). A range over a timer's or ticker's channel counts as a loop
// with no exit, for nothing closes that channel. Note that a break inside
// a select or switch leaves the select, not the loop. The question is asked
// of concvet's engine (internal/engine), on the skeleton of the goroutine's
// function.
//
//	go func() {
//		for { // reported
//			select {
//			case <-ctx.Done():
//				break // leaves the select only
//			case v := <-in:
//				handle(v)
//			}
//		}
//	}()
//
// Return when the context is done:
//
//	go func() {
//		for {
//			select {
//			case <-ctx.Done():
//				return
//			case v := <-in:
//				handle(v)
//			}
//		}
//	}()
//
// When a context is in scope (a parameter of the goroutine's function, a
// variable the literal captures, a variable of the goroutine declared before
// the loop, or a context field of the method's receiver, or of the receiver
// the literal captures) the message names it and the related positions show
// where it comes from. A context variable initialised with
// context.Background() or context.TODO() and never reassigned does not
// count: nothing cancels it. A context of the enclosing function that the
// literal does not use does not count either: the goroutine was not tied to
// it (on the corpus both such findings were false).
//
// A loop that ignores the context in scope: the loop has exits, polls
// time (time.Sleep, a Sleep(time.Duration) method of a clock, a receive
// from a channel of time.Time: a timer's or ticker's C, time.After,
// time.Tick) and never consults any context: no ctx.Done, no ctx.Err, no
// context passed to a call in the loop (nor a call of a method of this
// package that reads a context field of the receiver). Cancelling the
// context does not stop the goroutine; it runs until some other condition
// happens to end it.
//
//	go func(ctx context.Context) {
//		for { // reported
//			if err := poll(); err != nil {
//				return
//			}
//			time.Sleep(time.Second)
//		}
//	}(ctx)
//
// Wait on the context and the timer together:
//
//	go func(ctx context.Context) {
//		t := time.NewTicker(time.Second)
//		defer t.Stop()
//		for {
//			if err := poll(); err != nil {
//				return
//			}
//			select {
//			case <-ctx.Done():
//				return
//			case <-t.C:
//			}
//		}
//	}(ctx)
//
// # Spin loops
//
// In any function, not only a goroutine's: a for loop with an empty body
// and no post statement whose condition is absent, always true, or reads
// only variables, fields and elements (no call, no receive). Nothing in the
// loop can change such a condition, so once the loop is entered it never
// ends, and it keeps a CPU core busy the whole time:
//
//	for {} // reported
//
//	for !ready {} // reported: ready is read with no synchronisation
//
// If another goroutine is meant to end the loop by writing the variable,
// that write is a data race, and the Go memory model does not guarantee
// that the loop ever observes it. To wait forever, block (select {}, a receive
// from a channel nobody closes); to wait for another goroutine, receive
// from a channel it closes, or use a sync.WaitGroup or a sync.Cond. A spin
// loop is reported once, as a spin loop, even when it is also a goroutine's
// loop with no exit. No fix is offered: select {} ends the program with
// "all goroutines are asleep" where the loop would have spun.
//
// Not reported: for false {} and a loop on a false constant (the body never
// runs; a way to switch code off), a condition with a call (for
// !flag.Load() {}, for !done() {}: an atomic load or a function may change
// its value), a receive, a loop with a post statement (for i := n; i > 0;
// i-- {}), empty range loops, and a loop that follows, in its block or an
// enclosing one, a call that never returns (panic, log.Fatal, a function
// that always panics): it never runs (on the corpus, a runtime test of a
// function ending in for {} after a panic). Spin loops after another spin
// loop are still reported, each on its own.
//
// # What it does not report
//
// Loops that select on ctx.Done() and return (with or without default),
// for ctx.Err() == nil, loops that pass ctx to the blocking call and
// return on its error, for v := range ch, v, ok := <-ch with a return when
// !ok, accept loops that return when Accept fails, bounded loops (counting
// loops, ranges over slices, maps, integers and functions).
//
// Loops that receive from a channel other than a timer's are not reported
// as ignoring the context: that channel (a quit or done channel, a closed
// input) may be how the goroutine is stopped.
//
// Process-lifetime goroutines: in package main, in init functions and
// package-level variable initialisers, in code run by sync.Once (Do,
// OnceFunc, OnceValue, OnceValues) and in Example functions, a loop with no
// exit and no context in scope is a daemon on purpose and is not reported.
//
// # Library code and -loopctx.daemons
//
// Outside package main, a loop with no exit and no context in scope is
// reported only in _test.go files, where the goroutine outlives the test
// that started it, and not when the spawning function waits on a
// WaitGroup (a harness that waits for goroutines that never stop runs until
// killed, on purpose). In other library code it is not reported: the guide
// calls it a leak, but the corpus says it is mostly a daemon by design.
// Measured on the corpus (std and 15 modules, before these rules), such
// loops outside tests gave 9 findings, 1 judged a leak (go-ethereum's
// consensus API heartbeat, started per constructor call and documented as
// long-lived) and 8 judged intentional daemons: the runtime's background
// sweeper, scavenger and signal-mask goroutines, containerd's snapshot
// syncer ("fine to let it exit with the process") and shim memory ticker,
// caddy's dynamic host cleaner and go-ethereum's meter ticker (both under
// sync.Once), and a blocking exporter run from an example. 11% is far
// below the precision target. In test files the same loops gave 11
// findings: the 4 in tests and their helpers were all leaks (a ticker
// range after Stop, a spin loop whose done case does not return, a send
// loop that blocks after the first send, a read loop that spins once the
// peer is closed); the other 7 (2 in Example functions, 5 in one disabled
// harness that waits on a WaitGroup for them) were on purpose and are now
// silent.
//
// The flag -loopctx.daemons (off by default) reports the library daemons
// too: a goroutine outside package main, init and sync.Once whose loop has
// no exit and that has no context in scope, the guide's own first leak.
// Turn it on for code where every goroutine must be stoppable.
//
// # Limits
//
// Only the goroutine's own function is examined: a loop in a function it
// calls, or in a function of another package it runs, is not. Exits through
// a call that happens to return an error after the context is cancelled are
// only seen when the context (or the receiver that holds it) is passed to
// the call. Loops ignoring the context are reported only when they poll
// time; a loop blocked on a lock, a condition variable or I/O that ignores
// the context is not, nor is a counting loop or a range. A daemon started
// per constructor call in library code with no context in scope is missed
// (see Library code). A context is recognised only as context.Context
// itself, not as another type that implements it.
package loopctx

// Package leaksend defines an Analyzer that reports a goroutine blocked
// forever on a send that nobody will receive.
//
// # Analyzer leaksend
//
// leaksend: report a goroutine's send that blocks forever once its spawner has stopped receiving
//
// A function F makes a channel, starts goroutines that send on it, and
// receives their results. If F can return before it has received every
// value that cannot fit in the buffer, the remaining senders block on their
// send forever: the goroutines, and everything they reference, leak.
//
//	func first(ctx context.Context) (int, error) {
//		ch := make(chan int)
//		go func() {
//			ch <- compute() // reported
//		}()
//		select {
//		case v := <-ch:
//			return v, nil
//		case <-ctx.Done():
//			return 0, ctx.Err() // nothing receives after this
//		}
//	}
//
// Buffer the channel for every sender (the suggested fix), so the sends go
// through whether or not F still listens:
//
//	ch := make(chan int, 1)
//
// The same holds for an early return between the go statement and the
// receive (return err), and for the first-response pattern: one goroutine
// per replica started in a loop on an unbuffered channel, and a single
// receive. When the goroutines come from `for _, x := range xs` the fix
// buffers the channel to len(xs).
//
// What is reported, precisely: a bare send (not a select case) in a
// function literal started with a go statement by F, on a channel made in F
// with a constant size, when
//
//   - the channel does not leave F: it is only sent on, received from,
//     closed, compared or measured, in F and in literals F calls or starts
//     right where it makes them (a channel returned, stored in a variable
//     the literals reassign, a field, a global, a slice or map, sent on
//     another channel, converted to an interface or passed to a named
//     function is taken to have receivers elsewhere);
//   - only F receives on it (no goroutine receives, and no other literal of
//     F touches it);
//   - the senders can outnumber the buffer: one per send of each goroutine
//     when the goroutines are started outside loops, one after the other,
//     and each sends at most once; many (only for an unbuffered channel)
//     when one go statement inside a loop starts them;
//   - F's control-flow graph has a path from the first go statement to a
//     return on which the senders started outnumber the values received
//     plus the buffer (for many senders: at most one value is received).
//     A receive in a select counts only in its own case; another case of
//     that select receiving from a channel the sender itself closes or
//     sends on counts as enough (the sender is done). A path through
//     t.Fatal, t.Error, os.Exit, log.Fatal or runtime.Goexit ends there.
//
// # What it does not report
//
// Buffers as large as the number of senders; sends in a select (with
// ctx.Done(), a quit channel or default); channels that escape F; channels a
// goroutine also receives from; channels only closed; receives on every path
// out of F, including a counted loop of receives or a range over the channel
// closed by the senders (pipelines, fan-in with a closer goroutine after
// wg.Wait(), worker pools); errgroup and WaitGroup.Go goroutines (their
// function is passed to a method, so the channel is taken to escape);
// several go statements on different branches; returns from main.main (the
// program ends); any function F that receives on the channel inside a loop
// (a counted loop of receives, a range to the close, a select in a loop: a
// rotated for loop has a control-flow path that skips its body, which the
// go statements before it make infeasible); a go statement followed by its
// own receive before the next one; leaks only on the path of a failing
// test (t.Error or t.Fatal on the way to the return).
//
// The last four rules come from the corpus, where each was a false (or, for
// failing tests, worthless) finding of an earlier version; each is a test
// case.
//
// # Limits
//
// This first version is deliberately narrow. It does not see senders that
// are named functions or methods (in this package or through facts), a
// consumer loop of F that breaks or returns early while producers keep
// sending, nor a select inside a loop whose other case returns. A path
// that ends in a panic is not a return. The first-response rule assumes the
// loop starts more than one goroutine. A variable holding the channel that is
// reassigned is taken to escape. The paths are those of the control-flow
// graph: a condition that ties the sender's choice to F's (other than the
// select case above) is not understood.
package leaksend

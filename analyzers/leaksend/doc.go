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
// The second shape is a consumer loop that stops early. F ranges over the
// channel (or receives with comma-ok in a for loop, or in a select in one)
// and returns or breaks before the channel is closed, while the producer F
// started still has values to send:
//
//	func firstNegative(xs []int) (int, bool) {
//		ch := make(chan int)
//		go func() {
//			defer close(ch)
//			for _, x := range xs {
//				ch <- x // reported
//			}
//		}()
//		for v := range ch {
//			if v < 0 {
//				return v, true // the producer blocks on its next send
//			}
//		}
//		return 0, false
//	}
//
// Here the producer sends once per element of xs, and the suggested fix is
// make(chan int, len(xs)). When the number of sends is not known, the message
// suggests a select on ctx.Done() or on a done channel that F closes when it
// stops receiving (defer close(done)):
//
//	select {
//	case ch <- x:
//	case <-done:
//		return
//	}
//
// What is reported, precisely: a bare send (not a select case) on a channel
// made in F with a constant size, by a goroutine F starts with a go
// statement running a function literal, a function or method of this
// package (the report is on its send), or a function of another package
// whose ParamOps fact says it sends on that parameter outside any select
// and does not receive from it (the report is on the go statement), when
//
//   - the channel does not leave F: it is only sent on, received from,
//     closed, compared or measured, in F, in literals F calls or starts
//     right where it makes them, and in the functions F's go statements
//     start (a channel returned, stored in a variable the literals
//     reassign, a field, a global, a slice or map, sent on another channel,
//     converted to an interface or passed to a function that is not started
//     by a go statement of F is taken to have receivers elsewhere);
//   - only F receives on it (no goroutine receives, and no other literal of
//     F touches it);
//   - the senders can outnumber the buffer: one per send of each goroutine
//     when the goroutines are started outside loops, one after the other,
//     and each sends at most once; many (only for an unbuffered channel)
//     when one go statement inside a loop starts them, or one goroutine
//     sends in a loop (for a function of another package: its fact says the
//     send is in a loop);
//   - F's control-flow graph has a path from the first go statement to a
//     return on which the senders started outnumber the values received
//     plus the buffer (for many senders: at most one value is received).
//     A receive in a select counts only in its own case; another case of
//     that select receiving from a channel that a goroutine of F closes or
//     sends on counts as enough (the sender, or a closer that waits for the
//     senders, is done). The edge on which a receive reports the channel
//     closed (the end of a range, `if !ok`) leaves no sender behind. A path
//     through t.Fatal, t.Error, os.Exit, log.Fatal or runtime.Goexit ends
//     there.
//
// Receives inside loops are followed only in consumer loops: a range over
// the channel, or a for loop without a condition (inside for loops without
// a condition only), whose exits are the close, a break or return, or
// another case of a select. Without a close to wait for (no range, no
// comma-ok), the loop is followed only when the senders are counted
// exactly. The diagnostic's related positions are the make, the select that
// stops receiving, the break or return that leaves the loop, and the
// return. The sends of one goroutine on one channel that block for the
// same reason are one finding, at the first, with the others related. When
// nothing receives from the channel at all, the message says so.
//
// # What it does not report
//
// Buffers as large as the number of senders (a constant, or a size that is
// not a constant such as len(xs)); sends in a select (with ctx.Done(), a
// quit channel or default), in the goroutine's own code or, through its
// fact, in a function of another package; channels that escape F; channels
// a goroutine also receives from; channels only closed; receives on every
// path out of F, including a counted loop of receives or a range over the
// channel closed by the senders (pipelines, fan-in with a closer goroutine
// after wg.Wait(), worker pools); a consumer loop that runs to the close or
// drains the rest after its break; errgroup and WaitGroup.Go goroutines
// (their function is passed to a method, so the channel is taken to
// escape); several go statements on different branches; the same function
// started by two go statements on the channel; returns from main.main (the
// program ends); a receive loop of F that is not a consumer loop (a counted
// loop of receives, a for loop with a condition, a select in such a loop: a
// rotated for loop has a control-flow path that skips its body, which the
// go statements before it make infeasible); a consumer loop whose exits
// test a counter of the loop or a length (`if n == len(xs) { break }`:
// every sender may have been received); a loop of plain receives that
// waits for a sentinel value from a goroutine sending many; a go statement
// followed by its own receive before the next one; leaks only on the path
// of a failing test (t.Error or t.Fatal on the way to the return), or of
// log.Fatal or os.Exit.
//
// Several of these rules come from the corpus, where each was a false (or,
// for failing tests, worthless) finding of an earlier version; each is a
// test case.
//
// # Limits
//
// The check sees one function F at a time. A path that ends in a panic is
// not a return. The first-response rule, and a goroutine that sends in a
// loop, assume at least two values. A variable holding the channel that is
// reassigned is taken to escape. A send through a function of another
// package is known only from the model's ParamOps fact: it is taken to send
// once unless the send is in a loop of that function, a function that also
// stores the channel somewhere else is not told apart, and packages that
// import none of sync, context, sync/atomic or errgroup and have no go
// statement export no fact. A select in a loop without comma-ok, when
// goroutines send many values, and a counted exit that is not spelt with a
// counter or a length, are not followed. The paths are those of the
// control-flow graph: a condition that ties the sender's choice to F's
// (other than the select case above) is not understood.
package leaksend

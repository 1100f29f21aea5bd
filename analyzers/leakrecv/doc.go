// Package leakrecv defines an Analyzer that reports a receive or range on a
// channel that nobody will ever close or send on.
//
// # Analyzer leakrecv
//
// leakrecv: report a range or receive that blocks forever because nothing closes or sends on its channel
//
// A range over a channel ends only when the channel is closed. A function
// that makes a channel, starts goroutines that send on it, and ranges over
// it must close it once every sender is done; forgetting the closer leaves
// the loop blocked forever after the last value, and the function (or the
// goroutine that ranges) leaks:
//
//	func collect(jobs <-chan Job, n int) []Result {
//		results := make(chan Result)
//		var wg sync.WaitGroup
//		for range n {
//			wg.Add(1)
//			go func() {
//				defer wg.Done()
//				for j := range jobs {
//					results <- process(j)
//				}
//			}()
//		}
//		var out []Result
//		for r := range results { // reported: results is never closed
//			out = append(out, r)
//		}
//		return out
//	}
//
// Close the channel once the senders are done, from a closer goroutine:
//
//	go func() {
//		wg.Wait()
//		close(results)
//	}()
//
// A bare receive (`<-done`) on a channel that something else refers to (a
// goroutine captures it) but that nothing sends on or closes blocks forever
// in the same way: the goroutine was meant to close it.
//
// What is reported, precisely: for a channel made in a function F that does
// not leave F (it is only sent on, received from, closed, compared or
// measured, by F, by literals F calls, defers or starts with go,
// WaitGroup.Go or errgroup.Group.Go right where it makes them, and by
// functions and methods of the package it is passed to, followed into their
// bodies), and that nothing closes:
//
//   - a range over it, by F or by a literal of F, when something
//     sends on it, every sender can return after its send, the ranging
//     function does not send on it itself, and the loop body has no other
//     way out (no break, return, goto, panic or os.Exit);
//   - a bare receive from it when nothing sends on it at all and another
//     function (a goroutine) also refers to it.
//
// # What it does not report
//
// Channels closed anywhere (on any path, in any goroutine); channels that
// escape F (returned, stored in a field, a global or a collection, passed to
// a function of another package, a generic function or an interface method,
// sent on a channel, or captured by a literal that is stored or passed to
// anything but go, WaitGroup.Go or errgroup.Group.Go); a range inside a
// named function F passes the channel to (a generic consumer: the report
// belongs where the channel is made); receives that are cases of a select (another case,
// ctx.Done(), a quit channel or default, may fire); range loops that can
// leave by break, return or goto (a loop that stops after a counted number
// of values); ranges fed by a sender that never returns (a producer that
// runs for the life of the program); ranges over a channel the ranging
// function sends on too (a requeue); a bare receive on a channel that only
// its receiver touches (`<-make(chan struct{})` blocks forever on purpose);
// goroutines of main.main and receives in main.main (the program ends);
// nil channels (`var ch chan int`, made nowhere).
//
// # Limits
//
// Only channels made in the package are followed, and only through the
// package's own code: a channel passed to another package is taken to be
// closed there. A sender that returns only on cancellation (a select on
// ctx.Done()) counts as one that returns. The paths are those of the
// control-flow graph.
package leakrecv

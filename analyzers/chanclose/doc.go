// Package chanclose defines an Analyzer that reports a channel closed twice,
// or closed while a goroutine may still send on it.
//
// # Analyzer chanclose
//
// chanclose: report a close that panics: a channel closed twice, or closed while senders may still send
//
// Closing a closed channel panics, and so does a send on a closed channel.
// A channel must be closed exactly once, by the side that knows every send
// is done: the single producer (defer close(out)), or a closer goroutine
// that waits for all the producers (wg.Wait(); close(out)).
//
// Every sender closing the shared output panics on the second close:
//
//	for _, in := range inputs {
//		go func(c <-chan int) {
//			for v := range c {
//				out <- v
//			}
//			close(out) // reported: every goroutine of the loop closes out
//		}(in)
//	}
//
// Closing before the senders are done panics in the sender:
//
//	for range n {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			for j := range jobs {
//				results <- process(j) // reported: may run after close(results)
//			}
//		}()
//	}
//	close(results)
//	wg.Wait()
//
// Close once, after every sender is done:
//
//	go func() {
//		wg.Wait()
//		close(results)
//	}()
//
// What is reported, precisely:
//
//   - a close that runs on every iteration of a loop (not under an if,
//     switch or select, in a loop body with no break, continue or return)
//     on a channel made outside the loop or received as a parameter;
//   - two closes of one channel in one function where every path to the
//     second passes the first: two explicit closes, or a deferred close
//     registered before (or after) an explicit close that then returns;
//   - a close in the top-level statements of a goroutine's function (not
//     under any condition) started by a go statement, WaitGroup.Go or
//     errgroup.Group.Go in a loop that has no break or return, or by two
//     spawns of one function one after the other, when every goroutine
//     closes the same channel (a make outside the loop, or a parameter or a
//     field of one);
//   - a bare send in one function after a close of the same channel that
//     dominates it;
//   - a bare send by a goroutine started by F on a channel that F closes (or
//     that another goroutine F starts closes) when nothing between the start
//     of the sender and the close can wait for it: no Wait, no channel
//     operation, no call other than a builtin, WaitGroup.Add and Done and
//     Mutex.Unlock. When F also receives from the channel the message says
//     the receiving side closes it.
//
// # What it does not report
//
// A close after wg.Wait() (or any receive, select or call that might wait
// for the senders) in F or in a closer goroutine; a close inside
// sync.Once.Do (its literal is passed to Do, not run by the goroutine); a
// close under a condition (a flag under a mutex, a last-one-out counter, a
// select case); a deferred close of the single producer; a deferred close
// and an explicit close on paths that exclude each other (the explicit one
// returns before the defer is registered); sends that are cases of a select
// (with default or ctx.Done()); channels held in variables that are
// assigned more than once, or in fields of anything but a parameter (a
// field may be replaced by a fresh channel between two closes); two closes
// on paths that may exclude each other; two closes, or a send after a close,
// in one function of a _test.go file (tests do that on purpose, to see the
// panic).
//
// # Limits
//
// Senders and closers must be literals, or functions of the package whose
// body is analysed; a named function of another package is not followed.
// Any call between the spawn and the close is taken to possibly wait for
// the senders. A send in a select after a close also panics when its case is
// chosen, but is not reported.
package chanclose

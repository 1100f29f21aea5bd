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
// A bare receive (`<-done`), or a select whose cases all receive, on a
// channel that nothing will send on or close blocks forever in the same way:
// the goroutine that was meant to close it finished, or never started.
//
// The check is a query over concvet's engine (internal/engine), which runs
// the function that makes the channel together with the goroutines it
// starts, and finds the states in which every goroutine alive is blocked
// and nothing the engine does not see can unblock one. A goroutine blocked
// there on a receive, a range or a select of receives is reported when the
// channel is one the engine sees whole: made in the exploration and not
// handed to code it cannot follow, or a struct field that nothing in the
// package sends on or closes (and that does not leave the package). The
// related positions are the make, the goroutine's go statement and the
// sends that did happen.
//
// # What it does not report
//
// Channels closed on the path (by any goroutine, in a defer, through
// sync.Once); channels that escape (returned, alone or in a struct value,
// stored where another package can reach them, passed to a function with
// no fact, put in a container of another package inside a struct value,
// sent on a channel with a receiver elsewhere); receives in a select with ctx.Done() of a
// context from outside, a timer or default; ranges fed by a sender that
// never stops (a producer for the life of the program: no state where
// everything is blocked); a receive from a channel made for nothing else
// (`<-make(chan struct{})` blocks forever on purpose); goroutines of
// main.main (whether main returns or blocks, the program ends with it;
// main itself blocked forever is reported); paths on which a
// test fails or the program exits; paths that depend on what a map holds;
// paths on which the loop that starts the senders ran zero times.
//
// Nor paths the environment decided as a protocol, for a receive is a
// must question (will someone send?) and the engine cannot tell what code
// it does not see will return: the blocked goroutine branched on what an
// unknown call or a summarised one returned, on a value the engine does
// not follow, or took a select case on a channel such code closed
// (net/http/fcgi's tests: whether the child calls the stored handler
// depends on the records it reads); or a goroutine that could have sent
// branched so (io's TestPipe2: the reader sends until Read returns EOF,
// which a pipe does only after Close), or it stopped on a failure after
// it had sent in a loop (how many values it sent was the environment's to
// say).
//
// What is reported of the environment is the failure path: a goroutine
// that returns when a call fails or its context is cancelled, before it
// sends on or closes the channel, strands its receiver, and the message
// names where it returns:
//
//	go func() {
//		v, err := fetch()
//		if err != nil {
//			return // reported: the receive below waits forever
//		}
//		ch <- v
//	}()
//	return <-ch
//
// Send the error too (a result struct, or an error channel the receiver
// selects on). In a test (a root in a _test.go file) the failure path is
// not reported: a test makes its environment (it dials the listener it
// listens on), and a call that fails there is the test's own failure.
//
// A goroutine blocked because another blocked goroutine would have sent
// (a consumer behind a stuck producer) is not reported: the stuck producer
// is.
//
// # Limits
//
// The engine explores within bounds (see internal/engine): a leak that
// needs more goroutines, loop iterations or calls than the bounds allow is
// missed, never invented. A channel passed to a function of another package
// is followed only through that function's ParamOps fact.
package leakrecv

// Package leaksend defines an Analyzer that reports a goroutine blocked
// forever on a send that nobody will receive.
//
// # Analyzer leaksend
//
// leaksend: report a goroutine's send that blocks forever once its spawner has stopped receiving
//
// A function F makes a channel, starts goroutines that send on it, and
// receives their results. If F can return before it has received every
// value that does not fit in the buffer, the remaining senders block on their
// send forever: the goroutines, and everything they reference, leak.
//
//	func finish(timeout time.Duration, fn func() error) {
//		ch := make(chan bool)
//		go func() {
//			fn()
//			ch <- true // reported
//		}()
//		select {
//		case <-ch:
//		case <-time.After(timeout):
//		} // after the timeout nothing receives
//	}
//
// Buffer the channel for every sender (the suggested fix when the engine
// proves the size enough), so the sends go through whether or not F still
// listens:
//
//	ch := make(chan bool, 1)
//
// or, when the number of sends is not known, send in a select on ctx.Done()
// or on a done channel that F closes when it stops receiving:
//
//	select {
//	case ch <- v:
//	case <-done:
//		return
//	}
//
// The check is a query over concvet's engine (internal/engine), which runs
// F together with the goroutines it starts, interleaved, and finds the
// states in which every goroutine still alive is blocked and nothing the
// engine does not see can unblock one. A goroutine blocked there on a send
// is reported when the channel is one the engine sees whole: made in F (or
// a function F calls), and not handed to code it cannot follow (returned
// from F, stored where another package can reach it, passed to a function
// with no fact, sent on a channel with a receiver elsewhere, converted and
// given to unknown code). The shapes found this way include:
//
//   - F returns from a select on ctx.Done(), a timer or a stop channel, or
//     falls off the end of the function after it, or continues a loop;
//   - an early return between the go statement and the receive;
//   - one goroutine per replica and a single receive (first response);
//   - a goroutine that sends on one of several channels while F receives
//     from the other or times out;
//   - a channel made inside a loop, stranded by that iteration's select;
//   - a consumer loop (range, comma-ok receive, select in a loop) that
//     returns or breaks before the channel is closed while the producer
//     keeps sending;
//   - a worker that sends outside any select after its consumer is gone;
//   - a goroutine counted by a WaitGroup whose Wait then never returns (the
//     Wait is a related position);
//   - F sending on an unbuffered channel before anything else can reach it;
//   - a struct's channel field that the package sends on while nothing in
//     the package receives from it (and the field does not leave the
//     package).
//
// Senders in other packages are followed through the model's ParamOps fact
// (a function that sends on a parameter outside any select, in a loop or
// once); the report is then on the go statement that starts them.
//
// The message says where F stops receiving (the select, the loop, the
// return), and the related positions point at the make, the go statement,
// the select or loop that stops receiving, and the return. The suggested
// fix buffers the channel with a size the engine proves enough: it explores
// F again with an unbounded buffer and takes the most values sent on one
// path (a constant), or, for senders started by a loop over a parameter
// xs, checks that len(xs) leaves no sender blocked.
//
// # What it does not report
//
// Buffers as large as the number of senders; sends in a select with
// ctx.Done(), a done channel or default; channels that escape F; receives on
// every path out of F, including counted loops of receives (the engine
// counts loop iterations), a range to the close by a closer goroutine after
// wg.Wait(), a sentinel value sent last (nil-ness flows through channels),
// the exit of a consumer loop on a count of what it received; errgroup and
// WaitGroup.Go goroutines that are waited for; returns from main.main (the
// program ends); paths on which a test fails (t.Error, t.Fatal), the
// program exits or panics; paths that depend on what a map holds (the
// engine does not follow map contents); paths on which a loop that starts
// the senders ran zero times.
//
// What the environment decides is not taken as the goroutine's bug. A
// goroutine that, on the path, received a value code outside the
// exploration sent (a callback handed to another package sends on a
// channel as often as it is called) or sent one such code took is not
// reported: it may block only because the environment acted more often
// than its protocol lets it. Nor is a goroutine's second or later send on
// a channel when the function received what it meant to and returned (no
// select or loop left early) and the goroutine sends again only because an
// unknown call gave it one more result (a reader loop before EOF); when the
// function stops receiving early, the same goroutine is reported.
//
// A goroutine blocked because another blocked goroutine would have
// received (a pipeline stage behind a stuck stage) is not reported: the
// stuck stage is.
//
// # Limits
//
// The engine explores within bounds (goroutines per go statement, loop
// iterations over unknown counts, call depth, states per function and per
// package; see internal/engine): a leak that needs more is missed, never
// invented; one that needs a large buffer filled first (client-go's
// throttle test fills a hundred slots before its senders block) is past
// them. Branch conditions on values the engine does not follow are
// free, except that one condition decides alike within a goroutine and
// comparisons of counters and lengths are followed; a leak that depends on
// an invariant the code keeps elsewhere may be reported. Numbers sent
// through channels are not followed (nil-ness is). A function of another
// package is known only from its ParamOps fact: a parameter the fact says
// nothing of is taken as handed to unknown code.
//
// On the corpus (the standard library and 15 modules, 4M lines): 7
// findings, all judged true: crypto/tls's ECH rejection test (nothing
// receives the server's error), caddy's cmdStart and containerd's CRI
// Run (an early return strands the goroutine), client-go's port-forward
// error reader and its v1 exec protocol (which returns nil once the
// streams are copied while the error-stream reader still has an error to
// send), go-ethereum's preimage export (a consumer loop that returns on an
// error) and a containerd test's pid poller that never stops. The rules
// on what the environment decides came from the false findings there:
// io's TestPipe2 and client-go's TestRealFIFO_addReplace (one more value
// from a reader or a queue), client-go's spdy test server and prometheus's
// TestQueryCancel (a callback called more often), net's
// TestAcceptIgnoreAbortedConnRequest (a callback kept by a function known
// from its fact).
package leaksend

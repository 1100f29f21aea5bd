// Package holdblock defines an Analyzer that reports a goroutine blocking on
// a channel, a WaitGroup or a sync.Cond while it holds a mutex that the
// goroutine it waits for needs first.
//
// # Analyzer holdblock
//
// holdblock: report a blocking operation done while holding a mutex the other side must lock first
//
// A goroutine that holds a mutex and blocks on a channel send, a channel
// receive, wg.Wait or cond.Wait waits for another goroutine to receive,
// send, close, call Done or Signal. When that other goroutine locks the same
// mutex on its way to the operation, it waits for the lock the first one
// will not release until it is unblocked: both wait forever. This "mixed"
// deadlock (a lock and a message) is the largest class of blocking bugs in
// studies of real Go code, and neither side looks wrong on its own.
//
//	func (n *Notifier) Start() {
//		go func() {
//			for ev := range n.events {
//				n.mu.Lock() // the receiver needs n.mu between two receives
//				n.seen++
//				n.mu.Unlock()
//				_ = ev
//			}
//		}()
//	}
//
//	func (n *Notifier) Notify(ev string) {
//		n.mu.Lock()
//		defer n.mu.Unlock()
//		n.events <- ev // reported
//	}
//
// Release the lock before blocking (copy what the message needs under the
// lock, then send), or let the other side do its work under the lock only
// after the operation:
//
//	func (n *Notifier) Notify(ev string) {
//		n.mu.Lock()
//		n.pending++
//		n.mu.Unlock()
//		n.events <- ev
//	}
//
// What is reported, precisely: in a function F, an operation that blocks
// until another goroutine acts —
//
//   - a send, or a receive (also a range), on an unbuffered channel, as a
//     bare statement or as the only case of a select without default;
//   - a select without default all of whose cases are such operations,
//     each of which qualifies as below (a close(quit) in a Close that takes
//     the lock first is no way out);
//   - a call of a function of the package that performs such a send or
//     receive, itself or through up to two more calls of the package's
//     functions (a helper like emit(v) that does ch <- v), unless a link
//     of the chain unlocks the held mutex;
//   - wg.Wait() on a sync.WaitGroup, g.Wait() on an errgroup.Group, and a
//     call of a function, of this package or (by its fact) another, that
//     waits on a WaitGroup it is given (waitAll(&s.wg)), unless it
//     releases the held mutex while it waits;
//   - c.Wait() on a sync.Cond whose lock is known (c made by
//     sync.NewCond(&x.mu) or given c.L = &x.mu, and stored in a field of x,
//     a package variable or a local), which releases c.L but not the other
//     mutexes held —
//
// while F holds a mutex M on every path to it through its own Lock or
// RLock (a deferred Unlock keeps M held until F returns), when
//
//   - for a channel: every operation of the package that can unblock it
//     (a receive or range for a send; a send or close for a receive) is
//     known, and each of them comes after a Lock of M in its function: M is
//     held at it, or a Lock of M (or a call of a function of the package
//     that locks M) reaches it from inside a loop (a consumer that locks
//     between two receives), or from anywhere when that function is a
//     goroutine F itself starts (its Lock races with F's). "Known" means
//     the channel does not leave the code the package sees: a channel made
//     in the package, or held in an unexported field or package variable,
//     that is only sent on, received from, closed, measured, compared,
//     captured, or given to a goroutine F starts — never passed to another
//     function, returned, converted or stored elsewhere;
//   - for wg.Wait and g.Wait: a goroutine whose wg.Done (or the function
//     run by wg.Go or g.Go) is reached by a Lock of M in its function (any
//     Lock when Done is deferred or implicit): Wait waits for every one;
//   - for c.Wait, with M not c.L: every Signal and Broadcast of c in the
//     package comes after a Lock of M, as for a channel.
//
// A Lock of M conflicts with M held in either mode; an RLock conflicts only
// with M held by Lock. A mutex F locks that another function unlocks
// without locking it first is taken to be handed over to that goroutine,
// and is not counted as held.
//
// Two methods of the same type are assumed to work on the same value: n.mu
// in one method and n.mu in another method with a receiver of the same
// (pointer) type are taken to be the same mutex, and n.events the same
// channel. This is how a type guards its own state; it is wrong only when a
// method of one value waits for another value of the same type, which the
// analysis does not try to see. Other variables of the same type (a.mu and
// b.mu, a parameter and the receiver) are different objects, and a channel
// field also used through such another variable has a side the analysis
// does not know: not reported.
//
// The message names the channel, WaitGroup or Cond, the mutex and the
// function on the other side; Related positions point at the Lock held, at
// that function's Lock and at its operation.
//
// # What it does not report
//
// Buffered channels (a make with a buffer, or with a size that is not a
// constant, stored where the channel is held): a buffered channel blocks
// only when its buffer is full (a send) or empty (a receive), and code
// under a lock commonly relies on a buffer sized for every value (one
// result, one slot per goroutine, a semaphore); most of the corpus's false
// findings were of this kind. A select with a default, or with a case the
// analysis cannot follow (ctx.Done(), a timer, a channel it does not see
// all of, one whose other side does not need the mutex: a way out).
// Channels with an operation the package cannot see (a channel parameter,
// a channel passed to a function or returned, an exported field). Other
// sides that do not lock the mutex, that lock it only after their
// operation, or that lock it once before it outside any loop (a waiter
// that registers itself or makes the channel under the lock before it
// receives: the sender sees it only after that Lock). A lock released
// before the operation, or held only on some paths to it; a different
// mutex, or the same field of another variable; the mutex held by RLock on
// both sides (readers do not exclude each other — they can still deadlock
// when a writer queues between them, which is left to lockcheck's
// recursive RLock); locks held by the caller of F or by the spawner of the
// goroutine; TryLock; a mutex handed over to another goroutine. A channel
// made in a loop is a new channel on each turn: a Lock reaches the other
// side's operation only on a path that does not make it again.
//
// # Limits
//
// A deadlock on a buffered channel whose buffer fills up is missed (see
// above). A field or package variable that no make in the package is
// stored to counts as unbuffered. A receive with a sender that does not
// need the lock is silent even when that sender may have exited. Locks
// taken in other goroutines, in callees of other packages, through an
// interface, or more than three calls deep are not seen. A helper that
// blocks on a channel is followed within the package, up to three calls;
// one that waits on a WaitGroup, through any calls and packages by its
// fact, but only for a WaitGroup it is given (a parameter or a field of
// one), not one it reaches otherwise; and when the call passes a boolean
// constant, only a helper of this package whose Wait that constant leaves
// reachable. A cond made with &sync.Cond{L: …}, whose lock is not a field
// of the value holding the cond, or whose lock is not a sync.Mutex or
// RWMutex (a Locker of its own), is not checked. The order of a Lock that
// reaches the other side's operation from a loop only on a path the program
// never takes is not understood.
package holdblock

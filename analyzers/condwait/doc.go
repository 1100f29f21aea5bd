// Package condwait defines an Analyzer that reports sync.Cond.Wait calls
// that do not re-check their condition, do not hold the Cond's lock, or
// wait on a Cond that nothing can signal.
//
// # Analyzer condwait
//
// condwait: report sync.Cond.Wait not re-checking a condition that changes, without c.L held, or never signalled
//
// Wait atomically unlocks c.L, suspends the goroutine, and locks c.L again
// before it returns. When Wait returns, the condition the goroutine waited
// for may already be false again: another waiter woken by the same
// Broadcast, or a goroutine that took the lock first, may have consumed it.
// The caller must re-check the condition in a loop. And Wait unlocks c.L: a
// goroutine that does not hold it makes Wait unlock an unlocked mutex, a
// fatal error.
//
// Wait under if. A Wait inside an if statement and not inside a loop
// re-checks nothing:
//
//	q.mu.Lock()
//	defer q.mu.Unlock()
//	if len(q.items) == 0 {
//		q.cond.Wait() // reported
//	}
//	item := q.items[0] // may panic: another Pop took the item
//
// Wait in a for loop whose condition is the one waited for:
//
//	for len(q.items) == 0 {
//		q.cond.Wait()
//	}
//
// Wait without the lock. A Wait on a Cond whose L is known — made in this
// package with sync.NewCond(&x.mu) or by setting c.L = &x.mu, stored in a
// variable or a struct field — called where the function holds that mutex
// on no path, in a function that locks it elsewhere:
//
//	for len(q.items) == 0 {
//		q.cond.Wait() // reported: q.mu is not held
//	}
//	q.mu.Lock()
//
// Lock c.L before the loop and unlock it after.
//
// The same through calls: a helper that waits and never locks c.L itself
// expects its caller to hold it. When every call of it (through up to
// three calls of the package) comes from a function that locks c.L
// elsewhere but holds it on no path to the call, the Wait is reported,
// with the call as a related position:
//
//	func (b *Buffer) Take() int {
//		b.awaitItems() // b.mu not held yet: awaitItems' Wait is reported
//		b.mu.Lock()
//		…
//
// And through a helper that is given the Cond, in this package or another
// (a WaitsUnheld fact): a function that calls Wait on a *sync.Cond
// parameter, itself or through another such helper, and locks nothing.
// Its call is reported where the caller holds c.L on no path to it and
// locks it elsewhere (or never locks it, and all its own callers are such
// functions, as above):
//
//	func waitFor(c *sync.Cond, ready func() bool) {
//		for !ready() {
//			c.Wait()
//		}
//	}
//
//	waitFor(q.cond, q.ready) // reported: q.mu is not held
//	q.mu.Lock()
//
// Wait that nothing wakes. A Wait on a Cond held in an unexported field
// or an unexported package variable, when nothing in the package calls
// Signal or Broadcast on that field (of any value) and no other code can:
// the Cond is made here (sync.NewCond, or a sync.Cond in the struct) and
// only its methods are called, never handed out:
//
//	func (g *Gate) Open() {
//		g.mu.Lock()
//		g.open = true
//		g.mu.Unlock() // the Broadcast is forgotten
//	}
//
//	for !g.open {
//		g.cond.Wait() // reported: blocks forever
//	}
//
// Broadcast (or Signal) after changing the condition.
//
// Lost wake-up. A Wait with no condition around it (in no loop, under no
// if), after the function starts a goroutine that signals the Cond, when
// that Signal can come first: the function does not hold c.L from before
// the go statement to the Wait, or the goroutine signals without holding
// it. A Signal or Broadcast with no waiter wakes nobody, and the Wait
// that comes after it blocks forever:
//
//	go func() {
//		work()
//		c.Signal()
//	}()
//	mu.Lock()
//	c.Wait() // reported
//
// Set a flag under c.L before signalling, and wait in a loop on it.
//
// Wait in a loop whose condition cannot change. A loop around Wait whose
// only exit is its condition, when the condition reads nothing the loop
// can see change: a local copy of the shared state, a parameter. After a
// wake-up the condition is what it was, and the loop waits again, forever:
//
//	ready := q.ready
//	for !ready {
//		q.cond.Wait() // reported
//	}
//
// Test the shared state itself (for !q.ready { q.cond.Wait() }).
//
// # What it does not report
//
// Wait inside any for or range loop of its function (for { if ok { break };
// c.Wait() } re-checks too); a Wait under if whose condition, once true,
// stays true, when every Signal and Broadcast comes after it was made true
// (sync.Cond has no spurious wake-ups, so when Wait returns it holds):
//
//	if p.full == nil {
//		p.cond.Wait() // not reported: update sets p.full, then broadcasts
//	}
//
// precisely: the condition is x.f == nil or !x.f (x.f == false), or the
// same on a package variable, with f and the Cond unexported fields of the
// same value (or package variables); every store to f in the package
// stores a value other than the nil constant (for a nil comparison) or the
// constant true (for a bool), except when a new value is initialised, and
// at least one does; f's address goes nowhere else and the struct is
// never overwritten whole; the Cond is used only to call its methods, it
// is signalled somewhere, and on every path to each Signal and Broadcast
// a store makes the condition true on that value or a branch was taken
// because it was true (a stored pointer is taken to be non-nil).
//
// For a Wait nothing wakes: a Cond in an exported field or variable, one
// stored from a parameter or another package's value, and one whose
// address or value goes anywhere but its own method calls (a getter, an
// argument, a method value such as c.Broadcast handed to a timer): the
// code that receives it may signal it.
//
// For a loop condition that cannot change: a condition that loads memory
// (a field, a variable a goroutine captures), calls a function, or uses a
// value the loop updates, and a loop that can also end by a break, a
// return or a panic.
//
// Nor a Wait that is not under an if (a helper that only waits, called in
// its caller's loop), except a lost wake-up as above; a bare Wait whose
// function holds c.L from before the go statement to the Wait while the
// goroutine signals holding c.L (it can signal only once Wait has
// released the lock); a bare Wait in a synctest bubble (synctest.Test,
// synctest.Run) whose goroutine sleeps before it signals (time is virtual
// there: the sleeper wakes only once the Wait blocks); a Wait whose c.L is not known
// (a Cond received as a parameter or made in another package, a Cond over
// an RWMutex's RLocker), or is locked through c.L.Lock(); a helper that
// never locks c.L itself when one of its callers may hold it, when its
// callers are not all known (exported, used as a function value, invoked
// through an interface, deferred or started as a goroutine), or when a
// caller that never locks c.L either is itself called in such a way; a
// function that unlocks c.L before locking it (it was called holding it); a
// Wait where c.L is held on some path. A helper given the Cond that locks
// any mutex (it may be c.L), or hands the Cond to anything but its methods
// and such helpers (lockL(c) may lock c.L), has no fact; a call that
// passes a boolean constant is reported only when the helper, of this
// package, can reach its Wait with that value (if block { c.Wait() }
// called with false does not wait); a helper called through a method
// value is not followed.
//
// # Limits
//
// The Cond and its lock must be named through one variable or field path
// from the same root (q.cond and q.mu); Conds in slices, maps or other
// packages' structs are not followed. A helper's callers are followed
// within the package only, up to three calls. A Wait in another package
// is followed only when that package's function is given the Cond itself
// as a parameter (not a struct holding it), through chains of such
// helpers; one reached through a Cond in a field of a value it is given is
// not checked against its callers.
package condwait

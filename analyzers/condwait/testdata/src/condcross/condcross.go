// Package condcross calls condlib's helpers, which Wait on the Cond they
// are given without locking it: the caller must hold its L.
package condcross

import (
	"sync"

	"condlib"
	"condmid"
)

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) ready() bool { return len(q.items) > 0 }

// take locks q.mu only after the wait: Wait unlocks an unlocked mutex.
func (q *queue) take() int {
	condlib.WaitFor(q.cond, q.ready) // want `condlib.WaitFor waits on q.cond without locking it, and Wait unlocks q.mu \(q.cond.L\): take calls it with q.mu unlocked, a fatal error \(lock q.mu before calling condlib.WaitFor\)`
	q.mu.Lock()
	x := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return x
}

// takeHeld holds q.mu across the wait, as WaitFor expects.
func (q *queue) takeHeld() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	condlib.WaitFor(q.cond, q.ready)
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

// takeSelf calls the helper that locks c.L itself.
func (q *queue) takeSelf() {
	condlib.WaitLocked(q.cond, q.ready)
	q.mu.Lock()
	q.items = q.items[1:]
	q.mu.Unlock()
}

// takeWith hands the helper the mutex to lock.
func (q *queue) takeWith() {
	condlib.WaitWith(&q.mu, q.cond, q.ready)
	q.mu.Lock()
	q.items = q.items[1:]
	q.mu.Unlock()
}

// drain goes through two helpers of the other package.
func (q *queue) drain() {
	condlib.Await(q.cond, q.ready) // want `condlib.Await waits on q.cond without locking it`
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// viaMethod: the Cond is the method's second parameter.
func (q *queue) viaMethod(w *condlib.Waiter) {
	w.Wait(q.cond) // want `condlib.Waiter.Wait waits on q.cond without locking it`
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// waitOn is this package's own helper with a Cond parameter.
func waitOn(c *sync.Cond, ok func() bool) { // want waitOn:"waitsUnheld\\(0\\)"
	for !ok() {
		c.Wait()
	}
}

// local forgets the lock around its own package's helper.
func (q *queue) local() {
	waitOn(q.cond, q.ready) // want `waitOn waits on q.cond without locking it`
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// localHeld holds it.
func (q *queue) localHeld() {
	q.mu.Lock()
	waitOn(q.cond, q.ready)
	q.items = nil
	q.mu.Unlock()
}

// inner never locks q.mu: whoever calls it must hold it, and its only
// caller, outer, does not.
func (q *queue) inner() {
	condlib.WaitFor(q.cond, q.ready) // want `condlib.WaitFor waits on q.cond without locking it, and Wait unlocks q.mu \(q.cond.L\): outer calls it with q.mu unlocked`
}

func (q *queue) outer() {
	q.inner()
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// innerHeld's only caller holds the lock.
func (q *queue) innerHeld() {
	condlib.WaitFor(q.cond, q.ready)
}

func (q *queue) outerHeld() {
	q.mu.Lock()
	q.innerHeld()
	q.mu.Unlock()
}

// unknownLock: a Cond whose lock is not known here.
func unknownLock(c *sync.Cond, mu *sync.Mutex) {
	condlib.WaitFor(c, func() bool { return true })
	mu.Lock()
	mu.Unlock()
}

// waitThenYield is called holding q.mu (it unlocks before it locks): the
// wait is under the caller's lock.
func (q *queue) waitThenYield() {
	condlib.WaitFor(q.cond, q.ready)
	q.mu.Unlock()
	q.items = nil
	q.mu.Lock()
}

// throughTwo goes through condmid, which hands the Cond to condlib.
func (q *queue) throughTwo() {
	condmid.Hold(q.cond, q.ready) // want `condmid.Hold waits on q.cond without locking it`
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

func lockL(c *sync.Cond)   { c.L.Lock() }
func unlockL(c *sync.Cond) { c.L.Unlock() }

// waitUntil locks c.L through a helper it hands the Cond to: no fact.
func waitUntil(c *sync.Cond, ok func() bool) {
	lockL(c)
	defer unlockL(c)
	for !ok() {
		c.Wait()
	}
}

func (q *queue) viaLocker() {
	waitUntil(q.cond, q.ready)
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// waitIf waits only when told to.
func waitIf(c *sync.Cond, block bool) { // want waitIf:"waitsUnheld\\(0\\)"
	if block {
		c.Wait() // want `c.Wait is not in a for loop`
	}
}

// poll tells it not to wait.
func (q *queue) poll() {
	waitIf(q.cond, false)
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// block tells it to wait, without q.mu.
func (q *queue) block() {
	waitIf(q.cond, true) // want `waitIf waits on q.cond without locking it`
	q.mu.Lock()
	q.items = nil
	q.mu.Unlock()
}

// viaMethodValue holds q.mu for the Cond WaitFirst waits on; the method
// value's wrapper takes its arguments without the receiver, so its
// parameter 1 is r.cond, not the one waited on.
func (q *queue) viaMethodValue(w *condlib.Waiter, r *queue) {
	q.mu.Lock()
	f := w.WaitFirst
	f(q.cond, r.cond)
	q.mu.Unlock()
	r.mu.Lock()
	r.items = nil
	r.mu.Unlock()
}

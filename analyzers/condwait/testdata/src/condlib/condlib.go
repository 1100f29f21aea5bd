// Package condlib has helpers that wait on a Cond their caller gives them.
package condlib

import "sync"

// WaitFor waits until ready reports true; the caller holds c.L.
func WaitFor(c *sync.Cond, ready func() bool) { // want WaitFor:"waitsUnheld\\(0\\)"
	for !ready() {
		c.Wait()
	}
}

// Await hands its Cond on to WaitFor: its caller holds c.L too.
func Await(c *sync.Cond, ready func() bool) { // want Await:"waitsUnheld\\(0\\)"
	WaitFor(c, ready)
}

// WaitLocked takes c.L itself: its callers need not hold it.
func WaitLocked(c *sync.Cond, ready func() bool) {
	c.L.Lock()
	defer c.L.Unlock()
	for !ready() {
		c.Wait()
	}
}

// WaitWith locks the mutex it is given, which may be c.L: no fact.
func WaitWith(mu *sync.Mutex, c *sync.Cond, ready func() bool) {
	mu.Lock()
	for !ready() {
		c.Wait()
	}
	mu.Unlock()
}

// A Waiter waits on its own Cond, made with its own mutex.
type Waiter struct {
	mu   sync.Mutex
	cond *sync.Cond
}

// Wait is a method with a Cond parameter after the receiver.
func (w *Waiter) Wait(c *sync.Cond) { // want Wait:"waitsUnheld\\(1\\)"
	c.Wait()
}

func lockIt(mu *sync.Mutex) { mu.Lock() }

// WaitAfter locks through a helper first: no fact.
func WaitAfter(mu *sync.Mutex, c *sync.Cond, ready func() bool) {
	lockIt(mu)
	for !ready() {
		c.Wait()
	}
	mu.Unlock()
}

// WaitOnce waits once, for a caller that loops.
func WaitOnce(c *sync.Cond) { // want WaitOnce:"waitsUnheld\\(0\\)"
	c.Wait()
}

// WaitFirst waits on the first of two Conds.
func (w *Waiter) WaitFirst(a, b *sync.Cond) { // want WaitFirst:"waitsUnheld\\(1\\)"
	a.Wait()
}

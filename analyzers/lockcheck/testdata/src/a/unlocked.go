package a

import (
	"errors"
	"locklib"
	"sync"
)

var errShut = errors.New("shut")

// Unlock of an unlocked mutex.

type Catalog struct {
	mu     sync.Mutex
	closed bool
	items  map[string]int
}

// An early Unlock under defer: the deferred Unlock runs at the return on
// an unlocked mutex.
func (r *Catalog) Put(k string, v int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		r.mu.Unlock() // want `Unlock of r.mu before a return, and the deferred r.mu.Unlock unlocks it again at return: the program stops with "fatal error: sync: unlock of unlocked mutex" \(drop this Unlock, or the defer\)`
		return errShut
	}
	r.items[k] = v
	return nil
}

// Two Unlocks in a row, the second on every path.
func (r *Catalog) Delete(k string) {
	r.mu.Lock()
	if _, ok := r.items[k]; !ok {
		r.mu.Unlock()
	} else {
		delete(r.items, k)
		r.mu.Unlock()
	}
	r.mu.Unlock() // want `Unlock of r.mu, which is already unlocked on every path here`
}

// RUnlock twice.
type Table struct {
	mu   sync.RWMutex
	rows []int
}

func (t *Table) Sum() int {
	t.mu.RLock()
	s := 0
	for _, r := range t.rows {
		s += r
	}
	t.mu.RUnlock()
	t.mu.RUnlock() // want `RUnlock of t.mu, which is already unlocked on every path here`
	return s
}

// Through a helper of the package that releases, then a deferred Unlock.
func (r *Catalog) unlock() { r.mu.Unlock() }

func (r *Catalog) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.unlock() // want `unlock of r.mu before a return, and the deferred r.mu.Unlock unlocks it again at return`
}

// Through two calls: release calls unlock.
func (r *Catalog) release() { r.unlock() }

func (r *Catalog) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = nil
	r.release() // want `release of r.mu before a return, and the deferred r.mu.Unlock unlocks it again at return`
}

// Through another package's helper (a fact): locklib.Store's Unlock.
func storeTwice(s *locklib.Store) {
	s.Lock()
	s.Unlock()
	s.Unlock() // want `Unlock of s.mu, which is already unlocked on every path here`
}

// Silent: unlocked early and locked again before the deferred Unlock.
func (r *Catalog) Slow(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.mu.Unlock()
	slowWork()
	r.mu.Lock()
	r.items[k]++
}

// Silent: a flag set next to the first Unlock; the second runs only
// when the first did not (a path analysis that ignores the flag would
// see two Unlocks in a row).
func (r *Catalog) Flagged(k string) int {
	r.mu.Lock()
	unlocked := false
	if r.closed {
		r.mu.Unlock()
		unlocked = true
	}
	v := r.items[k]
	if !unlocked {
		r.mu.Unlock()
	}
	return v
}

// Silent: two ifs on one condition: the second Unlock runs only when the
// first did not.
func (r *Catalog) SameCondition(k string, fast bool) {
	r.mu.Lock()
	if fast {
		r.mu.Unlock()
	}
	slowWork()
	if !fast {
		r.items[k]++
		r.mu.Unlock()
	}
}

// Silent: a …Locked helper releases its caller's lock and takes it back.
func (r *Catalog) flushLocked() {
	r.mu.Unlock()
	slowWork()
	r.mu.Lock()
}

// Silent: the caller holds r.mu (it is released once, here).
func (r *Catalog) releaseForCaller() {
	r.items = nil
	r.mu.Unlock()
}

// Silent: a loop that locks and unlocks each iteration.
func (r *Catalog) Each(keys []string) {
	for _, k := range keys {
		r.mu.Lock()
		r.items[k]++
		r.mu.Unlock()
	}
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
}

// Silent: a deferred literal that unlocks only if still held.
func (r *Catalog) Guarded(k string) {
	r.mu.Lock()
	held := true
	defer func() {
		if held {
			r.mu.Unlock()
		}
	}()
	if r.closed {
		r.mu.Unlock()
		held = false
		return
	}
	r.items[k]++
}

// Silent: a goroutine locks the mutex again between the two Unlocks (a
// handoff: the second Unlock releases the goroutine's lock).
func (r *Catalog) Handoff(ready chan struct{}) {
	r.mu.Lock()
	r.mu.Unlock()
	go func() {
		r.mu.Lock()
		ready <- struct{}{}
	}()
	<-ready
	r.mu.Unlock()
}

// Silent: TryLock takes the mutex on the branch where it succeeds.
func (r *Catalog) TryTwice() {
	r.mu.Lock()
	r.mu.Unlock()
	if r.mu.TryLock() {
		r.mu.Unlock()
	}
}

func slowWork() {}

// Unlock of a read lock, and RUnlock of a write lock.
func (t *Table) First() int {
	t.mu.RLock()
	if len(t.rows) == 0 {
		t.mu.RUnlock()
		return 0
	}
	v := t.rows[0]
	t.mu.Unlock() // want `t.mu.Unlock while t.mu is read-locked: the program stops with "fatal error: sync: Unlock of unlocked RWMutex" and the lock is never released \(call t.mu.RUnlock\)`
	return v
}

func (t *Table) Append(v int) {
	t.mu.Lock()
	t.rows = append(t.rows, v)
	t.mu.RUnlock() // want `t.mu.RUnlock while t.mu is locked: the program stops with "fatal error: sync: RUnlock of unlocked RWMutex"`
}

// Silent: a downgrade by hand (Unlock, then RLock, then RUnlock).
func (t *Table) AppendAndSum(v int) int {
	t.mu.Lock()
	t.rows = append(t.rows, v)
	t.mu.Unlock()
	t.mu.RLock()
	s := len(t.rows)
	t.mu.RUnlock()
	return s
}

// Silent: held for reading on one path and for writing on the other: not
// on every path (lockcheck reports only what holds on all of them).
func (t *Table) Either(write bool) {
	if write {
		t.mu.Lock()
	} else {
		t.mu.RLock()
	}
	if write {
		t.mu.Unlock()
	} else {
		t.mu.RUnlock()
	}
}

// Silent: unlocked for the rest of the function, and locked again at
// return by a deferred Lock, which runs before the deferred Unlock
// (nats-server filestore_test.go:14368).
func (r *Catalog) Inspect(check func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = nil
	r.mu.Unlock()
	defer r.mu.Lock()
	check()
}

// Silent: two read locks by TryRLock, two RUnlocks (sync's
// rwmutex_test.go:136).
func (t *Table) TryTwice() {
	if !t.mu.TryRLock() {
		return
	}
	if !t.mu.TryRLock() {
		t.mu.RUnlock()
		return
	}
	t.mu.RUnlock()
	t.mu.RUnlock()
}

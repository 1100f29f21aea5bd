// Package badlock mirrors, in concvet's own code, the bug lines of
// go-critic's badLock test data (see analyzers/parity_test.go).
package badlock

import "sync"

type registry struct {
	mu sync.RWMutex
}

// An empty critical section: Unlock right after Lock. concvet does not
// report these, as it does not report staticcheck's SA2001 (waiting for a
// holder to finish this way is an idiom).
func unlockAtOnce(mu *sync.Mutex, work func()) {
	mu.Lock()
	mu.Unlock() // PEER(badLock) -
	work()
}

func unlockAtOnceField(r *registry, work func()) {
	r.mu.Lock()
	r.mu.Unlock() // PEER(badLock) -
	work()
}

// A deferred release that does not match the lock.
func writeThenReadUnlock(mu *sync.RWMutex, work func()) {
	mu.Lock()
	defer mu.RUnlock() // PEER(badLock) lockcheck
	work()
}

func readThenWriteUnlock(mu *sync.RWMutex, work func()) {
	mu.RLock()
	defer mu.Unlock() // PEER(badLock) lockcheck
	work()
}

func writeThenReadUnlockField(r *registry, work func()) {
	r.mu.Lock()
	defer r.mu.RUnlock() // PEER(badLock) lockcheck
	work()
}

func readThenWriteUnlockField(r *registry, work func()) {
	r.mu.RLock()
	defer r.mu.Unlock() // PEER(badLock) lockcheck
	work()
}

// Silent: the matching release is deferred.
func matched(mu *sync.Mutex, rw *sync.RWMutex, work func()) {
	mu.Lock()
	defer mu.Unlock()
	work()
}

func matchedRead(rw *sync.RWMutex, work func()) {
	rw.RLock()
	defer rw.RUnlock()
	work()
}

// Silent: two mutexes, each released in its own mode.
func twoMutexes(a, b *sync.RWMutex) {
	{
		b.RLock()
		a.Lock()
		b.RUnlock()
		a.Unlock()
	}
	{
		a.Lock()
		b.Lock()
		a.Unlock()
		b.Unlock()
	}
}

// Silent: the deferred Lock is of another mutex.
func otherMutex(a, b *sync.RWMutex, work func()) {
	a.Lock()
	defer b.Lock()
	work()
}

func otherMutexRead(a, b *sync.RWMutex, work func()) {
	a.RLock()
	defer b.RLock()
	work()
}

// Package sa2001 mirrors the bug lines of staticcheck's SA2001 (empty
// critical section) test data in concvet's own code. concvet does not
// report empty critical sections: Lock immediately followed by Unlock is
// also a way to wait for a holder to finish. No line here may be reported
// (see analyzers/parity_test.go).
package sa2001

import "sync"

func emptyLocal() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock() // PEER(SA2001) -
}

func emptyNested() {
	var s struct {
		inner struct {
			mu sync.Mutex
		}
	}
	s.inner.mu.Lock()
	s.inner.mu.Unlock() // PEER(SA2001) -
}

func emptyRW() {
	var rw sync.RWMutex
	rw.Lock()
	rw.Unlock() // PEER(SA2001) -

	rw.RLock()
	rw.RUnlock() // PEER(SA2001) -

	rw.Lock()
	defer rw.Unlock()
}

func emptyThroughCall() {
	s := struct {
		get func() *sync.Mutex
	}{
		get: func() *sync.Mutex { return new(sync.Mutex) },
	}
	s.get().Lock()
	s.get().Unlock() // PEER(SA2001) -
}

func notEmpty() {
	n := 0
	var mu sync.Mutex
	mu.Lock()
	n++
	mu.Unlock()
	_ = n
}

func emptyPointer() {
	mu := &sync.Mutex{}
	mu.Lock()
	mu.Unlock() // PEER(SA2001) -
}

func emptyEmbedded() {
	s := &struct {
		sync.Mutex
	}{}
	s.Lock()
	s.Unlock() // PEER(SA2001) -
}

func emptyLocker() {
	var l sync.Locker = new(sync.Mutex)
	l.Lock()
	l.Unlock() // PEER(SA2001) -
}

func emptyEmbeddedLocker() {
	s := &struct {
		sync.Locker
	}{&sync.Mutex{}}
	s.Lock()
	s.Unlock() // PEER(SA2001) -
}

type notALock struct{}

func (notALock) Lock() int { return 0 }
func (notALock) Unlock()   {}

func notSync() {
	var n notALock
	n.Lock()
	n.Unlock()
}

// Package lockfxuse calls lockfx's functions: its lock state counts them.
package lockfxuse

import (
	"lockfx"
	"sync"
)

func probe() {}

func helpers(s *lockfx.S) {
	s.Hold()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
	s.Get()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
	s.Release()
	probe() // want `must=\[\] may=\[\]`
}

func readHelper(s *lockfx.S) {
	s.RHold()
	probe() // want `must=\[s.rw\(read\)\] may=\[s.rw\(read\)\]`
}

func deferred(s *lockfx.S) {
	s.Hold()
	defer s.Release()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
}

func direct(mu *sync.Mutex) {
	lockfx.Lock(mu)
	probe() // want `must=\[mu\] may=\[mu\]`
	mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func branch(s *lockfx.S, b bool) {
	if b {
		s.Hold()
	}
	probe() // want `must=\[\] may=\[s.mu\]`
}

// Local helpers are followed to a fixed point.
type T struct{ mu sync.Mutex }

func (t *T) lock()        { t.mu.Lock() }
func (t *T) lockTwice()   { t.lock() }
func (t *T) unlockLocal() { t.mu.Unlock() }
func (t *T) withLock(f func()) {
	t.lockTwice()
	probe() // want `must=\[t.mu\] may=\[t.mu\]`
	f()
	t.unlockLocal()
	probe() // want `must=\[\] may=\[\]`
}

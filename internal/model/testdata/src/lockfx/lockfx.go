// Package lockfx exports functions whose LockEffects facts other packages
// use: what each does, on every path that returns, to the mutexes of its
// parameters.
package lockfx

import "sync"

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

// Get locks and releases s.mu.
func (s *S) Get() int { // want Get:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` Get:`lockEffects\(locks\(0.mu\)\)` Get:`lockAcquires\(lockfx\.S\.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Read read-locks and releases s.rw.
func (s *S) Read() int { // want Read:`paramOps\(RLock\(0.rw\) RUnlock\(0.rw\)\)` Read:`lockEffects\(locks\(0.rw,read\)\)` Read:`lockAcquires\(lockfx\.S\.rw,read\)`
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.n
}

// Hold returns holding s.mu; Release releases it.
func (s *S) Hold()    { s.mu.Lock() }   // want Hold:`paramOps\(Lock\(0.mu\)\)` Hold:`lockEffects\(holds\(0.mu\)\)` Hold:`lockAcquires\(lockfx\.S\.mu\)`
func (s *S) Release() { s.mu.Unlock() } // want Release:`paramOps\(Unlock\(0.mu\)\)` Release:`lockEffects\(releases\(0.mu\)\)` Release:`lockAcquires\(releases lockfx\.S\.mu\)`

// RHold returns holding the read lock.
func (s *S) RHold() { s.rw.RLock() } // want RHold:`paramOps\(RLock\(0.rw\)\)` RHold:`lockEffects\(holds\(0.rw,read\)\)` RHold:`lockAcquires\(lockfx\.S\.rw,read\)`

// Inc locks and releases through the helpers.
func (s *S) Inc() { // want Inc:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` Inc:`lockEffects\(locks\(0.mu\)\)` Inc:`lockAcquires\(lockfx\.S\.mu\)`
	s.Hold()
	s.n++
	s.Release()
}

// Total locks through a call.
func (s *S) Total() int { return s.Get() + 1 } // want Total:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` Total:`lockEffects\(locks\(0.mu\)\)` Total:`lockAcquires\(lockfx\.S\.mu\)`

// Both locks the mutexes of two parameters.
func Both(a, b *S) { // want Both:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\) Lock\(1.mu\) Unlock\(1.mu\)\)` Both:`lockEffects\(locks\(0.mu\) locks\(1.mu\)\)` Both:`lockAcquires\(lockfx\.S\.mu\)`
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

// Maybe locks only when told to: no effect.
func (s *S) Maybe(locked bool) { // want Maybe:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)`
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	s.n++
}

// DropLocked is called holding s.mu, drops it and takes it back: no effect.
func (s *S) DropLocked() { // want DropLocked:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` DropLocked:`lockAcquires\(releases lockfx\.S\.mu lockfx\.S\.mu\)`
	s.mu.Unlock()
	s.n++
	s.mu.Lock()
}

// Early returns without locking on one path: no effect.
func (s *S) Early() { // want Early:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)`
	if s.n < 0 {
		return
	}
	s.mu.Lock()
	s.mu.Unlock()
}

// Try uses TryLock: no effect.
func (s *S) Try() bool { // want Try:`paramOps\(Unlock\(0.mu\)\)`
	if !s.mu.TryLock() {
		return false
	}
	s.mu.Unlock()
	return true
}

// Panicky panics on one path: the paths that return lock and release.
func (s *S) Panicky() { // want Panicky:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` Panicky:`lockEffects\(locks\(0.mu\)\)` Panicky:`lockAcquires\(lockfx\.S\.mu\)`
	s.mu.Lock()
	if s.n < 0 {
		panic("negative")
	}
	s.mu.Unlock()
}

// Lock returns holding the mutex it is given.
func Lock(mu *sync.Mutex) { mu.Lock() } // want Lock:`paramOps\(Lock\(0\)\)` Lock:`lockEffects\(holds\(0\)\)` Lock:`lockAcquires\(param0\)`

// Leaky holds s.mu on one return only: no effect.
func (s *S) Leaky() { // want Leaky:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\)\)` Leaky:`lockAcquires\(lockfx\.S\.mu\)`
	s.mu.Lock()
	if s.n < 0 {
		return
	}
	s.mu.Unlock()
}

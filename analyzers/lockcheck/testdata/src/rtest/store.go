// Package rtest has a store whose read transactions hold its read lock
// until End, as etcd's mvcc store does.
package rtest

import "sync"

type store struct {
	mu   sync.RWMutex
	revs int
	data map[int]int
}

type readTx struct{ s *store }

func newStore() *store { return &store{data: map[int]int{}} }

// Read returns holding s.mu for reading; End releases it.
func (s *store) Read() *readTx {
	s.mu.RLock()
	return &readTx{s: s}
}

func (r *readTx) End() { r.s.mu.RUnlock() }

// Put writes under the read lock, as etcd's write transactions do (the
// backend has its own lock).
func (s *store) Put(k, v int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.revs++
}

// Compact is the writer.
func (s *store) Compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = map[int]int{}
}

// Library code: any goroutine may call Compact in between.
func (s *store) twoReads() int {
	r1 := s.Read()
	defer r1.End()
	r2 := s.Read() // want `Read read-locks s.mu, which this goroutine already read-locks: a writer calling Lock in between blocks it forever`
	defer r2.End()
	return s.revs
}

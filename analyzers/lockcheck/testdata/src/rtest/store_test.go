package rtest

import "testing"

// From etcd's mvcc kvstore_test.go: a test holds a read transaction open
// while it starts another; nothing the test runs calls Lock, so no writer
// can queue between the two read locks.
func TestConcurrentReadNotBlockingWrite(t *testing.T) {
	s := newStore()
	s.Put(1, 1)
	r1 := s.Read()
	done := make(chan struct{}, 1)
	go func() {
		s.Put(1, 2)
		done <- struct{}{}
	}()
	<-done
	r2 := s.Read()
	r2.End()
	r1.End()
}

// A goroutine of the test compacts: it can queue its Lock between the two
// read locks.
func startCompactor(s *store, stop <-chan struct{}) {
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				s.Compact()
			}
		}
	}()
}

func TestReadWhileCompacting(t *testing.T) {
	s := newStore()
	stop := make(chan struct{})
	defer close(stop)
	startCompactor(s, stop)
	r1 := s.Read()
	r2 := s.Read() // want `Read read-locks s.mu, which this goroutine already read-locks`
	r2.End()
	r1.End()
}

// The writer is reached through a helper of the test.
func compactLater(s *store) { go s.Compact() }

func TestReadWhileCompactingLater(t *testing.T) {
	s := newStore()
	r1 := s.Read()
	compactLater(s)
	s.mu.RLock() // want `s.mu.RLock while this goroutine already holds s.mu.RLock deadlocks when a writer calls Lock between the two`
	s.mu.RUnlock()
	r1.End()
}

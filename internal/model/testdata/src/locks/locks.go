package locks

import "sync"

// probe marks a point: the test reports the mutexes held there.
func probe() {}

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

func plain(s *S) {
	probe() // want `must=\[\] may=\[\]`
	s.mu.Lock()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
	s.mu.Unlock()
	probe() // want `must=\[\] may=\[\]`
}

func deferred(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
}

func branch(s *S, c bool) {
	if c {
		s.mu.Lock()
	}
	probe() // want `must=\[\] may=\[s.mu\]`
	if c {
		s.mu.Unlock()
	}
}

func readLocked(s *S) {
	s.rw.RLock()
	probe() // want `must=\[s.rw\(read\)\] may=\[s.rw\(read\)\]`
	s.rw.RUnlock()
	s.rw.Lock()
	probe() // want `must=\[s.rw\] may=\[s.rw\]`
	s.rw.Unlock()
}

func loop(s *S, xs []int) {
	for range xs {
		probe() // want `must=\[\] may=\[\]`
		s.mu.Lock()
		s.n++
		probe() // want `must=\[s.mu\] may=\[s.mu\]`
		s.mu.Unlock()
	}
}

func leaky(s *S, xs []int) {
	for range xs {
		probe() // want `must=\[\] may=\[s.mu\]`
		s.mu.Lock()
	}
}

func try(s *S) {
	if s.mu.TryLock() {
		probe() // want `must=\[s.mu\] may=\[s.mu\]`
		s.mu.Unlock()
		return
	}
	probe() // want `must=\[\] may=\[\]`
}

func goroutine(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	go func() {
		probe() // want `must=\[\] may=\[\]`
		s.mu.Lock()
		probe() // want `must=\[s.mu\] may=\[s.mu\]`
		s.mu.Unlock()
	}()
}

var global sync.Mutex

func two(s *S) {
	global.Lock()
	s.mu.Lock()
	probe() // want `must=\[global s.mu\] may=\[global s.mu\]`
	s.mu.Unlock()
	global.Unlock()
}

func earlyReturn(s *S, c bool) {
	s.mu.Lock()
	if c {
		s.mu.Unlock()
		return
	}
	probe() // want `must=\[s.mu\] may=\[s.mu\]`
	s.mu.Unlock()
}

package generic

import "sync"

type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]bool
}

func (s *Set[T]) Add(v T) {
	s.mu.Lock()         // want `Lock s.mu`
	defer s.mu.Unlock() // want `Unlock s.mu deferred`
	s.m[v] = true
}

func Fill[T comparable](s *Set[T], vs []T) {
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)      // want `wg.Add wg delta=1`
		go func(v T) { // want `spawn go statement runs literal loops=1 args=1 captures=\[wg s\] body`
			defer wg.Done() // want `wg.Done wg deferred`
			s.Add(v)
		}(v)
	}
	wg.Wait() // want `wg.Wait wg`
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	ch := make(chan struct{}, len(xs)) // want `make cap=-1 ops=2`
	for i, x := range xs {
		go func() { // want `spawn go statement runs literal loops=1 args=0 captures=\[out i f x ch\] body`
			out[i] = f(x)
			ch <- struct{}{} // want `send make\(chan struct{}\)`
		}()
	}
	for range xs {
		<-ch // want `receive make\(chan struct{}\)`
	}
	return out
}

func UseMap() {
	go Fill(&Set[int]{}, nil) // want `spawn go statement runs Fill loops=0 args=2 captures=\[\] body`
}

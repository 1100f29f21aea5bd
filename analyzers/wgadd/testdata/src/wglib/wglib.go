// Package wglib is another package whose functions operate on the
// WaitGroup they are given; wgadd sees them through facts.
package wglib

import "sync"

// Worker counts itself: it must not be started with go by a caller that
// waits.
func Worker(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	defer wg.Done()
	f()
}

// Finish marks one unit done.
func Finish(wg *sync.WaitGroup) {
	wg.Done()
}

// Run does the work; the caller counts.
func Run(f func()) { f() }

// Server is a long-lived server: Serve counts itself under the mutex after
// checking that Shutdown has not begun, and Shutdown waits under the same
// protocol. Starting Serve with go and then calling Shutdown is correct.
type Server struct {
	mu       sync.Mutex
	closed   bool
	serveWG  sync.WaitGroup
	handlers []func()
}

func (s *Server) Serve() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.serveWG.Add(1)
	s.mu.Unlock()
	defer s.serveWG.Done()
	for _, h := range s.handlers {
		h()
	}
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.serveWG.Wait()
}

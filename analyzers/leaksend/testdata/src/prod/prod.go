// Package prod holds producers of another package, known to the check
// through their ParamOps facts.
package prod

import (
	"context"
	"sync"
)

// Wait is here so that the package imports context: the model computes
// facts only for packages that may match (a go statement, or an import of
// sync, context, sync/atomic or errgroup).
func Wait(ctx context.Context) { <-ctx.Done() }

// Produce sends every x on out, bare.
func Produce(out chan<- int, xs []int) {
	for _, x := range xs {
		out <- x
	}
	close(out)
}

// Result sends one result, bare.
func Result(out chan<- error) {
	out <- nil
}

// TrySend sends in a select with a way out.
func TrySend(out chan<- int, done <-chan struct{}) {
	select {
	case out <- 1:
	case <-done:
	}
}

// Echo receives and sends back.
func Echo(ch chan int) {
	v := <-ch
	ch <- v + 1
}

// Forward hands its channel to Result: the bare send propagates.
func Forward(out chan<- error) {
	Result(out)
}

// Server serves until it fails.
type Server struct{ Addr string }

// Serve sends its one error, bare.
func (s *Server) Serve(errc chan<- error) {
	errc <- nil
}

// Filters keeps the filter it is given, under its lock, and calls it
// later (net's socktest.Switch.Set): the fact says it locks the receiver,
// nothing of the filter.
type Filters struct {
	mu sync.Mutex
	f  func() error
}

// Set keeps f.
func (s *Filters) Set(f func() error) {
	s.mu.Lock()
	s.f = f
	s.mu.Unlock()
}

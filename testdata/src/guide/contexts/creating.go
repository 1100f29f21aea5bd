package contexts

import (
	"context"
	"time"
)

// The guide's "Creating Contexts", one constructor per function so that each
// fragment compiles as written.

func rootContext() context.Context {
	// Root context
	ctx := context.Background()
	// With value (use sparingly)
	ctx = context.WithValue(ctx, requestIDKey, "12345")
	return ctx
}

func withCancel(ctx context.Context) error {
	// With cancellation
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return doWork(ctx)
}

func withTimeout(ctx context.Context) error {
	// With timeout
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return doWork(ctx)
}

func withDeadline(ctx context.Context) error {
	// With deadline
	deadline := time.Now().Add(30 * time.Second)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return doWork(ctx)
}

// startWorker hands the cancel to its caller: returned, so not a leak here.
func startWorker(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		_ = doWork(ctx)
	}()
	return ctx, cancel
}

// Server keeps the cancel of its background context and calls it in Close.
type Server struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func NewServer(parent context.Context) *Server {
	ctx, cancel := context.WithCancel(parent)
	s := &Server{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = doWork(ctx)
	}()
	return s
}

func (s *Server) Close() {
	s.cancel()
	<-s.done
}

// Package ctxlib returns cancel functions to its callers.
package ctxlib

import (
	"context"
	"testing"
	"time"
)

// WithDefault returns a context with the default timeout.
func WithDefault(parent context.Context) (context.Context, context.CancelFunc) { // want WithDefault:"returnsCancel\\(1, expires\\)"
	return context.WithTimeout(parent, 5*time.Second)
}

// ForTest is a test helper returning (ctx, cancel).
func ForTest(t testing.TB) (context.Context, context.CancelFunc) { // want ForTest:"returnsCancel\\(1, expires\\)"
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	return ctx, cancel
}

// Stop returns only the stop function.
func Stop(parent context.Context) func() { // want Stop:"returnsCancel\\(0\\)"
	_, cancel := context.WithCancel(parent)
	return cancel
}

type Pool struct{}

// Acquire is a method that returns a cancel.
func (p *Pool) Acquire(ctx context.Context) (context.Context, context.CancelFunc, error) { // want Acquire:"returnsCancel\\(1\\)"
	ctx, cancel := context.WithCancel(ctx)
	if ctx.Err() != nil {
		cancel()
		return nil, nil, ctx.Err()
	}
	return ctx, cancel, nil
}

// Run calls the cancel function it is given.
func Run(ctx context.Context, cancel context.CancelFunc) {
	defer cancel()
	<-ctx.Done()
}

// Hold keeps the cancel function: not a cancel creator.
func Hold(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return ctx, cancel
}

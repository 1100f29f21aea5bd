package lostcancel

import (
	"context"
	"errors"
	"time"
)

// In generic functions.
func genericNamed[T any]() {
	var _, stop = context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	if verbose {
		_ = stop
	}
} // PEER(lostcancel) ctxcancel half

func genericDeferred[T any]() {
	_, cancel := context.WithCancel(parent)
	defer cancel()
}

// A context type of the program's own that matches context.Context.
type ctxLike[D any, K any] interface {
	Deadline() (time.Time, D)
	Done() <-chan struct{}
	Err() error
	Value(K) K
}

func ownContextType(c ctxLike[bool, any]) {
	ctx, _ := context.WithCancel(c)     // PEER(lostcancel) ctxcancel
	ctx, _ = context.WithTimeout(c, 10) // PEER(lostcancel) ctxcancel
	_ = ctx
}

// Silent: a method named WithCancel of another type.
type maker[P any] interface {
	WithCancel(ctxLike[P, bool]) (ctxLike[P, bool], func())
}

func otherWithCancel(m maker[any]) {
	ctx, _ := m.WithCancel(nil)
	_ = ctx
}

// Silent: a generic struct's func field.
func genericField() {
	type box[P any] struct{ get func() P }
	var b box[string]
	b.get()
}

var errStopped = errors.New("stopped")

// WithCancelCause: deferred, then called on one branch only.
func withCause(stopNow bool) {
	{
		_, cancel := context.WithCancelCause(parent)
		defer cancel(errStopped)
	}
	{
		_, cancel := context.WithCancelCause(parent) // PEER(lostcancel) ctxcancel
		if stopNow {
			cancel(errStopped)
		}
	}
} // PEER(lostcancel) ctxcancel

package flow

import (
	"context"
	"testing"
)

func use(context.Context) {}

func called(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `flows \[call\]`
	use(ctx)
	cancel()
}

func deferredAndCompared(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `flows \[defer\]`
	if cancel == nil {
		return
	}
	defer cancel()
}

func discarded(ctx context.Context) {
	_, _ = context.WithCancel(ctx) // want `flows \[\]`
}

func returned(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx) // want `flows \[return\(1\)\]`
	return ctx, cancel
}

func cleanup(t *testing.T) {
	_, cancel := context.WithCancel(context.Background()) // want `flows \[arg\(Cleanup,1\)\]`
	t.Cleanup(cancel)
}

type S struct {
	cancel func()
	unread func()
	stops  []func()
}

func (s *S) Close() { s.cancel() }

func (s *S) store() {
	_, s.cancel = context.WithCancel(context.Background()) // want `flows \[field\(cancel read=true\)\]`
	_, s.unread = context.WithCancel(context.Background()) // want `flows \[field\(unread read=false\)\]`
	if s.unread != nil {
	}
	_, c := context.WithCancel(context.Background()) // want `flows \[elem\]`
	s.stops = append(s.stops, c)
}

var g, h func()

func globals() {
	_, g = context.WithCancel(context.Background()) // want `flows \[global\(g read=true\)\]`
	_, h = context.WithCancel(context.Background()) // want `flows \[global\(h read=false\)\]`
	g()
}

func captured(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `flows \[capture\[call\]\]`
	go func() {
		<-ctx.Done()
		cancel()
	}()
}

func capturedNested(ctx context.Context) {
	var cancel context.CancelFunc
	defer func() { // the literal is made before the constructor
		func() { cancel() }()
	}()
	ctx, cancel = context.WithCancel(ctx) // want `flows \[capture\[capture\[call\]\]\]`
	use(ctx)
}

func phi(ctx context.Context, b bool) {
	var cancel context.CancelFunc
	if b {
		ctx, cancel = context.WithCancel(ctx) // want `flows \[defer\]`
	} else {
		ctx, cancel = context.WithCancel(ctx) // want `flows \[defer\]`
	}
	defer cancel()
	use(ctx)
}

func sent(ch chan func()) {
	_, c := context.WithCancel(context.Background()) // want `flows \[elem\]`
	ch <- c
}

func boxed(ctx context.Context) any {
	_, c := context.WithCancel(ctx) // want `flows \[other\]`
	return c
}

package a

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }
func prepare() error                 { return nil }

// 1. Discarded.

func discardedBlank(ctx context.Context) error {
	ctx, _ = context.WithTimeout(ctx, time.Second) // want `the cancel function of context.WithTimeout is discarded: the context and its timer stay alive`
	return work(ctx)
}

func discardedAll(ctx context.Context) {
	context.WithCancel(ctx) // want `the cancel function of context.WithCancel is discarded`
}

func discardedSignal() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt) // want `the cancel function of signal.NotifyContext is discarded: the signal stays registered`
	return ctx
}

func discardedCause(ctx context.Context) error {
	ctx, _ = context.WithCancelCause(ctx) // want `the cancel function of context.WithCancelCause is discarded`
	return work(ctx)
}

// 2. Not called on every path.

func earlyReturn(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx) // want `cancel of context.WithCancel is not called on every path: the return at line 39 is reached`
	if err := prepare(); err != nil {
		return err
	}
	defer cancel()
	return work(ctx)
}

func calledOnOneBranch(ctx context.Context, ok bool) {
	ctx, cancel := context.WithDeadline(ctx, time.Now()) // want `cancel of context.WithDeadline is not called on every path: the end of the function`
	if ok {
		cancel()
	}
	_ = work(ctx)
}

func continueSkips(ctx context.Context, items []int) {
	for range items {
		cctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path`
		if work(cctx) != nil {
			continue
		}
		cancel()
	}
}

func literalLeak(ctx context.Context) func() error {
	return func() error {
		ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path`
		if err := work(ctx); err != nil {
			return err
		}
		cancel()
		return nil
	}
}

// 3. Stored where nothing reads it.

type watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (w *watcher) start() {
	w.ctx, w.cancel = context.WithCancel(context.Background()) // want `cancel of context.WithCancel is stored in field cancel, which nothing in the package calls`
}

func (w *watcher) running() bool { return w.cancel != nil }

var lostStop context.CancelFunc

func storeGlobal() context.Context {
	ctx, stop := context.WithCancel(context.Background()) // want `stop of context.WithCancel is stored in package variable lostStop`
	lostStop = stop
	return ctx
}

// 4. defer in a loop.

func deferInLoop(ctx context.Context, urls []string) {
	for range urls {
		ctx, cancel := context.WithTimeout(ctx, time.Second) // want `defer cancel\(\) in a loop: cancel runs only when the function returns`
		defer cancel()
		_ = work(ctx)
	}
}

func deferInRetry(ctx context.Context) error {
	var err error
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(ctx, time.Second) // want `defer cancel\(\) in a loop`
		defer cancel()
		if err = work(ctx); err == nil {
			return nil
		}
	}
	return err
}

// Functions of this package that return a cancel: callers are held to it.

func newCtx(parent context.Context) (context.Context, context.CancelFunc) { // want newCtx:"returnsCancel\\(1\\)"
	return context.WithTimeout(parent, time.Second)
}

func newCtxWrapped(parent context.Context) (context.Context, context.CancelFunc) { // want newCtxWrapped:"returnsCancel\\(1\\)"
	ctx, cancel := newCtx(parent)
	return ctx, cancel
}

func useNewCtx(parent context.Context) error {
	ctx, _ := newCtxWrapped(parent) // want `the cancel function of newCtxWrapped is discarded`
	return work(ctx)
}

func useNewCtxLeak(parent context.Context) error {
	ctx, cancel := newCtx(parent) // want `cancel of newCtx is not called on every path`
	if err := work(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}

// A no-op on some paths, a real cancel on others: callers must call it.
func maybeTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) { // want maybeTimeout:"returnsCancel\\(1\\)"
	if d == 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}

func useMaybeTimeout(ctx context.Context) {
	ctx, _ = maybeTimeout(ctx, 0) // want `the cancel function of maybeTimeout is discarded`
	_ = work(ctx)
}

func tickerLoop(ctx context.Context, done <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			cctx, cancel := context.WithTimeout(ctx, time.Second) // want `defer cancel\(\) in a loop`
			defer cancel()
			_ = work(cctx)
		case <-done:
			return
		}
	}
}

func resetTimerLoop(ctx context.Context, done <-chan struct{}) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-t.C:
			cctx, cancel := context.WithTimeout(ctx, time.Second) // want `defer cancel\(\) in a loop`
			defer cancel()
			_ = work(cctx)
			t.Reset(time.Second)
		case <-done:
			return
		}
	}
}

// From client-go's transport/cache.go (lostcancel counts the nil check as a
// use): the cancel is only compared, then lost.
func onlyCompared(ctx context.Context, rotate bool) (context.Context, error) {
	var cancel context.CancelFunc
	if rotate {
		ctx, cancel = context.WithCancel(ctx) // want `cancel of context.WithCancel is not called on every path`
		go func() { _ = work(ctx) }()
	}
	if cancel == nil {
		return ctx, nil
	}
	return ctx, nil
}

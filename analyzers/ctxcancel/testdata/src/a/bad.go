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

// 4. defer in a loop that runs until something stops it, for contexts
// that do not expire.

type conn struct{}

type listener interface{ Accept() (*conn, error) }

func serve(ctx context.Context, c *conn) { <-ctx.Done() }

// An accept loop: every connection's context stays registered with ctx
// until the server's function returns.
func acceptLoop(ctx context.Context, l listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		cctx, cancel := context.WithCancel(ctx) // want `defer cancel\(\) in a loop: cancel runs only when the function returns, and the loop runs until something stops it.*the context is used by a goroutine or kept after the iteration: call cancel where that use ends`
		defer cancel()
		go serve(cctx, c)
	}
}

// A receive loop.
func receiveLoop(ctx context.Context, reqs <-chan int) {
	for range reqs {
		cctx, cancel := context.WithCancel(ctx) // want `defer cancel\(\) in a loop: cancel runs only when the function returns.*\(call cancel at the end of each iteration, or move the loop body into a function\)`
		defer cancel()
		_ = work(cctx)
	}
}

func tickerLoop(ctx context.Context, done <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			cctx, cancel := context.WithCancel(ctx) // want `defer cancel\(\) in a loop`
			defer cancel()
			_ = work(cctx)
		case <-done:
			return
		}
	}
}

// A timer the loop resets is no deadline.
func resetTimerLoop(ctx context.Context, done <-chan struct{}) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-t.C:
			cctx, cancel := context.WithCancelCause(ctx) // want `defer cancel\(\) in a loop`
			defer cancel(nil)
			_ = work(cctx)
			t.Reset(time.Second)
		case <-done:
			return
		}
	}
}

// A deadline whose case does not leave the loop (break leaves the select)
// does not bound it.
func deadlineIgnored(ctx context.Context, work2 <-chan int) {
	limit := time.After(time.Minute)
	for {
		select {
		case <-limit:
			break
		case <-work2:
			cctx, cancel := context.WithCancel(ctx) // want `defer cancel\(\) in a loop`
			defer cancel()
			_ = work(cctx)
		}
	}
}

// An endless loop around a bounded one.
func outerEndless(ctx context.Context, batches <-chan []int) {
	for {
		for range <-batches {
			cctx, cancel := context.WithCancel(ctx) // want `defer cancel\(\) in a loop`
			defer cancel()
			_ = work(cctx)
		}
	}
}

// A function of the package whose context does not expire.
func newCancelCtx(parent context.Context) (context.Context, context.CancelFunc) { // want newCancelCtx:"returnsCancel\\(1\\)"
	return context.WithCancel(parent)
}

func factLoop(ctx context.Context, reqs <-chan int) {
	for range reqs {
		cctx, cancel := newCancelCtx(ctx) // want `defer cancel\(\) in a loop: .*context of newCancelCtx`
		defer cancel()
		_ = work(cctx)
	}
}

// Functions of this package that return a cancel: callers are held to it.

func newCtx(parent context.Context) (context.Context, context.CancelFunc) { // want newCtx:"returnsCancel\\(1, expires\\)"
	return context.WithTimeout(parent, time.Second)
}

func newCtxWrapped(parent context.Context) (context.Context, context.CancelFunc) { // want newCtxWrapped:"returnsCancel\\(1, expires\\)"
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

// Without a deadline such a Done channel never fires, and the context
// stays registered with its parent.
func (d *delayed) startNever(ctx context.Context) {
	cctx, _ := context.WithCancel(ctx) // want `the cancel function of context.WithCancel is discarded: the context stays alive until its parent is done \(name it and call cancel once the context is no longer used\)`
	d.done = cctx.Done()
}

// Several returns leak: the first in the source is the one named (and the
// related position), not the nearest in the control flow.
func firstLeak(ctx context.Context, a, b bool) int {
	ctx, cancel := context.WithCancel(ctx) // want `the return at line 264 is reached`
	_ = ctx
	if a {
		if b {
			return 1
		}
		return 2
	}
	if b {
		cancel()
	}
	return 3
}

package contexts

import (
	"context"
	"time"
)

// The guide's context examples with the mistakes ctxcancel and loopctx
// report.

// handlerNoCancel is the guide's handler with the cancel discarded: the
// timer and the context live until the deadline even after handler returns.
func handlerNoCancel(ctx context.Context) error {
	ctx, _ = context.WithTimeout(ctx, 10*time.Second) // LEAK(ctxcancel): the cancel function is discarded // want `ctxcancel: the cancel function of context.WithTimeout is discarded`
	result, err := fetchData(ctx)
	if err != nil {
		return err
	}
	return processResult(ctx, result)
}

// handlerEarlyReturn calls cancel only on the success path.
func handlerEarlyReturn(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second) // LEAK(ctxcancel): not cancelled on the early return below // want `ctxcancel: cancel of context.WithTimeout is not called on every path`
	result, err := fetchData(ctx)
	if err != nil {
		return err // the return that skips cancel
	}
	err = processResult(ctx, result)
	cancel()
	return err
}

// handleAll defers a cancel per request of a loop that runs as long as
// requests come: every request's context stays registered with ctx until
// the loop is over. (A context with a deadline would free itself.)
func handleAll(ctx context.Context, requests <-chan struct{}) error {
	for range requests {
		ctx, cancel := context.WithCancel(ctx) // LEAK(ctxcancel): its defer below runs only when handleAll returns // want `ctxcancel: defer cancel\(\) in a loop`
		defer cancel()
		if _, err := fetchData(ctx); err != nil {
			return err
		}
	}
	return nil
}

// pollIgnoringContext is given a context but never consults it:
// cancelling ctx does not stop the goroutine.
func pollIgnoringContext(ctx context.Context) {
	for { // LEAK(loopctx): loops forever, ctx is in scope but never checked // want `loopctx: `
		poll()
	}
}

func startPolling(ctx context.Context) {
	go pollIgnoringContext(ctx)
}

// sleepUntilEmpty exits when the queue is drained but not when ctx is
// cancelled.
func sleepUntilEmpty(ctx context.Context) {
	for { // LEAK(loopctx): ignores ctx; cancelling it does not stop the loop // want `loopctx: `
		if err := processItem(); err != nil {
			return
		}
		time.Sleep(time.Second)
	}
}

func startDraining(ctx context.Context) {
	go sleepUntilEmpty(ctx)
}

package fixname

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func do(ctx context.Context) error { return ctx.Err() }

// The context is only waited on: cancelling it at return is safe.
func blankWaited(ctx context.Context, results <-chan error) error {
	cctx, _ := context.WithTimeout(ctx, time.Second) // want `discarded: .*\(name it and defer cancel\(\)\)`
	select {
	case <-cctx.Done():
		return cctx.Err()
	case err := <-results:
		return err
	}
}

func blankSignal() error {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt) // want `discarded`
	<-ctx.Done()
	return nil
}

// No fix: do may keep the context (start a goroutine with it, store it)
// past the return, and a deferred cancel would stop that.
func blank(ctx context.Context) error {
	cctx, _ := context.WithTimeout(ctx, time.Second) // want `discarded: .*\(name it and call cancel once the context is no longer used\)`
	return do(cctx)
}

func taken(ctx context.Context, cancel func()) error {
	cctx, _ := context.WithTimeout(ctx, time.Second) // want `discarded`
	cancel()
	<-cctx.Done()
	return cctx.Err() // no fix: the name cancel is taken
}

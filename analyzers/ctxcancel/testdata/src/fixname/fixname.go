package fixname

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func do(ctx context.Context) error { return ctx.Err() }

func blank(ctx context.Context) error {
	cctx, _ := context.WithTimeout(ctx, time.Second) // want `discarded`
	return do(cctx)
}

func blankSignal() error {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt) // want `discarded`
	return do(ctx)
}

func taken(ctx context.Context, cancel func()) error {
	cctx, _ := context.WithTimeout(ctx, time.Second) // want `discarded`
	cancel()
	return do(cctx) // no fix: the name cancel is taken
}

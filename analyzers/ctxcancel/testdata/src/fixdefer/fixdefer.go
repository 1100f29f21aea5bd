package fixdefer

import (
	"context"
	"time"
)

func do(ctx context.Context) error { return ctx.Err() }

func early(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path`
	if skip {
		return nil
	}
	err := do(ctx)
	cancel()
	return err
}

func stored(ctx context.Context, skip bool) (context.Context, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path`
	if skip {
		cancel()
		return nil, nil
	}
	return ctx, nil // no fix: the context is returned
}

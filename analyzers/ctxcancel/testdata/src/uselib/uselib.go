package uselib

import (
	"context"
	"testing"

	"ctxlib"
)

func use(ctx context.Context) error { return ctx.Err() }

func discarded(parent context.Context) error {
	ctx, _ := ctxlib.WithDefault(parent) // want `the cancel function of ctxlib.WithDefault is discarded`
	return use(ctx)
}

func leaked(parent context.Context) error {
	ctx, cancel := ctxlib.WithDefault(parent) // want `cancel of ctxlib.WithDefault is not called on every path`
	if err := use(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}

func stopIgnored(parent context.Context) {
	ctxlib.Stop(parent) // want `the cancel function of ctxlib.Stop is discarded`
}

func methodLeak(p *ctxlib.Pool, parent context.Context) error {
	ctx, cancel, err := p.Acquire(parent) // want `cancel of ctxlib.Pool.Acquire is not called on every path`
	if err != nil {
		return err
	}
	if use(ctx) != nil {
		return nil
	}
	cancel()
	return nil
}

// Silent.

func deferred(parent context.Context) error {
	ctx, cancel := ctxlib.WithDefault(parent)
	defer cancel()
	return use(ctx)
}

func inTest(t *testing.T) {
	ctx, cancel := ctxlib.ForTest(t)
	t.Cleanup(cancel)
	_ = use(ctx)
}

func handedToRun(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	go ctxlib.Run(ctx, cancel)
}

func handedToRunSync(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	ctxlib.Run(ctx, cancel)
}

func notACreator(parent context.Context) {
	ctx, _ := ctxlib.Hold(parent)
	_ = use(ctx)
}

func methodOK(p *ctxlib.Pool, parent context.Context) error {
	ctx, cancel, err := p.Acquire(parent)
	if err != nil {
		return err
	}
	defer cancel()
	return use(ctx)
}

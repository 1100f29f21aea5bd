package odd

import (
	"context"
	"time"
)

type Box[T any] struct {
	val    T
	cancel context.CancelFunc
}

func (b *Box[T]) Start(ctx context.Context) context.Context {
	ctx, b.cancel = context.WithCancel(ctx)
	return ctx
}

func (b *Box[T]) Stop() { b.cancel() }

type lost[T any] struct {
	cancel func()
}

func (l *lost[T]) start() {
	_, l.cancel = context.WithCancel(context.Background()) // want `stored in field cancel, which nothing in the package calls`
}

func WithGeneric[T any](ctx context.Context, v T) (context.Context, context.CancelFunc) { // want WithGeneric:"returnsCancel\\(1, expires\\)"
	return context.WithTimeout(ctx, time.Second)
}

func useGeneric(ctx context.Context) {
	ctx, _ = WithGeneric(ctx, 1) // want `the cancel function of WithGeneric is discarded`
	_ = ctx
}

func useGenericOK(ctx context.Context) {
	ctx, cancel := WithGeneric[string](ctx, "")
	defer cancel()
	_ = ctx
}

func viaFuncValue(ctx context.Context) {
	f := context.WithCancel
	ctx, cancel := f(ctx) // want `the cancel function of context.WithCancel is discarded`
	_ = ctx
	_ = cancel
}

func recursive(ctx context.Context, n int) (context.Context, context.CancelFunc) { // want recursive:"returnsCancel\\(1\\)"
	if n == 0 {
		return context.WithCancel(ctx)
	}
	return recursive(ctx, n-1)
}

func selectLoop(ctx context.Context, ch <-chan int) {
	for {
		cctx, cancel := context.WithCancel(ctx)
		select {
		case <-ch:
			cancel()
		case <-cctx.Done():
			cancel()
			return
		}
	}
}

func gotoCancel(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	if ctx == nil {
		goto out
	}
	_ = ctx
out:
	cancel()
}

func ptrParam(ctx context.Context, out *context.CancelFunc) context.Context {
	ctx, *out = context.WithCancel(ctx)
	return ctx
}

func arrayLocal(ctx context.Context) {
	var fs [2]func()
	_, fs[0] = context.WithCancel(ctx)
	for _, f := range fs {
		if f != nil {
			f()
		}
	}
}

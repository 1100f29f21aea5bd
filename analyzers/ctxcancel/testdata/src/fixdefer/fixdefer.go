package fixdefer

import (
	"context"
	"net/http"
	"time"
)

func do(ctx context.Context) error { return ctx.Err() }

func early(ctx context.Context, skip bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path: .*\(defer cancel\(\) right after the call\)`
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

// No fix: the leaking path passes the context to do, which may keep it.
func passed(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on every path: .*\(call cancel on that path once the context is no longer used; defer it only if nothing uses the context after the function returns\)`
	if err := do(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}

// From client-go's transport/cache.go: the goroutine started with the
// context's Done channel must go on after the return.
func rotating(run func(<-chan struct{}), rotate bool) (func(), error) {
	var cancel context.CancelFunc
	if rotate {
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background()) // want `not called on every path`
		go run(ctx.Done())
	}
	if !rotate {
		return nil, nil
	}
	if cancel != nil {
		return cancel, nil
	}
	return nil, nil
}

// From net/http's client.go: a function that returns a cancel for a
// context it put elsewhere (into req); the timer must live until the body
// is closed, not until the return.
func setRequestCancel(req *http.Request) (stop func()) { // want setRequestCancel:"returnsCancel\\(0\\)"
	ctx, cancel := context.WithCancel(req.Context())
	*req = *req.WithContext(ctx)
	return cancel
}

func send(req *http.Request, rt http.RoundTripper) (*http.Response, error) {
	stopTimer := setRequestCancel(req) // want `not called on every path: .*, and what it set up stays alive until its parent context is done or, if it has one, its deadline passes \(call stopTimer on that path once the context is no longer used`
	resp, err := rt.RoundTrip(req)
	if err != nil {
		stopTimer()
		return nil, err
	}
	return resp, nil
}

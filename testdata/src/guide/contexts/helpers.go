// Package contexts holds the "Context Usage" section of the concurrency
// guide: creating, checking and propagating contexts, all correct, and (in
// bugs.go) the cancel and loop mistakes ctxcancel and loopctx report.
package contexts

import (
	"context"
	"errors"
	"time"
)

type ctxKey int

const requestIDKey ctxKey = 0

var errEmpty = errors.New("empty")

var queue = []int{3, 2, 1}

func processItem() error {
	if len(queue) == 0 {
		return errEmpty
	}
	queue = queue[1:]
	return nil
}

func fetchData(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(time.Millisecond):
		return "data", nil
	}
}

func processResult(ctx context.Context, result string) error {
	if result == "" {
		return errEmpty
	}
	return ctx.Err()
}

func poll() { time.Sleep(10 * time.Millisecond) }

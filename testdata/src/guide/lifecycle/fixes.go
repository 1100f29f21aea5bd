package lifecycle

import (
	"context"
	"log"
	"time"
)

// sendWithTimeout is the guide's first FIX: select with a timeout.
func sendWithTimeout() <-chan string {
	ch := make(chan string)
	result := compute()
	go func() {
		select {
		case ch <- result:
		case <-time.After(5 * time.Second):
			log.Println("timeout sending result")
		}
	}()
	return ch
}

// sendBuffered is the guide's other FIX for the same leak: a buffered
// channel, so the single send never blocks.
func sendBuffered(timeout time.Duration) (string, bool) {
	ch := make(chan string, 1)
	go func() {
		ch <- compute()
	}()
	select {
	case r := <-ch:
		return r, true
	case <-time.After(timeout):
		return "", false
	}
}

// loopUntilCancelled is the guide's second FIX: use context for
// cancellation.
func loopUntilCancelled(ctx context.Context) {
	go func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			default:
				doWork()
			}
		}
	}(ctx)
}

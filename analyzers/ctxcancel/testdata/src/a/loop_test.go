package a

import (
	"context"
	"testing"
	"time"
)

// In tests only endless (polling) loops are reported: a counted loop runs a
// few times and its contexts die with the test.
func TestCounted(t *testing.T) {
	for i := 0; i < 2; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = work(ctx)
	}
	for _, d := range []time.Duration{time.Second, time.Minute} {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		_ = work(ctx)
	}
}

func TestPolling(t *testing.T) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `defer cancel\(\) in a loop`
		defer cancel()
		if work(ctx) == nil {
			return
		}
	}
}

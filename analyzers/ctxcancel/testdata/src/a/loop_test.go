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
	parent := context.Background()
	for {
		ctx, cancel := context.WithCancel(parent) // want `defer cancel\(\) in a loop`
		defer cancel()
		if work(ctx) == nil {
			return
		}
	}
}

// From grpc's end2end_test.go: a context with a deadline frees itself.
func TestPollingTimeout(t *testing.T) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if work(ctx) == nil {
			time.Sleep(time.Millisecond)
			continue
		}
		break
	}
}

// From raft's testing.go: the poll stops at a deadline set before it
// (t.Fatalf does not return).
func TestPollingUntilLimit(t *testing.T) {
	limitCh := time.After(time.Minute)
	events := make(chan struct{})
	for {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-ctx.Done() }()
		select {
		case <-limitCh:
			t.Fatalf("timeout waiting for stable state")
		case <-events:
		}
	}
}

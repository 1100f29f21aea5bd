package main

import (
	"context"
	"time"
)

func doWork() {}

func refresh() {
	for {
		time.Sleep(time.Minute)
		doWork()
	}
}

func main() {
	// Process-lifetime daemons: silent.
	go func() {
		for {
			doWork()
		}
	}()
	go refresh()
	start()
	ctx := context.Background()
	run(ctx)
}

func start() {
	go func() {
		for {
			doWork()
		}
	}()
}

// With a context in scope, package main is checked too.
func run(ctx context.Context) {
	go func(ctx context.Context) {
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it`
			doWork()
		}
	}(ctx)
}

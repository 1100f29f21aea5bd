package contexts

import (
	"context"
	"time"
)

// doWork is the guide's "Checking Cancellation".
func doWork(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err() // context.Canceled or context.DeadlineExceeded
		default:
			// Do one unit of work
			if err := processItem(); err != nil {
				return err
			}
		}
	}
}

// handler is the guide's "Propagating Context".
func handler(ctx context.Context) error {
	// Add timeout for this operation
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()

	// Pass to downstream calls
	result, err := fetchData(ctx)
	if err != nil {
		return err
	}

	return processResult(ctx, result)
}

// pollUntilDone loops on ctx.Err() and sleeps between polls.
func pollUntilDone(ctx context.Context) {
	go func() {
		for ctx.Err() == nil {
			poll()
		}
	}()
}

// tick selects on ctx.Done() next to a ticker.
func tick(ctx context.Context, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				poll()
			}
		}
	}()
}

// fetchLoop passes ctx to the blocking call and returns on its error.
func fetchLoop(ctx context.Context, out chan<- string) {
	go func() {
		for {
			d, err := fetchData(ctx)
			if err != nil {
				return
			}
			select {
			case out <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
}

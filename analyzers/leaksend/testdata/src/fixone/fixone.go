package fixone

import "context"

func compute() int { return 1 }

func first(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch blocks forever`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func sized(ctx context.Context) int {
	ch := make(chan int, 0)
	go func() {
		ch <- compute() // want `send on ch blocks forever`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

package a

import "context"

func produceAll[T any](out chan<- T, xs []T) {
	for _, x := range xs {
		out <- x // want `send on out blocks forever if firstGeneric stops receiving at line 19 before ch is closed: the loop receiving from ch returns there`
	}
	close(out)
}

// A generic named producer: the engine follows the instance to its generic
// body.
func firstGeneric[T comparable](xs []T, bad T) bool {
	ch := make(chan T)
	go produceAll(ch, xs)
	for v := range ch {
		if v == bad {
			return true
		}
	}
	return false
}

// A generic spawner with a literal sender.
func waitGeneric[T any](ctx context.Context, f func() T) (T, error) {
	ch := make(chan T)
	go func() {
		ch <- f() // want `send on ch blocks forever if waitGeneric returns`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

package basic

import (
	"context"
	"errors"
	"time"
)

// The shapes of issue 16, each with a silent neighbour.

// b. The goroutine sends on one of two channels; the spawner receives from
// either or times out.
func eitherOrTimeout(fn func() (int, error), d time.Duration) (int, error) {
	res, errc := make(chan int), make(chan error)
	go func() {
		v, err := fn()
		if err != nil {
			errc <- err // want "stuck send"
			return
		}
		res <- v // want "stuck send"
	}()
	select {
	case v := <-res:
		return v, nil
	case err := <-errc:
		return 0, err
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

// b, silent: both channels hold their value.
func eitherOrTimeoutBuffered(fn func() (int, error), d time.Duration) (int, error) {
	res, errc := make(chan int, 1), make(chan error, 1)
	go func() {
		v, err := fn()
		if err != nil {
			errc <- err
			return
		}
		res <- v
	}()
	select {
	case v := <-res:
		return v, nil
	case err := <-errc:
		return 0, err
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

// c. The channel is made in the loop; an iteration that leaves on the
// other case strands its sender.
func perIteration(ctx context.Context, jobs []func() int) int {
	sum := 0
	for _, job := range jobs {
		ch := make(chan int)
		go func() { ch <- job() }() // want "stuck send"
		select {
		case v := <-ch:
			sum += v
		case <-ctx.Done():
			continue
		}
	}
	return sum
}

// c, silent: the sender selects on ctx.Done() too.
func perIterationSelect(ctx context.Context, jobs []func() int) int {
	sum := 0
	for _, job := range jobs {
		ch := make(chan int)
		go func() {
			select {
			case ch <- job():
			case <-ctx.Done():
			}
		}()
		select {
		case v := <-ch:
			sum += v
		case <-ctx.Done():
			continue
		}
	}
	return sum
}

// e. A send on an unbuffered channel by the only goroutine that can reach
// it yet.
func sendsFirst() chan int {
	ch := make(chan int)
	ch <- 1 // want "stuck send"
	return ch
}

// e, silent: a buffer slot holds it.
func sendsFirstBuffered() chan int {
	ch := make(chan int, 1)
	ch <- 1
	return ch
}

// f. The consumer returns from its range on ctx while the producer keeps
// sending outside any select.
func consumerStops(ctx context.Context, xs []int) {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want "stuck send"
		}
		close(ch)
	}()
	for v := range ch {
		select {
		case <-ctx.Done():
			return
		default:
			_ = v
		}
	}
}

// f, silent: the producer selects on ctx.Done().
func consumerStopsSelect(ctx context.Context, xs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	for v := range ch {
		select {
		case <-ctx.Done():
			return
		default:
			_ = v
		}
	}
}

// g. A worker that polls its stop channel and sends in the default branch,
// after its consumer has gone. The other way round, a stop closed by the
// caller leaves the consumer waiting.
func pollingWorker(stop chan struct{}, n int) int {
	out := make(chan int)
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				out <- 1 // want "stuck send"
			}
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-out // want "stuck receive"
	}
	return sum
}

// g, silent: the consumer closes stop before it goes, and the send waits
// on it too.
func pollingWorkerStopped(n int) int {
	stop := make(chan struct{})
	out := make(chan int)
	go func() {
		for {
			select {
			case <-stop:
				return
			case out <- 1:
			}
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-out
	}
	close(stop)
	return sum
}

// h. A receive on a channel handed to a function of the package that never
// sends on it or closes it.
func handedToLogger(log func(string)) string {
	ch := make(chan string)
	go describe(ch, log)
	return <-ch // want "stuck receive"
}

func describe(ch chan string, log func(string)) { log("described") }

// h, silent: the helper sends.
func handedToReplier() string {
	ch := make(chan string)
	go reply(ch)
	return <-ch
}

func reply(ch chan string) { ch <- "done" }

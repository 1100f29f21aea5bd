package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// The worker pool with its closer goroutine.
func collect(jobs <-chan Job, n int) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- process(j)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

// The single producer closes in a defer.
func producer(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// A counted range: break after len(xs) values.
func counted(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }()
	}
	n, sum := 0, 0
	for v := range ch {
		sum += v
		n++
		if n == len(xs) {
			break
		}
	}
	return sum
}

// Return out of the range on the first value.
func first(xs []int) int {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		go func() { ch <- x }()
	}
	for v := range ch {
		return v
	}
	return 0
}

// The channel escapes: whoever gets it closes it.
func escapes() <-chan int {
	ch := make(chan int)
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	return ch
}

// Passed to a named function: it may close it.
func passed(xs []int) int {
	ch := make(chan int)
	go feed(ch, xs)
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func feed(ch chan<- int, xs []int) {
	defer close(ch)
	for _, x := range xs {
		ch <- x
	}
}

// A receive in a select with ctx.Done(): cancellation ends it.
func selectCtx(ctx context.Context) int {
	ch := make(chan int)
	go func() { _ = ch }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// A receive in a select with default never blocks.
func selectDefault() int {
	ch := make(chan int, 1)
	go func() { _ = ch }()
	select {
	case v := <-ch:
		return v
	default:
		return 0
	}
}

// A nil channel disables a case of the select.
func nilChan(ctx context.Context, in <-chan int) {
	var ch chan int
	for {
		select {
		case v := <-in:
			_ = v
		case ch <- 1:
		case <-ctx.Done():
			return
		}
	}
}

// Block forever on purpose.
func blockForever() {
	<-make(chan struct{})
}

// A producer that runs for the life of the program: the range is meant to
// run forever.
func forever(next func() int) {
	ch := make(chan int)
	go func() {
		for {
			ch <- next()
		}
	}()
	for v := range ch {
		_ = v
	}
}

// A bare receive matched by a send.
func handoff() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return <-ch
}

// A close on one path is enough to stay silent.
func closeOnError(xs []int, fail bool) int {
	ch := make(chan int, len(xs))
	go func() {
		if fail {
			close(ch)
			return
		}
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// errgroup senders with a closer.
func errgroupPool(ctx context.Context, xs []int) (int, error) {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	for _, x := range xs {
		g.Go(func() error {
			select {
			case ch <- x:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}
	go func() {
		g.Wait()
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum, g.Wait()
}

// A requeue: the consumer sends back until every value is down to zero,
// and then waits forever, for nothing closes q (a leak the engine finds).
func requeue(xs []int) {
	q := make(chan int, len(xs))
	go func() {
		for _, x := range xs {
			q <- x
		}
	}()
	for x := range q { // want `range over q never ends: q is never closed`
		if x > 0 {
			q <- x - 1
		}
	}
}

// Semaphore: sends and receives, never ranged.
func semaphore(xs []int) {
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_ = x
		}()
	}
	wg.Wait()
}

// Stored in a struct field: escapes.
type server struct{ reqs chan int }

func newServer() *server {
	s := &server{reqs: make(chan int)}
	go func() {
		for r := range s.reqs {
			_ = r
		}
	}()
	return s
}

// Closed through sync.Once by any of several stoppers.
func onceClose(xs []int) {
	ch := make(chan int)
	var once sync.Once
	for _, x := range xs {
		go func() {
			ch <- x
			once.Do(func() { close(ch) })
		}()
	}
	for v := range ch {
		_ = v
	}
}

// A named consumer: the report, if any, belongs where the channel is made.
func consume(ch <-chan int) int {
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func feedConsume(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	return consume(ch)
}

// Stored by a named function: escapes.
type holder struct{ ch chan int }

func (h *holder) keep(ch chan int) { h.ch = ch }

func stored(h *holder) {
	ch := make(chan int)
	h.keep(ch)
	go func() { ch <- 1 }()
	for v := range ch {
		_ = v
	}
}

// The same hand-off, to a function that closes the channel when the work
// is done.
func startWorkClose(done chan struct{}, work func()) {
	go func() {
		defer close(done)
		work()
	}()
}

func waitHandedClosed(work func()) {
	done := make(chan struct{})
	startWorkClose(done, work)
	<-done
}

// The same select, signalled on every path.
func waitEitherSignalled(work func() error) error {
	done := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		if err := work(); err != nil {
			errc <- err
			return
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case err := <-errc:
		return err
	}
}

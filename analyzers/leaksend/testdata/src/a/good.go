package a

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Buffered for the one sender.
func buffered(ctx context.Context) int {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Buffered for every sender of a ranged slice: the size is not constant.
func bufferedLen(xs []string) int {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		go func() { ch <- fetch(x) }()
	}
	return <-ch
}

// Buffered for two senders.
func bufferedTwo() error {
	errc := make(chan error, 2)
	go func() { _, err := work(); errc <- err }()
	go func() { _, err := work(); errc <- err }()
	return <-errc
}

// The send is a select case with ctx.Done().
func selectSend(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The send has a default.
func selectDefault(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		default:
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// Escapes: returned.
func returned() <-chan int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return ch
}

type holder struct{ ch chan int }

// Escapes: stored in a field.
func (h *holder) field() {
	ch := make(chan int)
	h.ch = ch
	go func() { ch <- compute() }()
}

func consume(ch chan int) { <-ch }

// Escapes: passed to a named function.
func passed(ctx context.Context) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	go consume(ch)
	if ctx.Err() != nil {
		return
	}
}

// Not an escape: the goroutine hands the channel to consume, which only
// receives; once ctx is done nothing receives the first value (a leak the
// engine finds).
func passedInside(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `send on ch blocks forever if passedInside returns at line 115 first: the select there stops receiving \(make ch buffered: make\(chan int, 1\)\)`
		consume(ch)
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Escapes: sent on another channel.
func sentOn(reg chan chan int) {
	ch := make(chan int)
	reg <- ch
	go func() { ch <- compute() }()
}

// Escapes: the receiving closure is returned.
func closureReturned() func() int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return func() int { return <-ch }
}

var global chan int

// Escapes: stored in a global.
func stored() {
	ch := make(chan int)
	global = ch
	go func() { ch <- 1 }()
}

// Received on every path.
func everyPath() (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	v := <-ch
	if err := check(); err != nil {
		return 0, err
	}
	return v, nil
}

// N receives for N senders in a counted loop.
func counted(xs []string) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- fetch(x) }()
	}
	sum := 0
	for range xs {
		sum += <-ch
	}
	return sum
}

// The guide's pipeline: generator and square stages.
func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n // want `send on out blocks forever if pipelineConsumer stops receiving before out is closed`
		}
		close(out)
	}()
	return out
}

// Fan-in with a closer goroutine, consumed by range to the close.
func fanIn(xs []string) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- fetch(x)
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// A producer that closes, consumed by range.
func rangeToClose() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 10 {
			ch <- i
		}
	}()
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

// Worker pool: workers receive jobs and send results; results drained.
func pool(jobs []int) int {
	in := make(chan int)
	out := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				out <- j * 2
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	go func() { wg.Wait(); close(out) }()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

// errgroup: the goroutine's function is handed to g.Go. Once the caller's
// ctx is done the select leaves, and g.Wait waits for a goroutine that
// nothing receives from any more: a deadlock, not a leak after a return.
func withErrgroup(ctx context.Context) error {
	ch := make(chan int)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		ch <- 1 // want `send on ch blocks forever: withErrgroup waits for this goroutine at line 269, and nothing receives from ch \(make ch buffered: make\(chan int, 1\)\)`
		return nil
	})
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return g.Wait()
}

// Silent: the same with the send in a select on the group's ctx.
func withErrgroupSelect(ctx context.Context) error {
	ch := make(chan int)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		select {
		case ch <- 1:
		case <-ctx.Done():
		}
		return nil
	})
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return g.Wait()
}

// A go statement's sender next to an errgroup sender: two senders, one
// receive (a leak the engine finds; the group is never waited for).
func withErrgroupAndGo(ctx context.Context) int {
	ch := make(chan int)
	var g errgroup.Group
	g.Go(func() error {
		ch <- 1 // want `send on ch blocks forever if withErrgroupAndGo returns at line 304 first: the select there stops receiving \(make ch buffered: make\(chan int, 2\)\)`
		return nil
	})
	go func() { ch <- 2 }() // want `send on ch blocks forever if withErrgroupAndGo returns`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The goroutine also receives.
func pingPong() int {
	ch := make(chan int)
	go func() {
		v := <-ch
		ch <- v + 1
	}()
	ch <- 1
	return <-ch
}

// Close only.
func closeOnly(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		compute()
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// Two receives for two senders.
func twoReceives() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { ch <- 2 }()
	return <-ch + <-ch
}

// A receive loop that runs until it has everything.
func receiveLoop(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	for {
		v, ok := <-ch
		if ok {
			return v
		}
	}
}

// Spawns on different branches: one sender on each path.
func branches(fast bool) int {
	ch := make(chan int)
	if fast {
		go func() { ch <- 1 }()
	} else {
		go func() { ch <- 2 }()
	}
	return <-ch
}

// A deferred literal drains the channel.
func deferredDrain(ctx context.Context) (int, error) {
	ch := make(chan int)
	defer func() { <-ch }()
	go func() { ch <- compute() }()
	if err := check(); err != nil {
		return 0, err
	}
	return 1, nil
}

// Reassigned variable (stored in a cell): taken to escape.
func reassigned(ctx context.Context) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if ctx.Err() != nil {
		ch = nil
		return
	}
	<-ch
}

// Two senders, one buffer slot, one receive: the other send is buffered.
func twoSendersBuffered() error {
	errc := make(chan error, 1)
	go func() { _, err := work(); errc <- err }()
	go func() { _, err := work(); errc <- err }()
	return <-errc
}

// A deferred recover sends only when the function panics; otherwise the
// normal end sends. Exactly one value per goroutine (apimachinery's
// TestConflictingAddKnownTypes).
func expectPanic(register func()) bool {
	panicked := make(chan bool)
	go func() {
		defer func() {
			if recover() != nil {
				panicked <- true
			}
		}()
		register()
		panicked <- false
	}()
	return <-panicked
}

// The reply channel travels in the request; the requester receives from
// it through its own variable (go-ethereum's skeleton.Sync).
type request struct {
	n    int
	errc chan error
}

type replier struct{ requests chan *request }

func (s *replier) loop() {
	for r := range s.requests {
		if r.n < 0 {
			r.errc <- context.Canceled
			continue
		}
		r.errc <- nil
	}
}

func (s *replier) do(n int) error {
	errc := make(chan error)
	s.requests <- &request{n: n, errc: errc}
	return <-errc
}

// Nothing receives, but the buffer holds the one value: the goroutine ends
// (beside bad.go's neverReceived).
func neverReceivedBuffered(work func() error) {
	done := make(chan error, 1)
	go func() {
		done <- work()
	}()
	work()
}

// The consumer returns early, but the buffer holds every value the
// producer sends (beside bad.go's firstLarge).
func firstLargeBuffered(xs []int) int {
	ch := make(chan int, len(xs))
	go func() {
		for _, x := range xs {
			if x > 0 {
				ch <- x
			} else {
				ch <- -x
			}
		}
		close(ch)
	}()
	for v := range ch {
		if v > 10 {
			return v
		}
	}
	return 0
}

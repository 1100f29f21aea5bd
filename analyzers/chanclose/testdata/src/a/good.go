package a

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// The guide's worker pool: close after wg.Wait().
func workerPool(jobs <-chan Job, results chan<- Result, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := range jobs {
				results <- process(j)
			}
		}(i)
	}
	wg.Wait()
	close(results)
}

// Fan-in with a closer goroutine.
func fanIn(inputs ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, ch := range inputs {
		wg.Add(1)
		go func(c <-chan int) {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}(ch)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Fan-out: a channel made per iteration, closed by its own goroutine.
func fanOut(in <-chan int, n int) []<-chan int {
	outs := make([]<-chan int, n)
	for i := 0; i < n; i++ {
		out := make(chan int)
		outs[i] = out
		go func(out chan<- int) {
			defer close(out)
			for v := range in {
				out <- v
			}
		}(out)
	}
	return outs
}

// The single producer closes in a defer.
func gen(xs ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	return out
}

// sync.Once guards the close.
type stopper struct {
	once sync.Once
	done chan struct{}
}

func (s *stopper) Stop() { s.once.Do(func() { close(s.done) }) }

func (s *stopper) run(n int) {
	for range n {
		go func() {
			s.Stop()
		}()
	}
}

// A flag under a mutex guards the close.
type guarded struct {
	mu     sync.Mutex
	closed bool
	ch     chan int
}

func (g *guarded) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed {
		g.closed = true
		close(g.ch)
	}
}

func (g *guarded) run(n int) {
	for range n {
		go func() {
			g.mu.Lock()
			if !g.closed {
				g.closed = true
				close(g.ch)
			}
			g.mu.Unlock()
		}()
	}
}

// The last goroutine out closes.
func lastOut(inputs []<-chan int) <-chan int {
	out := make(chan int)
	var n atomic.Int32
	n.Store(int32(len(inputs)))
	for _, in := range inputs {
		go func() {
			for v := range in {
				out <- v
			}
			if n.Add(-1) == 0 {
				close(out)
			}
		}()
	}
	return out
}

// A deferred close and an explicit close on paths that exclude each other.
func exclusive(ch chan int, fail bool) {
	if fail {
		close(ch)
		return
	}
	defer close(ch)
	ch <- 1
}

// Two closes on exclusive branches.
func branches(ch chan int, ok bool) {
	if ok {
		close(ch)
	} else {
		close(ch)
	}
}

// A channel made again after each close.
type resetter struct{ ch chan struct{} }

func (r *resetter) reset() {
	close(r.ch)
	r.ch = make(chan struct{})
	close(r.ch)
}

func remake(n int) {
	for range n {
		ch := make(chan int, 1)
		ch <- 1
		close(ch)
	}
}

// Sends in a select with ctx.Done() after the close is only signalled.
func selectSend(ctx context.Context, xs []int) {
	ch := make(chan int)
	for _, x := range xs {
		go func() {
			select {
			case ch <- x:
			case <-ctx.Done():
			}
		}()
	}
	<-ch
	close(ch)
}

// The receiver waits for every sender before closing.
func waitThenClose(xs []int) {
	ch := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- x
		}()
	}
	wg.Wait()
	close(ch)
}

// WaitGroup.Go senders with a closer.
func wgGo(xs []int) <-chan int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { ch <- x })
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	return ch
}

// errgroup senders, closed after g.Wait().
func errgroupSenders(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int, len(xs))
	for _, x := range xs {
		g.Go(func() error {
			ch <- x
			return nil
		})
	}
	err := g.Wait()
	close(ch)
	return err
}

// A loop that closes once and leaves.
func closeAndBreak(chs []chan int, done chan struct{}) {
	for _, c := range chs {
		if c == nil {
			close(done)
			break
		}
	}
}

// A goroutine started in a loop that leaves after the first start.
func startOnce(xs []int, done chan struct{}) {
	for _, x := range xs {
		if x > 0 {
			go func() {
				close(done)
			}()
			return
		}
	}
}

// Each goroutine closes its own channel, taken from the loop.
type worker struct{ done chan struct{} }

func startAll(ws []*worker) {
	for _, w := range ws {
		go func() {
			defer close(w.done)
		}()
	}
}

// The producer closes, the consumer drains: send before close in one goroutine.
func pipeline(xs []int) int {
	ch := make(chan int)
	go func() {
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

// A done channel received before closing.
func handshake(xs []int) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(done)
	}()
	for range xs {
		<-ch
	}
	<-done
	close(ch)
}

// Each goroutine runs a method that makes, and closes, its own channel.
type handler struct{}

func (h *handler) runPeer(work func()) {
	dead := make(chan struct{})
	defer close(dead)
	go func() {
		<-dead
	}()
	work()
}

func (h *handler) runAll(works []func()) {
	for _, w := range works {
		go h.runPeer(w)
	}
}

// A close that may panic, recovered on purpose.
func closeRecover(ch chan int) (err error) {
	defer func() {
		if recover() != nil {
			err = errClosed
		}
	}()
	close(ch)
	close(ch)
	return nil
}

var errClosed error

// Escaping channel closed by its producer only.
func escapingProducer(xs []int) <-chan int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		out <- x
	}
	close(out)
	return out
}

// Writing to a pipe may wait for the goroutine that reads it.
func writeThenClose(w io.Writer, xs []int) {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		go func() {
			ch <- x
		}()
	}
	fmt.Fprintf(w, "started %d\n", len(xs))
	close(ch)
}

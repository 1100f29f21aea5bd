package basic

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func work() {}

// Spawns: a literal with captures, in nested loops.
func nested(xs [][]int) {
	var wg sync.WaitGroup
	total := 0
	for _, row := range xs {
		for _, x := range row {
			wg.Add(1)   // want `wg.Add wg delta=1`
			go func() { // want `spawn go statement runs literal loops=2 args=0 captures=\[wg total x\] body`
				defer wg.Done() // want `wg.Done wg deferred`
				total += x
			}()
		}
	}
	wg.Wait() // want `wg.Wait wg`
	_ = total
}

type server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	wg    *sync.WaitGroup
	ch    chan int
	count int
}

func (s *server) loop(n int) {
	s.mu.Lock()         // want `Lock s.mu`
	defer s.mu.Unlock() // want `Unlock s.mu deferred`
	s.count += n
}

func (s *server) read() int {
	s.rw.RLock()         // want `RLock s.rw`
	defer s.rw.RUnlock() // want `RUnlock s.rw deferred`
	return s.count
}

// Spawns of named functions, methods and method values.
func starts(s *server, ch chan int) {
	go work()       // want `spawn go statement runs work loops=0 args=0 captures=\[\]`
	go s.loop(1)    // want `spawn go statement runs loop loops=0 args=2 captures=\[\] body`
	f := s.loop     //
	go f(2)         // want `spawn go statement runs loop loops=0 args=2 captures=\[\] body`
	go producer(ch) // want `spawn go statement runs producer loops=0 args=1 captures=\[\] body`
	var g func()
	go g() // want `spawn go statement runs \? loops=0 args=0 captures=\[\]`
}

func producer(out chan<- int) {
	defer close(out) // want `close out deferred nonblocking`
	for i := 0; i < 3; i++ {
		out <- i // want `send out`
	}
}

// Channels: make with capacity, bare and select operations, ranges.
func channels(ctx context.Context, n int) int {
	unbuf := make(chan int)     // want `make cap=0 ops=3`
	buf := make(chan int, 4)    // want `make cap=4 ops=2`
	dyn := make(chan int, n)    // want `make cap=-1 ops=1`
	done := make(chan struct{}) // want `make cap=0 ops=1`
	go func(c chan int) {       // want `spawn go statement runs literal loops=0 args=1 captures=\[\] body`
		c <- 1 // want `send make\(chan int\)`
	}(unbuf)
	go func() { // want `spawn go statement runs literal loops=0 args=0 captures=\[done buf ctx\] body`
		defer close(done) // want `close make\(chan struct{}\) deferred nonblocking`
		select {
		case buf <- 2: // want `send make\(chan int\) in select of 2 with default nonblocking`
		case <-ctx.Done(): // want `receive t[0-9]+ in select of 2 with default nonblocking`
		default:
		}
	}()
	select {
	case v := <-unbuf: // want `receive make\(chan int\) in select of 2`
		return v
	case <-time.After(time.Second): // want `receive t[0-9]+ in select of 2`
	}
	for v := range buf { // want `range make\(chan int\)`
		_ = v
	}
	dyn <- <-unbuf // want `send make\(chan int\)` `receive make\(chan int\)`
	return 0
}

// Goroutines started through WaitGroup.Go and errgroup.
func groups(ctx context.Context, items []int) error {
	var wg sync.WaitGroup
	for range items {
		wg.Go(func() { work() }) // want `spawn WaitGroup.Go runs literal loops=1 args=0 captures=\[\] group=wg` `wg.Go wg`
	}
	wg.Wait() // want `wg.Wait wg`

	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error { // want `spawn errgroup.Group.Go runs literal loops=1 args=0 captures=\[it ctx\] group=t[0-9]+`
			_, _ = it, ctx
			return nil
		})
	}
	return g.Wait()
}

// Contexts and their cancel functions.
func contexts(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)              // want `context.WithCancel cancel=true`
	defer cancel()                                         //
	ctx2, _ := context.WithTimeout(ctx, time.Second)       // want `context.WithTimeout cancel=false`
	ctx3, stop := signal.NotifyContext(ctx2, os.Interrupt) // want `signal.NotifyContext cancel=true`
	_, cc := context.WithCancelCause(ctx3)                 // want `context.WithCancelCause cancel=true`
	cc(nil)
	stop()
}

var (
	gmu sync.Mutex
	gch = make(chan int, 1) // want `make cap=1 ops=0`
)

// Package variables, and a field holding a channel.
func globals(s *server) {
	gmu.Lock()   // want `Lock gmu`
	gch <- 1     // want `send gch`
	gmu.Unlock() // want `Unlock gmu`
	s.ch <- 1    // want `send s.ch`
	s.wg.Done()  // want `wg.Done s.wg`
}

// A captured variable reassigned by the closure is not resolved to one
// store.
func reassigned() {
	ch := make(chan int) // want `make cap=0 ops=0`
	go func() {          // want `spawn go statement runs literal loops=0 args=0 captures=\[ch\] body`
		ch = make(chan int, 1) // want `make cap=1 ops=0`
		ch <- 1                // want `send ch`
	}()
}

// A channel captured by goroutines started in a loop, received from in
// another loop after a Wait (runtime_test.go's shape).
func histogram(n int) int {
	var wg sync.WaitGroup
	hs := make(chan [2]int) // want `make cap=0 ops=2`
	for range n {
		wg.Add(1)   // want `wg.Add wg delta=1`
		go func() { // want `spawn go statement runs literal loops=1 args=0 captures=\[n wg hs\] body`
			var h [2]int
			for {
				if h[0] > n {
					wg.Done() // want `wg.Done wg`
					hs <- h   // want `send make\(chan \[2\]int\)`
					return
				}
				h[0]++
			}
		}()
	}
	wg.Wait() // want `wg.Wait wg`
	total := 0
	for range n {
		h := <-hs // want `receive make\(chan \[2\]int\)`
		total += h[0]
	}
	return total
}

// Package sem exercises the explorer's semantics of each primitive: every
// stuck operation is marked, every silent neighbour is correct code.
package sem

import (
	"context"
	"os"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func unknown() bool { return os.Getpid() > 1 }

// WaitGroup: Wait returns once every Done ran.
func wgOK() {
	var wg sync.WaitGroup
	ch := make(chan int, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- 1
		}()
	}
	wg.Wait()
}

// WaitGroup: a goroutine it counts is stuck, so Wait never returns (shape i).
func wgStuck() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- 1 // want "stuck send"
	}()
	wg.Wait() // want "stuck wait victim"
}

// WaitGroup.Go counts the goroutine itself.
func wgGo() {
	var wg sync.WaitGroup
	wg.Go(func() {})
	wg.Wait()
}

// errgroup: Wait waits for its goroutines; the context is cancelled on the
// first error.
func groupOK(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		select {
		case ch <- 1:
		case <-ctx.Done():
		}
		return nil
	})
	return g.Wait()
}

// Mutex: two goroutines take two locks in opposite orders.
func lockOrder() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock() // want "stuck lock"
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	b.Lock()
	a.Lock() // want "stuck lock"
	a.Unlock()
	b.Unlock()
	<-done
}

// Mutex: the same order is fine.
func lockSameOrder() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock()
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	<-done
}

// Cond: a Signal before the Wait is lost without a predicate.
func condLost() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	c.Wait() // want "stuck cond"
	mu.Unlock()
}

// Cond: with the predicate loop the Wait returns.
func condOK() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	mu.Unlock()
}

// Contexts: cancel closes Done, and the children's.
func cancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	child, stop := context.WithCancel(ctx)
	defer stop()
	cancel()
	<-child.Done()
}

// A context nothing cancels: Done never closes.
func neverCancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _ = cancel }()
	<-ctx.Done() // want "stuck receive"
}

// A deadline closes Done by itself.
func deadline() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	<-ctx.Done()
}

// A nil channel blocks forever.
func nilChan() {
	var ch chan int
	go func() { ch <- 1 }() // want "stuck send"
}

// A select with default never blocks.
func selectDefault() {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		default:
		}
	}()
}

// A receive from a closed channel returns at once; a range ends.
func closedRange() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	for range ch {
	}
	<-ch
}

// A timer's channel receives a value.
func timer() {
	t := time.NewTimer(time.Second)
	<-t.C
	<-time.After(time.Second)
}

// A field nothing in the package receives from (shape d).
type notifier struct{ events chan string }

func newNotifier() *notifier { return &notifier{events: make(chan string)} }

func (n *notifier) notify(s string) {
	n.events <- s // want "stuck send"
}

// A field something receives from: silent.
type queue struct{ items chan int }

func (q *queue) put(i int) { q.items <- i }
func (q *queue) get() int  { return <-q.items }

// A channel that escapes through a package variable others may reach.
var Events = make(chan int)

func publish() { Events <- 1 }

// Deferred operations run at return.
func deferred() {
	ch := make(chan int)
	defer func() { <-ch }()
	go func() { ch <- 1 }()
}

// A goroutine whose path panics is not stuck.
func panics() {
	ch := make(chan int)
	go func() {
		if unknown() {
			panic("no")
		}
		ch <- 1 // want "stuck send"
	}()
}

// Method values and named functions.
type worker struct{ out chan int }

func (w worker) run() { w.out <- 1 }

func methodValue() int {
	w := worker{out: make(chan int)}
	f := w.run
	go f()
	return <-w.out
}

// The same condition decides the same way within a goroutine.
func sameCond(fast bool) int {
	ch := make(chan int)
	go func() {
		if fast {
			ch <- 1
		}
	}()
	if fast {
		return <-ch
	}
	return 0
}

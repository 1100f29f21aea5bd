package a

import (
	"sync"
	"time"
)

// Issue 16's shapes a, d and i, each with a silent neighbour.

// a. The select on a timer falls off the end of the function: no return
// statement, and after the timeout nothing receives.
func finish(timeout time.Duration, fn func() error) {
	ch := make(chan bool)
	go func() {
		fn()
		ch <- true // want `send on ch blocks forever if finish returns at line 22 first: the select at line 18 stops receiving \(make ch buffered: make\(chan bool, 1\)\)`
	}()
	select {
	case <-ch:
	case <-time.After(timeout):
	}
}

// Silent: the buffer holds the one value.
func finishBuffered(timeout time.Duration, fn func() error) {
	ch := make(chan bool, 1)
	go func() {
		fn()
		ch <- true
	}()
	select {
	case <-ch:
	case <-time.After(timeout):
	}
}

// d. A channel field the package sends on, and nothing in the package
// receives from (the type and its field are unexported: no other package
// can).
type notifier struct{ events chan string }

func newNotifier() *notifier { return &notifier{events: make(chan string)} }

func (n *notifier) notify(s string) {
	n.events <- s // want `send on n.events blocks forever: nothing in the package receives from the field events \(receive from it, or drop the send\)`
}

// Silent: the same field with a receiver in the package.
type forwarder struct{ events chan string }

func newForwarder() *forwarder { return &forwarder{events: make(chan string)} }

func (r *forwarder) notify(s string) { r.events <- s }

func (r *forwarder) next() string { return <-r.events }

// i. Wait cannot return: a goroutine it counts is stuck on a send that
// nothing receives once the function stopped receiving.
func waitAll(xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- x // want `send on ch blocks forever: waitAll waits for this goroutine at line 70, and nothing receives from ch`
		}()
	}
	first := <-ch
	wg.Wait()
	return first
}

// Silent: the closer waits, the function ranges to the close.
func waitAllRange(xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- x
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

package a

import (
	"fmt"
	"sync"
)

type Job int
type Result int

func process(j Job) Result { return Result(j) }

// Every sender closes the shared output.
func fanInCloseEach(inputs ...<-chan int) <-chan int {
	out := make(chan int)
	for _, ch := range inputs {
		go func(c <-chan int) {
			for v := range c {
				out <- v
			}
			close(out) // want `out is closed by every goroutine started in this loop: the second close panics`
		}(ch)
	}
	return out
}

// Every worker closes done in a defer.
func (p *pool) start(n int) {
	for range n {
		go func() {
			defer close(p.done) // want `p.done is closed by every goroutine started in this loop`
			p.work()
		}()
	}
}

type pool struct {
	done chan struct{}
	work func()
}

// Two goroutines, one after the other, both close quit.
func twoClosers(quit chan struct{}, a, b func()) {
	go func() {
		a()
		close(quit)
	}()
	go func() {
		b()
		close(quit) // want `quit is closed by two goroutines`
	}()
}

// Closed before the workers are done.
func workerPoolEarlyClose(jobs <-chan Job, results chan<- Result, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := range jobs {
				results <- process(j) // want `send on results can run after close\(results\) on line \d+`
			}
		}(i)
	}
	close(results)
	wg.Wait()
}

// The receiver closes the channel to stop the senders.
func receiverCloses(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() {
			ch <- x // want `send on ch can run after its receiver closes it`
		}()
	}
	v := <-ch
	close(ch)
	return v
}

// The closer goroutine does not wait.
func closerNoWait(xs []int) chan int {
	ch := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- x // want `send on ch can run after the goroutine started on line \d+ closes it`
		}()
	}
	go func() {
		close(ch)
	}()
	return ch
}

// defer close while the senders run.
func deferredEarly(xs []int) {
	ch := make(chan int, len(xs))
	defer close(ch)
	for _, x := range xs {
		go func() {
			ch <- x // want `send on ch can run after close\(ch\)`
		}()
	}
}

// Closed twice on one path.
func closeTwice(ch chan int, err error) {
	close(ch)
	if err != nil {
		close(ch) // want `ch is closed twice`
	}
}

// A deferred close and an explicit one before return.
func deferAndClose(ch chan int, fail bool) {
	defer close(ch)
	if fail {
		close(ch) // want `ch is closed twice: after this close\(ch\) the deferred close`
		return
	}
	ch <- 1
}

// Closed in every iteration.
func closeInLoop(chs []chan int, done chan struct{}) {
	for _, c := range chs {
		_ = c
		close(done) // want `done is closed on every iteration of the loop`
	}
}

// A send after the close.
func sendAfterClose(ch chan int) {
	ch <- 1
	close(ch)
	ch <- 2 // want `send on ch after close\(ch\) on line \d+`
}

// Logging between the spawn and the close does not wait for anyone.
func logThenClose(xs []int) {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		go func() {
			ch <- x // want `send on ch can run after close\(ch\)`
		}()
	}
	fmt.Printf("started %d\n", len(xs))
	close(ch)
}

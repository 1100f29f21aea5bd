// Package bounds has roots that hit each bound of the explorer.
package bounds

import "os"

func unknown() bool { return os.Getpid() > 1 }

// A server loop: one goroutine per accepted connection, for ever, each
// serving until the process ends.
func serve(conns chan chan int) {
	for c := range conns {
		go func() {
			for range c {
			}
		}()
	}
}

// Counting up to an unknown number: the scope bound.
func count(n int) int {
	ch := make(chan int, n)
	for i := 0; i < n; i++ {
		ch <- i
	}
	return len(ch)
}

// Many independent goroutines and branches: the state bound.
func many() {
	a, b, c := make(chan int), make(chan int), make(chan int)
	for _, ch := range []chan int{a, b, c} {
		go func() {
			for unknown() {
				ch <- 1
			}
			close(ch)
		}()
	}
	for {
		select {
		case <-a:
		case <-b:
		case <-c:
		}
		if unknown() {
			return
		}
	}
}

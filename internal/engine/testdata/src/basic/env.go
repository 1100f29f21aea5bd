package basic

import "io"

// What the environment decides: how often it calls back, what an unknown
// call returns. Stuck says so (Fed, EnvFork) for the checks to weigh.

// A callback handed to unknown code sends on ch as often as the
// environment calls it; the root forwards each value into a buffer of one
// that it drains itself. Two calls before a drain fill it: the root is
// stuck only because the environment called back twice (client-go's
// createHTTPStreams in spdy_test.go, which expects at most four streams).
func callbackFed(register func(func(int))) {
	ch := make(chan int)
	register(func(v int) { ch <- v })
	buf := make(chan int, 1)
	for {
		select {
		case v := <-ch:
			buf <- v // want `^stuck send fed$`
		case <-buf:
			return
		}
	}
}

// The same forwarding from a goroutine of the root: nothing of the
// environment, the root's second value is stuck for any environment.
func forwardOwn() {
	ch := make(chan int)
	go func() {
		ch <- 1
		ch <- 2
	}()
	buf := make(chan int, 1)
	for i := 0; i < 2; i++ {
		v := <-ch
		buf <- v // want `^stuck send$`
	}
}

// A reader loop sends a value per Read until an error: whether it sends a
// third value is for r to say; the root takes two (io's TestPipe2, whose
// reader sends once more only if Read returns no EOF after Close).
func readTwo(r io.Reader) int {
	c := make(chan int)
	go func() {
		buf := make([]byte, 8)
		for {
			n, err := r.Read(buf)
			if err != nil {
				c <- 0 // want `^stuck send envfork$`
				return
			}
			c <- n // want `^stuck send envfork$`
		}
	}()
	return <-c + <-c // want `stuck receive`
}

// The goroutine's one send does not branch on its environment: the
// spawner that stops after the first value strands the second goroutine
// whatever Read returns.
func readFirst(r io.Reader) int {
	c := make(chan int)
	for range 2 {
		go func() {
			n, _ := r.Read(make([]byte, 8))
			c <- n // want `^stuck send$`
		}()
	}
	return <-c
}

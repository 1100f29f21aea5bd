package basic

import (
	"context"
	"io"
)

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

// The root takes three values from a reader that sends one per Read until
// EOF: whether the reader stops early is its environment's choice, and
// the root's stuck receive says so.
func readThree(r io.Reader) int {
	c := make(chan int)
	go func() {
		buf := make([]byte, 8)
		for {
			n, err := r.Read(buf)
			if err == io.EOF {
				return
			}
			c <- n // want `^stuck send envfork proto$`
		}
	}()
	a := <-c           // want `^stuck receive partnerenv proto$`
	b := <-c           // want `^stuck receive partnerenv proto$`
	return a + b + <-c // want `^stuck receive partnerenv proto$`
}

// A partner that never branches: the root's third receive is stuck for
// any environment.
func sendTwo() int {
	c := make(chan int)
	go func() {
		c <- 1
		c <- 2
	}()
	a := <-c
	b := <-c
	return a + b + <-c // want `^stuck receive$`
}

// decode does nothing concurrent and is too large to run: its summary
// says what it does, not what it returns.
func decode(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		case c == ' ':
		default:
			return 0, false
		}
	}
	return n, true
}

// The root branches on what the summarised decode returned: envfork.
func decided(b []byte) {
	done := make(chan struct{})
	if _, ok := decode(b); ok {
		go close(done)
	}
	<-done // want `^stuck receive envfork proto$`
}

// A select whose stop case fires because code the engine does not see
// closed that channel (the package only ever closes stopper.done): which
// case ran was the environment's choice.
type stopper struct {
	out  chan *chan int
	done chan struct{}
}

func (s *stopper) stop() { close(s.done) }

func (s *stopper) drain() {
	for c := range s.out {
		close(*c)
	}
}

func (s *stopper) stopFirst() {
	c := make(chan int)
	select {
	case s.out <- &c:
	case <-s.done:
	}
	<-c // want `^stuck receive envfork proto$`
}

type pair struct {
	ch  chan int
	tag string
}

// A struct value that holds the channel goes into an interface handed to
// unknown code: what it holds escapes with it. Nothing is stuck.
func boxed(keep func(any)) {
	ch := make(chan int)
	keep(pair{ch: ch, tag: "x"})
	<-ch
}

// A constructor returns the channel in a struct value: its caller holds
// it. Nothing is stuck.
func makePair() pair {
	ch := make(chan int)
	go func() {
		<-ch
	}()
	return pair{ch: ch}
}

// A goroutine that returns when its call fails, before it sends: the
// partner branched only on the failure, the failure-path bug.
func failFirst(get func() (int, error)) int {
	c := make(chan int)
	go func() {
		v, err := get()
		if err != nil {
			return
		}
		c <- v
	}()
	return <-c // want `^stuck receive partnerenv$`
}

// A reader that stops when Read fails: the root's first receive waits on
// a reader that failed before it sent (the failure path), its second on
// one that sent in its loop and then failed (how many values it sends is
// its environment's to say).
func readUntilFail(r io.Reader) int {
	c := make(chan int)
	go func() {
		buf := make([]byte, 8)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			c <- n // want `^stuck send envfork$`
		}
	}()
	a := <-c // want `^stuck receive partnerenv$`
	b := <-c // want `^stuck receive partnerenv proto$`
	return a + b
}

// Two sends in a row, the second only if a call succeeds: the count was
// fixed before the failure, which is the failure path.
func sendThenFail(get func() error) int {
	c := make(chan int)
	go func() {
		c <- 1
		if err := get(); err != nil {
			return
		}
		c <- 2
	}()
	a := <-c
	return a + <-c // want `^stuck receive partnerenv$`
}

// A reader on another channel does not decide what nobody closes.
func otherReader(r io.Reader) {
	c := make(chan int, 1)
	go func() {
		buf := make([]byte, 8)
		for {
			n, err := r.Read(buf)
			if err == io.EOF {
				return
			}
			select {
			case c <- n:
			default:
			}
		}
	}()
	done := make(chan struct{})
	go func() { _ = cap(done) }()
	<-done // want `^stuck receive$`
}

// A worker that returns when ctx is cancelled, before it sends: a
// cancellation is a failure the code must handle.
func cancelled(ctx context.Context, work <-chan int) int {
	out := make(chan int)
	go func() {
		select {
		case <-ctx.Done():
			return
		case r := <-work:
			out <- r
		}
	}()
	return <-out // want `^stuck receive partnerenv$`
}

// A struct value handed to a function value: what it holds escapes.
// Nothing is stuck.
func handed(keep func(pair)) {
	ch := make(chan int)
	keep(pair{ch: ch})
	<-ch
}

package a

import (
	"context"
	"io"
	"time"
)

// What the environment decides is not the goroutine's bug: how often a
// callback handed to another package is called, whether a reader gives
// one more value than its consumer takes.

// Silent: the callback sends a stream per call; the function forwards
// each into a buffer of four that it drains itself. Only a fifth call
// before a drain would block it, and how often the caller calls back is
// its protocol (client-go's createHTTPStreams in spdy_test.go).
func collectStreams(upgrade func(func(int) error)) []int {
	streamCh := make(chan int)
	upgrade(func(s int) error {
		streamCh <- s
		return nil
	})
	replyChan := make(chan struct{}, 4)
	var got []int
	for {
		select {
		case s := <-streamCh:
			replyChan <- struct{}{}
			got = append(got, s)
		case <-replyChan:
			if len(got) == 4 {
				return got
			}
		}
	}
}

// Silent: a reader loop sends a value per Read and a last one at EOF; the
// test takes exactly as many as it wrote. The reader sends one more only
// if Read misses the EOF, which the engine cannot rule out and io.Pipe
// does (io's TestPipe2).
func readAll(r io.Reader, w io.WriteCloser) int {
	c := make(chan int)
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := r.Read(buf)
			if err == io.EOF {
				c <- 0
				return
			}
			c <- n
		}
	}()
	total := 0
	for i := 0; i < 3; i++ {
		w.Write([]byte("abc"))
		total += <-c
	}
	w.Close()
	<-c
	return total
}

// The same reader, but the consumer stops at the first short read while
// the reader still has values to send: reported whatever Read returns.
func firstShort(r io.Reader) int {
	c := make(chan int)
	go func() {
		defer close(c)
		buf := make([]byte, 64)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			c <- n // want `send on c blocks forever if firstShort stops receiving at line 82 before c is closed: the loop receiving from c returns there`
		}
	}()
	for n := range c {
		if n < 64 {
			return n
		}
	}
	return 0
}

// Silent: the test takes the two values it queued, then checks with a
// timeout that no third comes; the popper sends a third only if Pop
// returns more than was queued (client-go's TestRealFIFO_addReplace, which
// then waits for the popper to end).
type queue interface {
	Pop() (int, bool)
	Close()
}

func queuedTwo(q queue, unexpected func(int)) {
	got := make(chan int, 1)
	go func() {
		for {
			v, ok := q.Pop()
			if !ok {
				break
			}
			got <- v
		}
	}()
	<-got
	<-got
	select {
	case v := <-got:
		unexpected(v)
	case <-time.After(time.Millisecond):
	}
	q.Close()
}

// The same reader, with a consumer that leaves its select loop on ctx
// while the reader keeps sending: reported.
func readUntilCancel(ctx context.Context, r io.Reader) {
	c := make(chan int)
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			c <- n // want `send on c blocks forever if readUntilCancel returns`
		}
	}()
	for {
		select {
		case n := <-c:
			_ = n
		case <-ctx.Done():
			return
		}
	}
}

// Silent: the callback the query runs signals processing and waits; the
// goroutine signals once more when Exec returns. The function takes two
// signals: if code outside sent both (calling the callback twice), the
// goroutine's would be left, but how often it calls back is its protocol
// (prometheus' TestQueryCancel).
func twoSignals(exec func(func())) {
	block := make(chan struct{})
	processing := make(chan struct{})
	go func() {
		exec(func() {
			processing <- struct{}{}
			<-block
		})
		processing <- struct{}{}
	}()
	<-processing
	block <- struct{}{}
	<-processing
}

package a

import (
	"context"
	"errors"
	"log"
	"sync"
	"testing"
	"time"
)

// Shape 2: a consumer loop of F stops receiving early while the producer
// it started has more to send.

// The guide's firstNegative: the range returns at the first match.
func firstNeg(xs []int) (int, bool) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // want `send on ch blocks forever if firstNeg stops receiving at line 26 before ch is closed: the loop receiving from ch returns there \(make ch buffered: make\(chan int, len\(xs\)\)\)`
		}
	}()
	for v := range ch {
		if v < 0 {
			return v, true
		}
	}
	return 0, false
}

// A break out of the range, and nothing receives after it; the producer
// sends without end, so no buffer is big enough.
func breakOut() int {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i // want `send on ch blocks forever if breakOut stops receiving before ch is closed: the loop receiving from ch at line 42 ends early and nothing receives after it \(send in a select with ctx.Done\(\) or a done channel that breakOut closes when it stops receiving\)`
		}
	}()
	sum := 0
	for v := range ch {
		if v > 100 {
			break
		}
		sum += v
	}
	return sum
}

type result struct {
	v   int
	err error
}

// One goroutine per input, a closer after wg.Wait(), and a consumer that
// returns on the first error: the other senders block.
func firstError(xs []string) ([]int, error) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- result{v: fetch(x)} // want `send on results blocks forever if firstError stops receiving at line 75 .*make\(chan result, len\(xs\)\)`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.v)
	}
	return out, nil
}

// A receive loop with comma-ok that returns on a bad value.
func commaOk() error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 10 {
			ch <- i // want `send on ch blocks forever if commaOk stops receiving at line 97 before ch is closed`
		}
	}()
	for {
		v, ok := <-ch
		if !ok {
			return nil
		}
		if v == 3 {
			return errors.New("three")
		}
	}
}

// A select in the consumer loop whose other case returns.
func selectConsumer(ctx context.Context) error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 10 {
			ch <- i // want `send on ch blocks forever if selectConsumer returns at line 119 first: the select there stops receiving \(make ch buffered: make\(chan int, 10\)\)`
		}
	}()
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return nil
			}
			_ = v
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// One value, awaited in a loop that logs progress and gives up on ctx.
func progressLoop(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch blocks forever if progressLoop returns at line 139 first: the select there stops receiving \(make ch buffered: make\(chan int, 1\)\)`
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-ch:
			return v
		case <-tick.C:
			log.Print("waiting")
		case <-ctx.Done():
			return 0
		}
	}
}

// Silent: the producer sends in a select on a done channel that F closes
// on every return.
func doneClosed(xs []int) (int, bool) {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-done:
				return
			}
		}
	}()
	for v := range ch {
		if v < 0 {
			return v, true
		}
	}
	return 0, false
}

// Silent: the producer sends in a select on ctx.Done() and F cancels.
func cancelled(ctx context.Context, xs []int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

// Silent: F drains the rest after the break.
func drainAfter(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	first := 0
	for v := range ch {
		if v < 0 {
			first = v
			break
		}
	}
	for range ch {
	}
	return first
}

// Silent: the early exit fails the test.
func TestConsumer(t *testing.T) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 10 {
			ch <- i
		}
	}()
	for v := range ch {
		if v < 0 {
			t.Fatalf("negative %d", v)
		}
	}
}

// Silent: the early exit ends the program.
func mustPositive(xs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	for v := range ch {
		if v < 0 {
			log.Fatalf("negative %d", v)
		}
	}
}

// Silent: buffered for every send.
func bufferedProducer(xs []int) (int, bool) {
	ch := make(chan int, len(xs))
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	for v := range ch {
		if v < 0 {
			return v, true
		}
	}
	return 0, false
}

// Silent: a counted exit, once every sender has been received.
func countedExit(xs []string) []int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- fetch(x) }()
	}
	var out []int
	n := 0
	for v := range ch {
		out = append(out, v)
		n++
		if n == len(xs) {
			break
		}
	}
	return out
}

// Silent: one sender, one send; the range returns after receiving it.
func oneValue() error {
	ch := make(chan error)
	go func() {
		defer close(ch)
		ch <- check()
	}()
	for err := range ch {
		if err != nil {
			return err
		}
	}
	return nil
}

// Silent: a sentinel protocol: the producer sends nil last, the loop has no
// close to wait for.
func sentinel(xs []string) int {
	ch := make(chan *string)
	go func() {
		for i := range xs {
			ch <- &xs[i]
		}
		ch <- nil
	}()
	n := 0
	for {
		v := <-ch
		if v == nil {
			break
		}
		n += len(*v)
	}
	return n
}

// Silent: the other case hears from the closer, which waits for every
// sender.
func closerSignal() int {
	ch := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ch <- 1 }()
	go func() { defer wg.Done(); ch <- 2 }()
	go func() { wg.Wait(); close(done) }()
	sum := 0
	for {
		select {
		case v := <-ch:
			sum += v
		case <-done:
			return sum
		}
	}
}

// The guide's pipeline consumer returns on the first square above ten
// while the last stage still has a value to send: the stages leak (the
// report is on the send of sq in good.go).
func pipelineConsumer() int {
	for n := range sq(sq(gen(2, 3))) {
		if n > 10 {
			return n
		}
	}
	return 0
}

// Silent: fan-in with a closer after wg.Wait(), consumed to the close.
func fanInAll(xs []string) []int {
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
	var out []int
	for v := range ch {
		if v < 0 {
			continue
		}
		out = append(out, v)
	}
	return out
}

// A labeled break out of the select loop on ctx.Done().
func labeled(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 10 {
			ch <- i // want `send on ch blocks forever if labeled returns at line 395 first: the select at line 385 stops receiving \(make ch buffered: make\(chan int, 10\)\)`
		}
	}()
	sum := 0
loop:
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				break loop
			}
			sum += v
		case <-ctx.Done():
			break loop
		}
	}
	return sum
}

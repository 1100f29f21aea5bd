package channels

import (
	"context"
	"fmt"
	"sync"
)

// fanOut is the guide's "Fan-Out (1 sender, N receivers)".
func fanOut(input <-chan int, workers int) []<-chan int {
	outputs := make([]<-chan int, workers)
	for i := 0; i < workers; i++ {
		out := make(chan int)
		outputs[i] = out
		go func(in <-chan int, out chan<- int) {
			defer close(out)
			for v := range in {
				out <- process(v)
			}
		}(input, out)
	}
	return outputs
}

// fanIn is the guide's "Fan-In (N senders, 1 receiver)".
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

// pipeline is the guide's "Pipeline".
func pipeline() {
	// Stage 1: Generate
	gen := func(nums ...int) <-chan int {
		out := make(chan int)
		go func() {
			defer close(out)
			for _, n := range nums {
				out <- n
			}
		}()
		return out
	}

	// Stage 2: Square
	sq := func(in <-chan int) <-chan int {
		out := make(chan int)
		go func() {
			defer close(out)
			for n := range in {
				out <- n * n
			}
		}()
		return out
	}

	// Use pipeline
	for n := range sq(sq(gen(2, 3))) {
		fmt.Println(n) // 16, 81
	}
}

// processWithLimit is the guide's "Semaphore (Limit Concurrency)".
func processWithLimit(items []Item, maxConcurrent int) {
	sem := make(chan struct{}, maxConcurrent)
	var wg sync.WaitGroup

	for _, item := range items {
		wg.Add(1)
		sem <- struct{}{} // Acquire

		go func(it Item) {
			defer wg.Done()
			defer func() { <-sem }() // Release

			processItem(it)
		}(item)
	}

	wg.Wait()
}

// orDone is the guide's "Or-Done Channel".
func orDone(done <-chan struct{}, c <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			select {
			case <-done:
				return
			case v, ok := <-c:
				if !ok {
					return
				}
				select {
				case out <- v:
				case <-done:
					return
				}
			}
		}
	}()
	return out
}

// queryFirst is the guide's "First-Response Pattern": the buffer of
// len(urls) lets every sender finish after the first answer is taken.
func queryFirst(ctx context.Context, urls []string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan string, len(urls))

	for _, url := range urls {
		go func(u string) {
			if resp, err := fetch(ctx, u); err == nil {
				results <- resp
			}
		}(url)
	}

	select {
	case result := <-results:
		return result, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// sumAll drains a counted number of answers: one receive for every sender,
// on every path, so an unbuffered channel is fine.
func sumAll(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func(x int) {
			ch <- process(x)
		}(x)
	}
	total := 0
	for range xs {
		total += <-ch
	}
	return total
}

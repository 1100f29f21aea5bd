package channels

import "context"

// queryFirstUnbuffered is the guide's first-response pattern without its
// buffer: after the first answer (or cancellation) queryFirstUnbuffered
// returns, and every other sender blocks forever on the unbuffered channel.
func queryFirstUnbuffered(ctx context.Context, urls []string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan string)

	for _, url := range urls {
		go func(u string) {
			if resp, err := fetch(ctx, u); err == nil {
				results <- resp // LEAK(leaksend): only the first of len(urls) senders is received // want `leaksend: send on results blocks forever if queryFirstUnbuffered returns`
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

// firstNegative stops ranging over the producer's channel at the first
// match; the producer it started stays blocked on its next send.
func firstNegative(xs []int) (int, bool) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // LEAK(leaksend): firstNegative stops ranging at the first match // want `leaksend: send on ch blocks forever if firstNegative stops receiving at line 42 before ch is closed`
		}
	}()
	for v := range ch {
		if v < 0 {
			return v, true
		}
	}
	return 0, false
}

// fanInNoCloser is the guide's fan-in without the closer goroutine
// (wg.Wait(); close(out)): the senders finish, nobody closes out, and the
// range below blocks forever after the last value.
func fanInNoCloser(inputs ...<-chan int) int {
	out := make(chan int)
	for _, ch := range inputs {
		go func(c <-chan int) {
			for v := range c {
				out <- v
			}
		}(ch)
	}
	total := 0
	for v := range out { // LEAK(leakrecv): out is never closed // want `leakrecv: range over out never ends: out is never closed`
		total += v
	}
	return total
}

// fanInCloseEach has every sender close the shared output when it is done:
// the second close panics, and a send after the first close panics too.
func fanInCloseEach(inputs ...<-chan int) <-chan int {
	out := make(chan int)
	for _, ch := range inputs {
		go func(c <-chan int) {
			for v := range c {
				out <- v
			}
			close(out) // PANIC(chanclose): every sender goroutine closes out, the second close panics // want `chanclose: out is closed by every goroutine started in this loop`
		}(ch)
	}
	return out
}

package a

import (
	"context"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"worklib"
)

func oneWriterWait() int {
	var n int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n = 42
	}()
	wg.Wait()
	return n
}

func oneWriterReceive() (int, error) {
	var n int
	errc := make(chan error, 1)
	go func() {
		n = 42
		errc <- nil
	}()
	err := <-errc
	return n, err
}

func oneWriterClose(ctx context.Context) int {
	var n int
	done := make(chan struct{})
	go func() {
		defer close(done)
		n = 1
	}()
	select {
	case <-done:
		return n
	case <-ctx.Done():
		return 0
	}
}

func oneWriterErrgroup(ctx context.Context) (string, error) {
	var body string
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		body = "x"
		return nil
	})
	err := g.Wait()
	return body, err
}

func mutexBoth(nums []int) int {
	var mu sync.Mutex
	var total int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			total += n
		})
	}
	mu.Lock()
	t := total
	mu.Unlock()
	wg.Wait()
	return t
}

func atomics(nums []int) int64 {
	var total int64
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() { atomic.AddInt64(&total, int64(n)) })
	}
	wg.Wait()
	return atomic.LoadInt64(&total)
}

func elements(nums []int) []int {
	out := make([]int, len(nums))
	var wg sync.WaitGroup
	for i, n := range nums {
		wg.Go(func() { out[i] = n * n })
	}
	wg.Wait()
	return out
}

func onlyRead(prefix string, names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Go(func() { _ = prefix + n })
	}
	wg.Wait()
}

func arguments(names []string) {
	name := "a"
	var wg sync.WaitGroup
	wg.Add(1)
	go func(n string) {
		defer wg.Done()
		_ = n
	}(name)
	name = "b"
	_ = name
	wg.Wait()
}

func perIteration(nums []int) {
	var wg sync.WaitGroup
	for _, n := range nums {
		sq := 0
		wg.Go(func() { sq = n * n; _ = sq })
	}
	wg.Wait()
}

func writeBeforeGo() {
	x := 1
	x = 2
	done := make(chan bool)
	go func() { x++; done <- true }()
	<-done
	x = 3
	_ = x
}

func handshake(ready chan struct{}) {
	cfg := ""
	go func() {
		<-ready
		_ = cfg
	}()
	cfg = "set"
	close(ready)
}

func serialised(nums []int) int {
	total := 0
	for _, n := range nums {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			total += n
		}()
		wg.Wait()
	}
	return total
}

func lockedSpawnerWrite() {
	var mu sync.RWMutex
	state := 0
	go func() {
		mu.RLock()
		_ = state
		mu.RUnlock()
	}()
	mu.Lock()
	state = 1
	mu.Unlock()
}

type stats struct{ hits int }

func wrapped(s *stats) {
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { s.hits++ }) // a field through a pointer: not a captured variable's write
	}
	wg.Wait()
}

func closeThroughHelper() int {
	n := 0
	done := make(chan struct{})
	go func() {
		n = 7
		worklib.Notify(done)
	}()
	<-done
	return n
}

func perIterationThreeClause(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			i *= 2
			_ = i
		})
	}
	wg.Wait()
}

// tokenRing passes a token around: one goroutine at a time runs i++.
func tokenRing(n, limit int) int {
	var wg sync.WaitGroup
	i := 0
	chans := make([]chan bool, n)
	for gid := range n {
		chans[gid] = make(chan bool)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				<-chans[gid]
				next := chans[(gid+1)%len(chans)]
				if i >= limit {
					close(next)
					return
				}
				i++
				next <- true
			}
		}()
	}
	chans[0] <- true
	wg.Wait()
	return i
}

func withCallback(f func(func())) int {
	ready := make(chan struct{})
	var id int
	go func() {
		id = 42
		f(func() {
			ready <- struct{}{}
		})
	}()
	<-ready
	return id
}

func collectResults(run func(string) error) {
	peer := "a"
	errc := make(chan error, 2)
	go func() { errc <- run(peer) }()
	go func() { errc <- run(peer) }()
	for i := 0; i < 2; i++ {
		if err := <-errc; err != nil {
			return
		}
	}
	peer = "b"
	_ = peer
}

func oneWinnerPerRound(n int, attempt func() (int, bool)) int {
	hits := 0
	for i := 0; i < n; i++ {
		var wg sync.WaitGroup
		for j := 0; j < 10; j++ {
			wg.Go(func() {
				if _, ok := attempt(); ok {
					hits++
				}
			})
		}
		wg.Wait()
	}
	return hits
}

func casWinner(vals []int) int {
	var claimed int32
	winner := -1
	var wg sync.WaitGroup
	for _, v := range vals {
		wg.Go(func() {
			if atomic.CompareAndSwapInt32(&claimed, 0, 1) {
				winner = v
			}
		})
	}
	wg.Wait()
	return winner
}

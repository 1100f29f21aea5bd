package order

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func g() {}
func s() {}

func noSync() {
	s()
	go func() { g() }()
	s() // want "concurrent"
}

func waitGroup() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		g()
	}()
	s() // want "concurrent"
	wg.Wait()
	s()
}

func waitGroupGo(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Go(func() { g() }) // want "repeats"
		s()                   // want "concurrent"
	}
	wg.Wait()
	s()
}

func loopJoinedEachIteration(xs []int) {
	for range xs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			g()
		}()
		<-done
		s()
	}
}

func errgroupWait(ctx context.Context) error {
	eg, ctx := errgroup.WithContext(ctx)
	eg.Go(func() error {
		g()
		return nil
	})
	s() // want "concurrent"
	err := eg.Wait()
	s()
	return err
}

func result() int {
	ch := make(chan int)
	go func() {
		g()
		ch <- 1
	}()
	v := <-ch
	s()
	return v
}

func resultBeforeAccess() int {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
		g()
	}()
	v := <-ch
	s() // want "concurrent"
	return v
}

func rangeUntilClose(xs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
		g()
	}()
	for range ch {
	}
	s()
}

func selectCtx(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		g()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return
	}
	s()
}

func onlyOnSomePath(b bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		g()
	}()
	if b {
		wg.Wait()
	}
	s() // want "concurrent"
}

func siblings() {
	go func() { g() }()
	go func() { g() }() // want "overlaps"
}

func siblingsJoined() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); g() }()
	wg.Wait()
	go func() { g() }()
	s() // want "concurrent"
}

func beforeSpawn() {
	s()
	go func() { g() }()
}

func worker(wg *sync.WaitGroup) {
	defer wg.Done()
	g()
}

func namedWorker(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Add(1)
		go worker(&wg) // want "repeats"
	}
	wg.Wait()
	s()
}

func waitsInGoroutine(ch chan int) {
	go func() {
		<-ch
		g() // want "waits before"
	}()
	ch <- 1
}

func localHelper() {
	done := make(chan bool)
	waitDone := func(c chan bool) {
		select {
		case <-c:
		default:
		}
	}
	go func() {
		g()
		close(done)
	}()
	waitDone(done)
	s()
}

func callbackSignal(f func(func())) {
	ready := make(chan struct{})
	go func() {
		g()
		f(func() { ready <- struct{}{} })
	}()
	<-ready
	s()
}

func ring(n int) {
	chans := make([]chan bool, n)
	for i := range n {
		go func() { // want "repeats"
			<-chans[i]
			g() // want "waits before" "waits for turn"
		}()
	}
}

func collectLoop() {
	errc := make(chan error, 2)
	go func() { g(); errc <- nil }()
	go func() { g(); errc <- nil }() // want "overlaps"
	for i := 0; i < 2; i++ {
		<-errc
	}
	s()
}

func nestedWaitOuter(n int) {
	for i := 0; i < n; i++ {
		var wg sync.WaitGroup
		for j := 0; j < 10; j++ {
			wg.Add(1)
			go func() { // want "repeats"
				defer wg.Done()
				g()
			}()
		}
		wg.Wait()
		s()
	}
}

package a

import (
	"runtime"
	"sync"
	"wglib"
)

func fetch(string) error { return nil }

// Add as the literal's first statement, in a loop.
func addFirst(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Add later in the literal.
func addLater(urls []string) {
	wg := new(sync.WaitGroup)
	for _, u := range urls {
		go func(u string) {
			if u == "" {
				return
			}
			wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
			defer wg.Done()
			fetch(u)
		}(u)
	}
	wg.Wait()
}

// Add inside a named function started with go.
func worker(wg *sync.WaitGroup, u string) {
	wg.Add(1)
	defer wg.Done()
	fetch(u)
}

func addNamed(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go worker(&wg, u) // want `worker calls wg.Add inside the goroutine it counts`
	}
	wg.Wait()
}

type crawler struct {
	wg sync.WaitGroup
}

func (c *crawler) visit(u string) {
	c.wg.Add(1)
	defer c.wg.Done()
	fetch(u)
}

// A method started with go, and a method value.
func (c *crawler) crawl(urls []string) {
	for _, u := range urls {
		go c.visit(u) // want `visit calls c.wg.Add inside the goroutine it counts`
	}
	f := c.visit
	go f("x") // want `visit calls c.wg.Add inside the goroutine it counts`
	c.wg.Wait()
}

// Add in a function of another package, known through its fact.
func addImported(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		go wglib.Worker(&wg, f) // want `Worker calls wg.Add inside the goroutine it counts`
	}
	wg.Wait()
}

// Done skipped by an early return.
func earlyReturn(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if err := fetch(u); err != nil {
				return // want `this return skips wg.Done`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Done skipped by runtime.Goexit and by falling off the end of a loop
// body that breaks.
func goexit(jobs chan string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for j := range jobs {
			if j == "" {
				runtime.Goexit() // want `runtime.Goexit skips wg.Done`
			}
		}
		wg.Done()
	}()
	wg.Wait()
}

// Wait inside the goroutine the WaitGroup counts.
func waitsForItself() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Wait() // want `wg.Wait inside a goroutine counted by wg waits for itself`
	}()
	wg.Wait()
}

func waitsForItselfGo() {
	var wg sync.WaitGroup
	wg.Go(func() {
		wg.Wait() // want `wg.Wait inside a goroutine counted by wg waits for itself`
	})
	wg.Wait()
}

// Done on a WaitGroup nobody adds to.
func doneWithoutAdd(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		go func() {
			defer wg.Done() // want `wg.Done without any wg.Add`
		}()
	}
	wg.Wait()
}

func doneWithoutAddImported() {
	var wg sync.WaitGroup
	go wglib.Finish(&wg) // want `Finish calls wg.Done without any wg.Add`
	wg.Wait()
}

type selfWaiter struct{ wg sync.WaitGroup }

func (w *selfWaiter) finish() {
	defer w.wg.Done()
	w.wg.Wait()
}

// Wait inside a named method started with go: reported at the go
// statement, naming the WaitGroup as the go statement spells it.
func waitsInMethod() {
	w := &selfWaiter{}
	w.wg.Add(1)
	go w.finish() // want `finish calls w.wg.Wait inside a goroutine counted by w.wg waits for itself`
	w.wg.Wait()
}

type stats struct {
	mu sync.Mutex
	n  int
}

func (st *stats) inc() {
	st.mu.Lock()
	st.n++
	st.mu.Unlock()
}

// A lock taken after the Add, for other data, does not order the Add.
func lockAfterAdd(st *stats, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
			defer wg.Done()
			st.inc()
		}()
	}
	wg.Wait()
}

// From nats-server's jetstream_cluster_4_test.go: one literal started by
// three go statements has one Add inside it: one finding, with the three
// go statements as related positions.
func producers(publish func(string)) {
	var wg sync.WaitGroup
	producer := func(name string) {
		wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
		defer wg.Done()
		publish(name)
	}
	go producer("A")
	go producer("B")
	go producer("C")
	wg.Wait()
}

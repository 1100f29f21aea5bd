package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
	"wglib"
)

func process(int) {}

// The guide's WaitGroup example: Add before go.
func processAll(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			process(it)
		}(item)
	}
	wg.Wait()
}

// Add(len(xs)) before the loop; Done on every path without defer.
func addLen(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		go func() {
			if x < 0 {
				wg.Done()
				return
			}
			process(x)
			wg.Done()
		}()
	}
	wg.Wait()
}

// Go 1.25's WaitGroup.Go counts for you.
func wgGo(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { process(x) })
	}
	wg.Wait()
}

// errgroup counts for you.
func group(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, x := range xs {
		g.Go(func() error {
			process(x)
			return ctx.Err()
		})
	}
	return g.Wait()
}

// A counted goroutine adds for the children it starts before its own Done:
// the counter cannot reach zero in between.
func tree(depth int, wg *sync.WaitGroup) {
	defer wg.Done()
	if depth == 0 {
		return
	}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go tree(depth-1, wg)
	}
}

func walk() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}()
	wg.Add(1)
	go tree(3, &wg)
	wg.Wait()
}

// The spawner waits for a signal the goroutine sends after its Add.
func handshake() {
	var wg sync.WaitGroup
	ready := make(chan struct{})
	go func() {
		wg.Add(1)
		close(ready)
		defer wg.Done()
	}()
	<-ready
	wg.Wait()
}

// A barrier: Wait after Done waits for the others, not for itself.
func barrier(n int) {
	var wg sync.WaitGroup
	var all sync.WaitGroup
	wg.Add(n)
	all.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer all.Done()
			wg.Done()
			wg.Wait()
		}()
	}
	all.Wait()
}

// A long-lived manager: Add happens under the lock that guards closed, and
// Wait is in Close. Not reported: the Wait is not in the spawning function.
type manager struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (m *manager) submit(f func()) {
	go func() {
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return
		}
		m.wg.Add(1)
		m.mu.Unlock()
		defer m.wg.Done()
		f()
	}()
}

func (m *manager) Close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.wg.Wait()
}

// The count comes from a helper method called before go.
type pool struct{ wg sync.WaitGroup }

func (p *pool) track() { p.wg.Add(1) }

func (p *pool) run(fs []func()) {
	for _, f := range fs {
		p.track()
		go func() {
			defer p.wg.Done()
			f()
		}()
	}
	p.wg.Wait()
}

// Done in a named worker, counted before go.
func doneNamed(wg *sync.WaitGroup, x int) {
	defer wg.Done()
	process(x)
}

func countedNamed(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go doneNamed(&wg, x)
	}
	wg.Wait()
}

// Done through another package's function, counted before go.
func countedImported() {
	var wg sync.WaitGroup
	wg.Add(1)
	go wglib.Finish(&wg)
	wg.Wait()
}

// A panic that skips Done crashes the program anyway.
func panics(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if x < 0 {
			panic("negative")
		}
		wg.Done()
	}()
	wg.Wait()
}

// The WaitGroup is handed to code this check cannot see, which may Add.
func handedOff(register func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	register(&wg)
	go func() {
		defer wg.Done()
	}()
	wg.Wait()
}

// Add inside a goroutine nobody waits for in this function.
func noWait(wg *sync.WaitGroup) {
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
}

// Different WaitGroups: Add in the goroutine is on its own group.
func ownGroup(xs []int) {
	var outer sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		var inner sync.WaitGroup
		for _, x := range xs {
			inner.Add(1)
			go func() {
				defer inner.Done()
				process(x)
			}()
		}
		inner.Wait()
	}()
	outer.Wait()
}

// The goroutine runs code from another package that does not touch the
// WaitGroup, counted before go.
func importedRun(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wglib.Run(f)
	}()
	wg.Wait()
}

// The spawner waits for the goroutine on another WaitGroup before waiting
// on the one the goroutine adds to: the Add is ordered before that Wait.
func twoGroups(fs []func()) {
	var started, children sync.WaitGroup
	started.Add(1)
	go func() {
		defer started.Done()
		for _, f := range fs {
			children.Add(1)
			go func() {
				defer children.Done()
				f()
			}()
		}
	}()
	started.Wait()
	children.Wait()
}

// Found on the corpus (net/http, grpc, nats tests): a server's Serve is
// started with go and Shutdown waits; Serve adds under its mutex.
func serveThenShutdown() {
	s := &wglib.Server{}
	go s.Serve()
	s.Shutdown()
}

func serveInLiteral() {
	s := &wglib.Server{}
	done := make(chan bool, 1)
	go func() {
		s.Serve()
		done <- true
	}()
	s.Shutdown()
	<-done
}

// Found on the corpus (context, sync tests): a goroutine that waits on a
// WaitGroup counting other goroutines, not itself.
func waiter(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	<-done
}

// Found on the corpus (net/http, client-go tests): the counter counts units
// of work done in a loop, not goroutines; a path that skips the loop is not
// a missing Done.
func unitsOfWork(reqs chan string, n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < 4; i++ {
		go func() {
			for r := range reqs {
				if r == "" {
					wg.Done()
					continue
				}
				process(len(r))
				wg.Done()
			}
		}()
	}
	for i := 0; i < n; i++ {
		reqs <- "x"
	}
	wg.Wait()
}

// Found on the corpus (nats tests): Done is the way out of a loop that
// otherwise never ends; the loop's own end is unreachable in practice.
func tickerLoop(ctx context.Context, tick <-chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range tick {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			default:
			}
			process(0)
		}
	}()
	wg.Wait()
}

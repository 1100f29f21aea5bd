package a

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Feed sends after releasing the lock.
type Feed struct {
	mu      sync.Mutex
	out     chan int
	pending int
}

func (f *Feed) Run() {
	go func() {
		for v := range f.out {
			f.mu.Lock()
			f.pending -= v
			f.mu.Unlock()
		}
	}()
}

func (f *Feed) Put(v int) {
	f.mu.Lock()
	f.pending += v
	f.mu.Unlock()
	f.out <- v
}

// TryPut does not wait: a select with default.
func (f *Feed) TryPut(v int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case f.out <- v:
		return true
	default:
		return false
	}
}

// PutCtx can give up: a select with ctx.Done().
func (f *Feed) PutCtx(ctx context.Context, v int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case f.out <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PutTimeout can give up after a while.
func (f *Feed) PutTimeout(v int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case f.out <- v:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// Log's consumer does not lock.
type Log struct {
	mu    sync.Mutex
	lines chan string
	n     int
}

func (l *Log) Start() {
	go func() {
		for line := range l.lines {
			println(line)
		}
	}()
}

func (l *Log) Write(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	l.lines <- s
}

// Stats's consumer locks another mutex.
type Stats struct {
	mu     sync.Mutex
	statMu sync.Mutex
	ch     chan int
	sum    int
}

func (s *Stats) Start() {
	go func() {
		for v := range s.ch {
			s.statMu.Lock()
			s.sum += v
			s.statMu.Unlock()
		}
	}()
}

func (s *Stats) Record(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ch <- v
}

// Readers holds the read lock on both sides.
type Readers struct {
	mu   sync.RWMutex
	reqs chan string
	data map[string]int
}

func (r *Readers) Serve() {
	go func() {
		for k := range r.reqs {
			r.mu.RLock()
			_ = r.data[k]
			r.mu.RUnlock()
		}
	}()
}

func (r *Readers) Ask(k string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.reqs <- k
}

// Mixed has a second receiver that does not lock: it can take the value.
type Mixed struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func (m *Mixed) Start() {
	go func() {
		for v := range m.ch {
			m.mu.Lock()
			m.n += v
			m.mu.Unlock()
		}
	}()
	go func() {
		for v := range m.ch {
			println(v)
		}
	}()
}

func (m *Mixed) Put(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ch <- v
}

// Events hands the channel out: receivers elsewhere are not seen.
type Events struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func (e *Events) C() <-chan int { return e.ch }

func (e *Events) Start() {
	go func() {
		for v := range e.ch {
			e.mu.Lock()
			e.n += v
			e.mu.Unlock()
		}
	}()
}

func (e *Events) Emit(v int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ch <- v
}

// push gets its channel as a parameter: the receivers are not known.
func push(mu *sync.Mutex, ch chan int, v int) {
	mu.Lock()
	defer mu.Unlock()
	ch <- v
}

// Node values are different instances: a.mu is not b.mu.
type Node struct {
	mu  sync.Mutex
	in  chan int
	val int
}

func (n *Node) Run() {
	go func() {
		for v := range n.in {
			n.mu.Lock()
			n.val = v
			n.mu.Unlock()
		}
	}()
}

func relay(a, b *Node, v int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.in <- v
}

// sometimes holds the lock only on one path.
func (n *Node) sometimes(v int, locked bool) {
	if locked {
		n.mu.Lock()
		defer n.mu.Unlock()
	}
	n.in <- v
}

// once receives, then locks: the sender's value is taken before the
// receiver waits for the lock.
func once(mu *sync.Mutex, state map[string]int) {
	ch := make(chan int)
	go func() {
		v := <-ch
		mu.Lock()
		state["v"] = v
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	ch <- len(state)
}

// waitFree waits for goroutines that do not lock.
func waitFree(items []int) []int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out = make([]int, len(items))
	)
	mu.Lock()
	defer mu.Unlock()
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = it * 2
		}()
	}
	wg.Wait()
	return out
}

// waitOther: the goroutines lock a different mutex.
func waitOther(items []int) int {
	var (
		mu, resMu sync.Mutex
		wg        sync.WaitGroup
		sum       int
	)
	mu.Lock()
	defer mu.Unlock()
	for _, it := range items {
		wg.Go(func() {
			resMu.Lock()
			sum += it
			resMu.Unlock()
		})
	}
	wg.Wait()
	return sum
}

// waitAfter unlocks before waiting.
func waitAfter(items []int) int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sum int
	)
	mu.Lock()
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += it
			mu.Unlock()
		}()
	}
	mu.Unlock()
	wg.Wait()
	return sum
}

// groupFree waits for an errgroup whose goroutines do not lock.
func groupFree(ctx context.Context, urls []string) error {
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	mu.Lock()
	defer mu.Unlock()
	for _, u := range urls {
		g.Go(func() error {
			_ = u
			return ctx.Err()
		})
	}
	return g.Wait()
}

// Signal uses a buffered channel of one with a non-blocking send.
type Signal struct {
	mu    sync.Mutex
	kick  chan struct{}
	dirty bool
}

func (s *Signal) Start() {
	s.kick = make(chan struct{}, 1)
	go func() {
		for range s.kick {
			s.mu.Lock()
			s.dirty = false
			s.mu.Unlock()
		}
	}()
}

func (s *Signal) Mark() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = true
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// TryNotify holds the lock only when TryLock succeeded, but never blocks
// on the lock itself.
func (s *Signal) TryNotify() {
	if s.mu.TryLock() {
		s.dirty = true
		s.mu.Unlock()
	}
	s.kick <- struct{}{}
}

// Other types' fields are other objects.
type Other struct {
	mu     sync.Mutex
	events chan string
}

func (o *Other) Drain(n *Notifier) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for range 3 {
		<-o.events
	}
}

func (o *Other) Start() {
	go func() {
		for ev := range o.events {
			_ = ev
		}
	}()
}

// Copy sends what it copied under the lock after releasing it.
type Copy struct {
	mu    sync.Mutex
	state []int
	out   chan []int
}

func (c *Copy) Start() {
	go func() {
		for s := range c.out {
			c.mu.Lock()
			c.state = s
			c.mu.Unlock()
		}
	}()
}

func (c *Copy) Publish() {
	c.mu.Lock()
	snap := append([]int(nil), c.state...)
	c.mu.Unlock()
	c.out <- snap
}

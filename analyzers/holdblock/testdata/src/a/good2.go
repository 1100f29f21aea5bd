package a

import (
	"context"
	"sync"
)

// Loop locks only on its way out, after the last receive.
type Loop struct {
	mu     sync.Mutex
	in     chan int
	quit   chan struct{}
	done   chan struct{}
	closed bool
	sum    int
}

func NewLoop() *Loop {
	l := &Loop{in: make(chan int), quit: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *Loop) run() {
	defer close(l.done)
	for {
		select {
		case v := <-l.in:
			l.sum += v
		case <-l.quit:
			l.mu.Lock()
			l.closed = true
			l.mu.Unlock()
			return
		}
	}
}

func (l *Loop) Add(v int) {
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if !closed {
		l.in <- v
	}
}

// Stop releases the lock before it waits for the loop.
func (l *Loop) Stop() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	close(l.quit)
	<-l.done
}

// Batch waits in a deferred call, after the deferred Unlock has run
// (defers run last-in first-out).
func batch(items []int) int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sum int
	)
	defer wg.Wait()
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += it
			mu.Unlock()
		}()
	}
	return sum
}

// Lifecycle holds a lock the workers never take.
type Lifecycle struct {
	stateMu sync.Mutex
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (l *Lifecycle) Start(n int) {
	for i := range n {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.mu.Lock()
			l.results = append(l.results, i)
			l.mu.Unlock()
		}()
	}
}

func (l *Lifecycle) Close() {
	l.stateMu.Lock()
	defer l.stateMu.Unlock()
	l.wg.Wait()
}

// The type wantConn is net/http's: a buffer of one for the single delivery that
// the done flag allows (the corpus's first false positive).
type wantConn struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newWantConn() *wantConn {
	return &wantConn{result: make(chan int, 1)}
}

func (w *wantConn) tryDeliver(v int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.result <- v
	close(w.result)
	return true
}

func (w *wantConn) cancel() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		if r, ok := <-w.result; ok {
			return r
		}
	} else {
		close(w.result)
	}
	w.done = true
	return 0
}

// signalAll reports to a channel buffered for every goroutine (sync's
// cond tests).
func signalAll(n int) {
	var m sync.Mutex
	running := make(chan bool, n)
	for range n {
		go func() {
			m.Lock()
			running <- true
			m.Unlock()
		}()
	}
	m.Lock()
	for range n {
		<-running
	}
	m.Unlock()
}

// handoff locks mu and lets another goroutine unlock it (runtime/pprof's
// tests): the waiters' Lock is released by that goroutine.
func handoff(n int) {
	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// Waiter counts itself under the lock before it receives; the sender sends
// only to a counted waiter, so it never blocks on a receiver that still
// needs the lock.
type Waiter struct {
	mu      sync.Mutex
	waiting int
	ch      chan int
}

func (w *Waiter) Get() int {
	w.mu.Lock()
	w.waiting++
	w.mu.Unlock()
	return <-w.ch
}

func (w *Waiter) Put(v int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting > 0 {
		w.waiting--
		w.ch <- v
	}
}

// eventQ is containerd's test queue, unbuffered: Wait makes the channel
// under the lock, and Add sends only once it is there.
type eventQ struct {
	sync.Mutex
	q []int
	c chan int
}

func (q *eventQ) Add(e int) {
	q.Lock()
	defer q.Unlock()
	q.q = append(q.q, e)
	if q.c != nil {
		q.c <- e
	}
}

func (q *eventQ) Wait(w int, deadline <-chan struct{}) (int, bool) {
	q.Lock()
	q.c = make(chan int)
	q.Unlock()
	for {
		e := <-q.c
		if e == w {
			return e, true
		}
	}
}

// Health is grpc's test server: a function (not a method) of the package
// receives on the field through a parameter, so the receivers are not all
// known.
type Health struct {
	mu     sync.Mutex
	status map[string]int
	update chan struct{}
}

func watch(s *Health, out chan<- int) {
	for range s.update {
		out <- len(s.status)
	}
}

func (s *Health) Start() {
	go func() {
		for range s.update {
			s.mu.Lock()
			s.mu.Unlock()
		}
	}()
}

func (s *Health) Set(name string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[name] = v
	s.update <- struct{}{}
}

// stealing is sync's TestCondSignalStealing: a new channel on each turn;
// the Lock after the receive reaches the next turn's receive only on a
// new channel.
func stealing() {
	for range 1000 {
		var m sync.Mutex
		ch := make(chan struct{})
		go func() {
			m.Lock()
			ch <- struct{}{}
			m.Unlock()
			ch <- struct{}{}
		}()
		<-ch
		m.Lock()
		m.Unlock()
		<-ch
	}
}

// Bus2 calls its helper after unlocking, and a non-blocking helper under
// the lock.
type Bus2 struct {
	mu   sync.Mutex
	ch   chan int
	subs int
}

func (b *Bus2) Start() {
	go func() {
		for v := range b.ch {
			b.mu.Lock()
			b.subs += v
			b.mu.Unlock()
		}
	}()
}

func (b *Bus2) emit(v int) { b.ch <- v }

func (b *Bus2) tryEmit(v int) bool {
	select {
	case b.ch <- v:
		return true
	default:
		return false
	}
}

func (b *Bus2) Publish(v int) {
	b.mu.Lock()
	n := b.subs
	ok := b.tryEmit(v)
	b.mu.Unlock()
	if n > 0 && !ok {
		b.emit(v)
	}
}

// Conn2 can give up on ctx.Done(), and Conn3's Close does not lock.
type Conn2 struct {
	mu  sync.Mutex
	out chan []byte
	n   int
}

func (c *Conn2) loop() {
	for b := range c.out {
		c.mu.Lock()
		c.n += len(b)
		c.mu.Unlock()
	}
}

func (c *Conn2) Write(ctx context.Context, b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.out <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type Conn3 struct {
	mu      sync.Mutex
	out     chan []byte
	closing chan struct{}
	n       int
}

func (c *Conn3) loop() {
	for b := range c.out {
		c.mu.Lock()
		c.n += len(b)
		c.mu.Unlock()
	}
}

func (c *Conn3) Write(b []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.out <- b:
		return true
	case <-c.closing:
		return false
	}
}

func (c *Conn3) Close() { close(c.closing) }

// Gate2's helper releases the caller's lock while it waits.
type Gate2 struct {
	mu    sync.Mutex
	ready chan struct{}
	n     int
}

func (g *Gate2) Start() {
	g.ready = make(chan struct{})
	go func() {
		for {
			g.mu.Lock()
			g.n++
			g.mu.Unlock()
			g.ready <- struct{}{}
		}
	}()
}

// awaitLocked is called with g.mu held.
func (g *Gate2) awaitLocked() {
	g.mu.Unlock()
	<-g.ready
	g.mu.Lock()
}

func (g *Gate2) Next() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.awaitLocked()
	return g.n
}

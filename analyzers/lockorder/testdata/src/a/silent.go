package a

import "sync"

// One order everywhere.

var (
	mu1 sync.Mutex
	mu2 sync.Mutex
)

func first() {
	mu1.Lock()
	defer mu1.Unlock()
	mu2.Lock()
	mu2.Unlock()
}

func second() {
	mu1.Lock()
	mu2.Lock()
	mu2.Unlock()
	mu1.Unlock()
}

// Both orders, but always under one gate lock.

var gate, g1, g2 sync.Mutex

func gated12() {
	gate.Lock()
	defer gate.Unlock()
	g1.Lock()
	g2.Lock()
	g2.Unlock()
	g1.Unlock()
}

func gated21() {
	gate.Lock()
	defer gate.Unlock()
	g2.Lock()
	g1.Lock()
	g1.Unlock()
	g2.Unlock()
}

// Read locks on both sides.

var r1, r2 sync.RWMutex

func read12() {
	r1.RLock()
	r2.RLock()
	r2.RUnlock()
	r1.RUnlock()
}

func read21() {
	r2.RLock()
	r1.RLock()
	r1.RUnlock()
	r2.RUnlock()
}

// Released before the other lock is taken.

var p1, p2 sync.Mutex

func released12() {
	p1.Lock()
	p1.Unlock()
	p2.Lock()
	p2.Unlock()
}

func released21() {
	p2.Lock()
	defer p2.Unlock()
	p1.Lock()
	p1.Unlock()
}

// TryLock does not wait.

var t1, t2 sync.Mutex

func try12() {
	t1.Lock()
	defer t1.Unlock()
	if t2.TryLock() {
		t2.Unlock()
	}
}

func try21() {
	t2.Lock()
	defer t2.Unlock()
	t1.Lock()
	t1.Unlock()
}

// A helper that drops its caller's lock around the work.

type Server struct {
	mu   sync.Mutex
	pool *Pool
}

type Pool struct {
	mu  sync.Mutex
	srv *Server
}

func (s *Server) Grow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.growLocked()
}

// growLocked is called with s.mu held; it releases it while the pool works.
func (s *Server) growLocked() {
	s.mu.Unlock()
	s.pool.mu.Lock()
	s.pool.mu.Unlock()
	s.mu.Lock()
}

func (p *Pool) Shrink() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.srv.mu.Lock()
	p.srv.mu.Unlock()
}

// Two values of one type: not a class order.

type Account struct {
	mu  sync.Mutex
	bal int
}

func transfer(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.bal -= n
	to.bal += n
}

// A goroutine started under the lock does not run with it held.

var q1, q2 sync.Mutex

func spawn12() {
	q1.Lock()
	defer q1.Unlock()
	go func() {
		q2.Lock()
		q2.Unlock()
	}()
}

func spawn21() {
	q2.Lock()
	defer q2.Unlock()
	q1.Lock()
	q1.Unlock()
}

// A lock held on one path only.

var o1, o2 sync.Mutex

func some12(b bool) {
	if b {
		o1.Lock()
	}
	o2.Lock()
	o2.Unlock()
	if b {
		o1.Unlock()
	}
}

func some21() {
	o2.Lock()
	defer o2.Unlock()
	o1.Lock()
	o1.Unlock()
}

// A value made here, locked before it is shared: nobody else can hold its
// mutex yet.

type Registry struct {
	mu    sync.Mutex
	items map[string]*Item
}

type Item struct {
	mu  sync.Mutex
	reg *Registry
	n   int
}

func (r *Registry) Add(name string) *Item {
	r.mu.Lock()
	defer r.mu.Unlock()
	it := &Item{reg: r}
	it.mu.Lock()
	it.n = 1
	it.mu.Unlock()
	r.items[name] = it
	return it
}

func (it *Item) Drop(name string) {
	it.mu.Lock()
	defer it.mu.Unlock()
	it.reg.mu.Lock()
	delete(it.reg.items, name)
	it.reg.mu.Unlock()
}

// Generic types: one order, through an instantiated method.

type Box[T any] struct {
	mu  sync.Mutex
	v   T
	tag *Tag
}

type Tag struct {
	mu   sync.Mutex
	name string
}

func (b *Box[T]) Set(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.v = v
	b.tag.rename("set")
}

func (t *Tag) rename(s string) {
	t.mu.Lock()
	t.name = s
	t.mu.Unlock()
}

func useBox() {
	var b Box[int]
	b.Set(1)
	var c Box[string]
	c.Set("x")
}

// A callee that locks only on some paths (when the last reference goes):
// no order the caller always has.

type Trace struct {
	mu     sync.Mutex
	refs   int
	bucket *Bucket
}

type Bucket struct {
	mu     sync.Mutex
	traces []*Trace
}

func (t *Trace) Finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bucket.add(t)
}

func (b *Bucket) add(t *Trace) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.traces) > 10 {
		b.traces[0].unref()
		b.traces = b.traces[1:]
	}
	b.traces = append(b.traces, t)
}

func (t *Trace) unref() {
	t.refs--
	if t.refs == 0 {
		t.mu.Lock()
		t.bucket = nil
		t.mu.Unlock()
	}
}

// A mutex handed to the goroutine that unlocks it: the spawner does not
// hold it after.

var h1, h2 sync.Mutex

func handoff(done chan struct{}) {
	h1.Lock()
	go func() {
		defer close(done)
		h2.Lock()
		h1.Unlock()
		h2.Unlock()
	}()
	<-done
	h2.Lock()
	h2.Unlock()
}

// Striped locks through index expressions: the RUnlock of s.locks[i] is
// the RLock's, though the model cannot tell the two indexings apart.

type stripe struct{ sync.RWMutex }

type Series struct {
	mu sync.Mutex
	n  int
}

type Striped struct {
	locks  [4]stripe
	series [4][]*Series
}

func (s *Striped) Each(f func(*Series)) {
	for i := range s.locks {
		s.locks[i].RLock()
		buf := append([]*Series(nil), s.series[i]...)
		s.locks[i].RUnlock()
		for _, se := range buf {
			se.mu.Lock()
			f(se)
			se.mu.Unlock()
		}
	}
}

func (s *Striped) Drop(se *Series, i int) {
	se.mu.Lock()
	defer se.mu.Unlock()
	s.locks[i].Lock()
	s.series[i] = nil
	s.locks[i].Unlock()
}

// One mutex read-locked on both sides: the readers share it, so neither
// waits for the other (a writer queued in between is not modelled).

type Store2 struct {
	mu sync.RWMutex
	kv map[string]string
}

var committed sync.Mutex

func (s *Store2) writeTx() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	committed.Lock()
	committed.Unlock()
}

func (s *Store2) readTx() {
	committed.Lock()
	defer committed.Unlock()
	s.mu.RLock()
	s.mu.RUnlock()
}

package a

import (
	"sync"
	"time"
)

// Counter: the getter reads without the lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = 0
}

func (c *Counter) Value() int {
	return c.n // want `c\.n is read without holding c\.mu, which guards it at 2 other accesses`
}

// Registry: an unguarded write in an exported method.
type Registry struct {
	mu    sync.RWMutex
	names []string
}

func (r *Registry) Add(n string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, n)
}

func (r *Registry) List() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.names
}

func (r *Registry) Take() []string {
	r.mu.RLock()
	old := r.names
	r.mu.RUnlock()
	r.names = nil // want `r\.names is written without holding r\.mu, which guards it at 3 other accesses`
	return old
}

// Cache: a write under the read lock.
type Cache struct {
	mu      sync.RWMutex
	hits    int
	entries map[string]string
}

func (c *Cache) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.hits++ // want `c\.hits is written while c\.mu is held only for reading`
	return c.entries[k]
}

func (c *Cache) Hits() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.hits
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k] = v
	c.hits = 0
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
}

// Through calls: the helper is always called with the lock held, so its
// accesses are guarded; the unguarded call from Peek is not.
type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}

func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.first()
	q.items = q.items[1:]
	return v
}

func (q *Queue) first() int { return q.items[0] } // held by its only caller

func (q *Queue) Len() int {
	return q.size() // the call chain from an exported method
}

func (q *Queue) size() int {
	return len(q.items) // want `q\.items is read without holding q\.mu`
}

// A goroutine's code writes without the lock.
type Server struct {
	mu    sync.Mutex
	conns int
	done  chan struct{}
}

func (s *Server) Open() {
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
}

func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *Server) start(idle time.Duration) {
	go func() {
		time.Sleep(idle)
		s.conns = 0 // want `s\.conns is written without holding s\.mu`
	}()
}

func Start() *Server {
	s := &Server{done: make(chan struct{})}
	s.start(time.Minute)
	return s
}

// A package variable guarded by a package mutex.
var (
	regMu sync.Mutex
	reg   = map[string]int{}
	total int
)

func Register(name string) {
	regMu.Lock()
	defer regMu.Unlock()
	reg[name] = total
	total++
}

func Count() int {
	regMu.Lock()
	defer regMu.Unlock()
	return total
}

func Total() int {
	return total // want `total is read without holding regMu`
}

// A guard in an enclosing struct.
type Stats struct {
	hits, misses int
}

type Tracker struct {
	mu    sync.Mutex
	stats Stats
}

func (t *Tracker) Hit() {
	t.mu.Lock()
	t.stats.hits++
	t.mu.Unlock()
}

func (t *Tracker) Snapshot() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return Stats{hits: t.stats.hits}
}

func (t *Tracker) Hits() int {
	return t.stats.hits // want `t\.stats\.hits is read without holding t\.mu`
}

// Embedded mutex.
type Gauge struct {
	sync.Mutex
	v float64
}

func (g *Gauge) Set(v float64) {
	g.Lock()
	g.v = v
	g.Unlock()
}

func (g *Gauge) Get() float64 {
	g.Lock()
	defer g.Unlock()
	return g.v
}

func (g *Gauge) Add(d float64) {
	g.v += d // want `g\.v is read without holding g\.Mutex`
}

// Lazy initialisation outside the lock, in goroutines, on a type meant for
// concurrent use.
type Conn struct {
	mu      sync.Mutex
	sent    int
	buf     []byte
	started bool
}

func (c *Conn) Serve(reqs [][]byte) {
	for _, p := range reqs {
		go c.send(p)
	}
	go c.loop()
}

func (c *Conn) send(p []byte) {
	if c.buf == nil { // want `c\.buf is checked and then set without a lock`
		c.buf = make([]byte, 0, 4096)
	}
	c.mu.Lock()
	c.sent += len(p)
	c.mu.Unlock()
}

func (c *Conn) Sent() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent
}

func (c *Conn) loop() {
	if !c.started { // want `c\.started is checked and then set without a lock`
		c.started = true
	}
}

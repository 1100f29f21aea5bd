package a

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// The guide's case: a package counter incremented atomically, read plainly.
var hits int64

func hit() { atomic.AddInt64(&hits, 1) }

func report() int64 {
	return hits // want `hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
}

// A field incremented plainly in one method and atomically in another;
// reported once, at the first plain access, with the count of the others.
type Server struct {
	requests int64
	closed   int32
}

func (s *Server) Handle() {
	atomic.AddInt64(&s.requests, 1)
	if atomic.LoadInt32(&s.closed) != 0 {
		return
	}
}

func (s *Server) Forget() {
	s.requests-- // want `Server.requests is written without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it \(2 more plain accesses\)`
}

func (s *Server) Stats() (int64, int64) {
	return s.requests + 1, s.requests
}

// A flag read atomically and set plainly: the plain write races with the
// atomic loads.
func (s *Server) Close() {
	s.closed = 1 // want `Server.closed is written without sync/atomic but read with atomic.LoadInt32 elsewhere; use atomic.Int32 for it`
}

// Compare-and-swap state machine with a plain increment.
type conn struct{ state uint32 }

func (c *conn) open() bool { return atomic.CompareAndSwapUint32(&c.state, 0, 1) }

func (c *conn) bump() {
	c.state++ // want `conn.state is written without sync/atomic but written with atomic.CompareAndSwapUint32 elsewhere; use atomic.Uint32 for it`
}

// A field of a generic type: every instantiation is the same field.
type gauge[T any] struct {
	n   uint64
	val T
}

func (g *gauge[T]) inc() { atomic.AddUint64(&g.n, 1) }

func (g *gauge[T]) get() uint64 {
	return g.n // want `gauge.n is read without sync/atomic but written with atomic.AddUint64 elsewhere; use atomic.Uint64 for it`
}

// A promoted field of an embedded struct.
type base struct{ refs int32 }

type object struct {
	base
	name string
}

func (o *object) retain() { atomic.AddInt32(&o.refs, 1) }

func (o *object) alive() bool {
	return o.refs > 0 // want `object.refs is read without sync/atomic but written with atomic.AddInt32 elsewhere; use atomic.Int32 for it`
}

// A local counter of the spawner, polled plainly while the goroutines it
// started still add to it.
func poll(n int) int64 {
	var done int64
	for i := 0; i < n; i++ {
		go func() { atomic.AddInt64(&done, 1) }()
	}
	for done < int64(n) { // want `done is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
	}
	return atomic.LoadInt64(&done)
}

// A stop flag read plainly inside the goroutine, stored atomically by its
// spawner.
func worker(work func()) func() {
	var stop int32
	go func() {
		for stop == 0 { // want `stop is read without sync/atomic but written with atomic.StoreInt32 elsewhere; use atomic.Int32 for it`
			work()
		}
	}()
	return func() { atomic.StoreInt32(&stop, 1) }
}

// wg.Go: the goroutines reset a counter the others add to.
func resetter(n int) {
	var wg sync.WaitGroup
	var total uint64
	for range n {
		wg.Go(func() {
			atomic.AddUint64(&total, 1)
		})
	}
	wg.Go(func() {
		total = 0 // want `total is written without sync/atomic but written with atomic.AddUint64 elsewhere; use atomic.Uint64 for it`
	})
	wg.Wait()
}

// A plain write under a mutex still races with lock-free atomic loads.
type flagged struct {
	mu    sync.Mutex
	ready uint32
}

func (f *flagged) isReady() bool { return atomic.LoadUint32(&f.ready) == 1 }

func (f *flagged) markReady() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ready = 1 // want `flagged.ready is written without sync/atomic but read with atomic.LoadUint32 elsewhere; use atomic.Uint32 for it`
}

// A plain read under a read lock races with atomic adds made under the
// same read lock: readers run together.
type respCache struct {
	mu   sync.RWMutex
	m    map[string][]byte
	hits int64
}

func (c *respCache) get(k string) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	if ok {
		atomic.AddInt64(&c.hits, 1)
	}
	return v
}

func (c *respCache) stats() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.hits // want `respCache.hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
}

// A plain read under the lock races with an atomic add made without it.
type logger struct {
	mu    sync.Mutex
	out   int64
	limit int64
}

func (l *logger) write(n int) { atomic.AddInt64(&l.out, int64(n)) }

func (l *logger) setLimit(limit int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = limit
	return l.out > l.limit // want `logger.out is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
}

// A stats method reads counters that request handlers add to.
type store struct{ watchers int64 }

func (s *store) watch()   { atomic.AddInt64(&s.watchers, 1) }
func (s *store) unwatch() { atomic.AddInt64(&s.watchers, -1) }

func (s *store) JSONStats() string {
	return fmt.Sprint(s.watchers) // want `store.watchers is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
}

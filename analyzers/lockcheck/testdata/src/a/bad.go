package a

import (
	"errors"
	"locklib"
	"sync"
)

type Counter struct {
	mu    sync.Mutex
	count int
}

// Forgotten unlock on an early return.

func (c *Counter) IncIfBelow(limit int) bool {
	c.mu.Lock() // want `c.mu stays locked on a path to a return`
	if c.count >= limit {
		return false
	}
	c.count++
	c.mu.Unlock()
	return true
}

var errFull = errors.New("full")

func (c *Counter) Check(limit int) error {
	c.mu.Lock() // want `c.mu stays locked on a path to a return`
	if c.count >= limit {
		return errFull
	}
	c.mu.Unlock()
	return nil
}

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
}

func (c *Cache) Lookup(k string) (string, bool) {
	c.mu.RLock() // want `c.mu stays read-locked on a path to a return`
	v, ok := c.items[k]
	if !ok {
		return "", false
	}
	c.mu.RUnlock()
	return v, true
}

// A continue that skips the unlock at the end of the loop body: the
// mutex is still held when the loop exits.
func drain(mu *sync.Mutex, jobs []int, done map[int]bool) {
	for _, j := range jobs {
		mu.Lock() // want `mu stays locked on a path to a return`
		if done[j] {
			continue
		}
		done[j] = true
		mu.Unlock()
	}
}

// Double lock.

func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.Lock() // want `c.mu.Lock while this goroutine already holds c.mu deadlocks`
	c.count = 0
}

func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// Double lock through a call of a method that locks the same mutex.
func (c *Counter) Double() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count += c.Value() // want `c.Value locks c.mu, which this goroutine already holds`
}

// Through a method of another package (fact).
func putAll(s *locklib.Store, kv map[string]int) {
	s.Lock()
	defer s.Unlock()
	for k, v := range kv {
		s.Put(k, v) // want `s.Put locks s.mu, which this goroutine already holds`
	}
}

func inc(c *locklib.Counter) {
	c.Lock()
	c.Inc() // want `c.Inc locks c, which this goroutine already holds`
	c.Unlock()
}

func addTwice(mu *sync.Mutex, n *int) {
	mu.Lock()
	defer mu.Unlock()
	locklib.Add(mu, n) // want `locklib.Add locks mu, which this goroutine already holds`
}

// RLock while holding Lock.
func (c *Cache) Fill(k, v string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.mu.RLock() // want `c.mu.RLock while this goroutine holds c.mu.Lock deadlocks`
	defer c.mu.RUnlock()
	return c.items[k]
}

// Recursive read lock, directly and through a call.
func (c *Cache) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

func (c *Cache) GetBoth(a, b string) (string, string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[a], c.Get(b) // want `c.Get read-locks c.mu, which this goroutine already read-locks`
}

func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.mu.RLock() // want `c.mu.RLock while this goroutine already holds c.mu.RLock`
	defer c.mu.RUnlock()
	return len(c.items)
}

// Upgrade.
func (c *Cache) GetOrLoad(key string, load func() string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[key]; ok {
		return v
	}
	c.mu.Lock() // want `c.mu.Lock while this goroutine holds c.mu.RLock deadlocks: a read lock cannot be upgraded`
	defer c.mu.Unlock()
	v := load()
	c.items[key] = v
	return v
}

// Upgrade through a call.
func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *Cache) SetIfMissing(k, v string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.items[k]; !ok {
		c.Set(k, v) // want `c.Set locks c.mu, which this goroutine already read-locks`
	}
}

// A lock helper of this package: lock() returns holding s.mu.
type Server struct {
	mu    sync.Mutex
	conns int
}

func (s *Server) lock()   { s.mu.Lock() }
func (s *Server) unlock() { s.mu.Unlock() }

func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *Server) Add() {
	s.lock()
	defer s.unlock()
	s.conns++
	s.mu.Lock() // want `s.mu.Lock while this goroutine already holds s.mu deadlocks`
	s.mu.Unlock()
}

func (s *Server) Report() int {
	s.lock()
	defer s.unlock()
	return s.Conns() // want `s.Conns locks s.mu, which this goroutine already holds`
}

// Through a chain of calls: total calls Conns.
func (s *Server) total() int { return s.Conns() + 1 }

func (s *Server) Stats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total() // want `s.total locks s.mu, which this goroutine already holds`
}

// A continue that skips the unlock in an endless loop: the next
// iteration's Lock blocks forever.
func serve(mu *sync.Mutex, next func() (int, bool), handle func(int)) {
	for {
		mu.Lock() // want `mu stays locked on a path back to this Lock in the next iteration of the loop`
		v, ok := next()
		if !ok {
			continue
		}
		mu.Unlock()
		handle(v)
	}
}

// From apimachinery's wait/backoff.go: both branches call Step, which
// locks b.lock again: one bug, one finding (the second call is related).
type backoffManager struct {
	lock  sync.Mutex
	timer *int
	n     int
}

func (b *backoffManager) Step() int {
	b.lock.Lock()
	defer b.lock.Unlock()
	b.n++
	return b.n
}

func (b *backoffManager) Backoff() *int {
	b.lock.Lock()
	defer b.lock.Unlock()
	if b.timer == nil {
		d := b.Step() // want `b.Step locks b.lock, which this goroutine already holds: the call deadlocks`
		b.timer = &d
	} else {
		*b.timer = b.Step()
	}
	return b.timer
}

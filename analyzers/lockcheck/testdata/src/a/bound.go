package a

import "sync"

// A cache whose get locks unless told the caller holds the lock.
type cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *cache) get(k string, locked bool) int {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.m[k]
}

// Put holds c.mu and tells get it does not: get locks it again.
func (c *cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.get(k, false) == v { // want `get locks c.mu when called with locked=false, and this goroutine already holds it: the call deadlocks`
		return
	}
	c.m[k] = v
}

// PutHeld tells get the truth.
func (c *cache) PutHeld(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.get(k, true) == v {
		return
	}
	c.m[k] = v
}

// Get does not hold the lock.
func (c *cache) Get(k string) int { return c.get(k, false) }

// PutUnknown passes a value the analysis does not know.
func (c *cache) PutUnknown(k string, held bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.get(k, held)
}

// lookup locks only on a miss, whatever its argument: not on every path.
func (c *cache) lookup(k string, fill bool) int {
	if v, ok := c.m[k]; ok {
		return v
	}
	if fill {
		c.mu.Lock()
		c.m[k] = 0
		c.mu.Unlock()
	}
	return 0
}

// Refresh calls lookup with fill: lookup locks only on a miss.
func (c *cache) Refresh(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookup(k, true)
}

// swap releases the caller's lock before it locks again: a handoff
// inside one goroutine, no deadlock.
func (c *cache) swap(k string, wait bool) {
	if wait {
		c.mu.Unlock()
		c.mu.Lock()
	}
	c.m[k]++
}

func (c *cache) Bump(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.swap(k, true)
}

// A store whose read path read-locks unless told not to.
type store struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *store) read(k string, held bool) int {
	if !held {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	return s.m[k]
}

// Update holds the write lock and read-locks again through read.
func (s *store) Update(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = s.read(k, false) + 1 // want `read read-locks s.mu when called with held=false, and this goroutine already holds it: the call deadlocks`
}

func (s *store) Writer(k string) {
	s.mu.Lock()
	s.m[k] = 0
	s.mu.Unlock()
}

// yield, told to wait, releases the caller's lock first on one path: the
// lock is taken again while held only on the other, not on every path.
func (c *cache) yield(k string, wait bool) {
	if !wait {
		return
	}
	if c.m[k] > 0 {
		c.mu.Unlock()
		c.mu.Lock()
		return
	}
	c.mu.Lock()
	c.m[k]++
	c.mu.Unlock()
}

func (c *cache) Settle(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.yield(k, true)
}

// A cache whose Cond's L is its mutex: fill, told the caller holds it,
// releases it through the Cond before it locks it.
type condCache struct {
	mu   sync.Mutex
	cond *sync.Cond
	m    map[string]int
}

func (c *condCache) fill(k string, held bool) {
	if !held {
		return
	}
	c.cond.L.Unlock()
	c.mu.Lock()
	c.m[k] = 1
	c.mu.Unlock()
	c.cond.L.Lock()
}

func (c *condCache) Refill(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fill(k, true)
}

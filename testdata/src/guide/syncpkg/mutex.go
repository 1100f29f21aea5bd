package syncpkg

import "sync"

// SafeCounter is the guide's "Mutex".
type SafeCounter struct {
	mu    sync.Mutex
	count int
}

func (c *SafeCounter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count++
}

func (c *SafeCounter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// Cache is the guide's "RWMutex".
type Cache struct {
	mu    sync.RWMutex
	items map[string]string
}

func (c *Cache) Get(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[key]
	return v, ok
}

func (c *Cache) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = value
}

// addLocked follows the "…Locked" convention: the caller holds c.mu.
func (c *Cache) addLocked(key, value string) {
	if _, ok := c.items[key]; !ok {
		c.items[key] = value
	}
}

// SetDefaults calls a …Locked helper while holding the lock: not a double lock.
func (c *Cache) SetDefaults(defaults map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range defaults {
		c.addLocked(k, v)
	}
}

// Reset unlocks on every path without defer.
func (c *Cache) Reset(ifEmpty bool) bool {
	c.mu.Lock()
	if ifEmpty && len(c.items) != 0 {
		c.mu.Unlock()
		return false
	}
	c.items = make(map[string]string)
	c.mu.Unlock()
	return true
}

// TrySet gives up rather than wait for the lock.
func (c *Cache) TrySet(key, value string) bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.items[key] = value
	return true
}

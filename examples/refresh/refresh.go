// Package refresh keeps a value fresh in the background.
package refresh

import (
	"context"
	"sync"
	"time"
)

// Cache holds the latest value returned by Load.
type Cache struct {
	Load func() (string, error)

	mu    sync.Mutex
	value string
}

// Value returns the latest value loaded.
func (c *Cache) Value() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value
}

// Start reloads the value every interval until ctx is cancelled.
func (c *Cache) Start(ctx context.Context, interval time.Duration) {
	go c.reload(ctx, interval)
}

// reload is meant to stop with ctx, but never looks at it: every Start
// leaks a goroutine that reloads forever.
func (c *Cache) reload(ctx context.Context, interval time.Duration) {
	for {
		time.Sleep(interval)
		v, err := c.Load()
		if err != nil {
			continue
		}
		c.mu.Lock()
		c.value = v
		c.mu.Unlock()
	}
}

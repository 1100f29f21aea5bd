// Package private guards its fields with an unexported mutex: importers
// cannot lock it, so it exports no Guarded fact, and in a facts-only run
// the check has nothing to do here (TestFactsOnly).
package private

import "sync"

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *counter) Dec() {
	c.mu.Lock()
	c.n--
	c.mu.Unlock()
}

func (c *counter) Get() int {
	return c.n // want `c.n is read without holding c.mu, which guards it at 2 other accesses`
}

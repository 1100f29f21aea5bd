// Package readonly read-locks its table's mutex and never write-locks it:
// a recursive RLock has no writer to wait for.
package readonly

import "sync"

type table struct {
	mu   sync.RWMutex
	rows []int
}

func (t *table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *table) Sum() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	n := t.Len()
	for _, r := range t.rows {
		n += r
	}
	return n
}

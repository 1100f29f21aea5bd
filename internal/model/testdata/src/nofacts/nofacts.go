// Package nofacts imports sync and has mutexes, but nothing a fact of the
// suite can come from: no lock, channel or WaitGroup operation, no call
// of a function value. A facts-only run builds no SSA for it.
package nofacts

import "sync"

var (
	once  sync.Once
	table map[string]int
)

// Registry has a mutex no code of the package takes.
type Registry struct {
	mu    sync.Mutex
	items []string
}

// Len reads without locking: the importer's business.
func (r *Registry) Len() int { return len(r.items) }

func load() { table = map[string]int{"a": 1} }

// Lookup initialises the table once.
func Lookup(k string) int {
	once.Do(load)
	return table[k]
}

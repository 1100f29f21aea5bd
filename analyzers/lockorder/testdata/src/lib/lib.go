// Package lib has one order, Pool.mu then Stats.mu, that its importers see
// through facts.
package lib

import "sync"

type Pool struct {
	mu    sync.Mutex
	stats *Stats
	free  []int
}

type Stats struct {
	mu sync.Mutex
	n  int
}

func (p *Pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Inc()
	return len(p.free)
}

func (p *Pool) Len() int { return len(p.free) }

func (s *Stats) Inc() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// Freeze locks s until Thaw.
func (s *Stats) Freeze() { s.mu.Lock() }

// Thaw unlocks what Freeze locked.
func (s *Stats) Thaw() { s.mu.Unlock() }

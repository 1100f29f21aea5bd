// Package lib has a type whose exported fields its methods guard.
package lib

import "sync"

type Stats struct {
	Mu     sync.Mutex
	Hits   int // want Hits:`guarded by Mu in 2 functions, written by \(\*Stats\)\.Hit`
	Misses int // want Misses:`guarded by Mu in 2 functions, written by \(\*Stats\)\.Miss`
	Name   string
}

func (s *Stats) Hit() {
	s.Mu.Lock()
	s.Hits++
	s.Mu.Unlock()
}

func (s *Stats) Snapshot() (int, int) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	return s.Hits, s.Misses
}

func (s *Stats) Miss() {
	s.Mu.Lock()
	s.Misses++
	s.Mu.Unlock()
}

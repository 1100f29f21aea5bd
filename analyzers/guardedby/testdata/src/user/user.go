// Package user reads lib's guarded fields.
package user

import "lib"

func Ratio(s *lib.Stats) float64 {
	return float64(s.Hits) / float64(s.Misses+1) // want `s\.Hits is read without holding s\.Mu, which guards it in 2 functions of package lib`
}

func Reset(s *lib.Stats) {
	s.Misses = 0 // want `s\.Misses is written without holding s\.Mu`
}

// Silent: the lock is held.
func Locked(s *lib.Stats) int {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	return s.Hits + s.Misses
}

// Silent: Name is not guarded in lib.
func Name(s *lib.Stats) string { return s.Name }

// Silent: a value made here.
func Fresh() *lib.Stats {
	s := &lib.Stats{}
	s.Hits = 1
	return s
}

package user

import "lib"

func snapshot(p *lib.Pool, s *lib.Stats) int {
	s.Freeze()
	defer s.Thaw()
	return p.Get() // want `lock order inversion: lib.Pool.mu is locked while holding lib.Stats.mu, but lib.\(\*Pool\).Get \(lib.go:\d+\) locks lib.Stats.mu while holding lib.Pool.mu`
}

func thawed(p *lib.Pool, s *lib.Stats) int {
	s.Freeze()
	s.Thaw()
	return p.Get()
}

func noLock(p *lib.Pool, s *lib.Stats) int {
	s.Freeze()
	defer s.Thaw()
	return p.Len()
}

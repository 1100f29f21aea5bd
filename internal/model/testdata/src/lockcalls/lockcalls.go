package lockcalls

import (
	"lockfx"
	"sync"
)

func use(s, o *lockfx.S, mu *sync.Mutex) {
	s.Hold()          // want `Hold holds s.mu`
	defer s.Release() // want `Release releases s.mu deferred`
	o.Get()           // want `Get locks o.mu`
	o.Read()          // want `Read locks o.rw read`
	lockfx.Both(s, o) // want `Both locks s.mu` `Both locks o.mu`
	lockfx.Lock(mu)   // want `Lock holds mu`
	s.Maybe(true)
	s.DropLocked()
	s.Leaky()
	mu.Unlock()
}

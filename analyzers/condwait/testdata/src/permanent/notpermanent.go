package permanent

import "sync"

// The condition can be made false again: a waiter woken for one value may
// find it gone.
type slot struct {
	mu   sync.Mutex
	cond *sync.Cond
	val  *block
}

func newSlot() *slot {
	s := &slot{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *slot) put(b *block) {
	s.mu.Lock()
	s.val = b
	s.mu.Unlock()
	s.cond.Signal()
}

func (s *slot) take() *block {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.val == nil {
		s.cond.Wait() // want `s.cond.Wait is not in a for loop that re-checks the condition`
	}
	b := s.val
	s.val = nil
	return b
}

// A Broadcast that can come before the condition is true.
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	open   bool
	closed bool
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) release() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

func (g *gate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.cond.Broadcast() // wakes waiters with open still false
}

func (g *gate) pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.open {
		g.cond.Wait() // want `g.cond.Wait is not in a for loop`
	}
}

// Exported, so other packages may store or signal.
type Flag struct {
	mu   sync.Mutex
	cond *sync.Cond
	Set  bool
}

func NewFlag() *Flag {
	f := &Flag{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

func (f *Flag) Raise() {
	f.mu.Lock()
	f.Set = true
	f.mu.Unlock()
	f.cond.Broadcast()
}

func (f *Flag) Wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.Set {
		f.cond.Wait() // want `f.cond.Wait is not in a for loop`
	}
}

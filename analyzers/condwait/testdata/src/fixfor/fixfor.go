package fixfor

import "sync"

type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
	n    int
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// The if's only statement is the Wait: for instead of if.
func (g *Gate) Pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.open {
		g.cond.Wait() // want `g.cond.Wait is not in a for loop`
	}
	g.n++
}

// No fix: the if has an else.
func (g *Gate) PassOrCount() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.open {
		g.cond.Wait() // want `g.cond.Wait is not in a for loop`
	} else {
		g.n++
	}
}

// Kick wakes the waiters.
func (g *Gate) Kick() { g.cond.Broadcast() }

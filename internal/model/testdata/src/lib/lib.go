// Package lib exports functions whose ParamOps facts other packages use.
package lib

import "sync"

type Pool struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

// Start counts one worker on the pool's WaitGroup.
func (p *Pool) Start() { // want Start:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\) Add\(0.wg\)\)` Start:`lockEffects\(locks\(0.mu\)\)` Start:`lockAcquires\(lib\.Pool\.mu\)`
	p.mu.Lock()
	p.wg.Add(1)
	p.mu.Unlock()
}

// Track adds to the WaitGroup it is given, through a literal it calls.
func Track(wg *sync.WaitGroup, n int) { // want Track:`paramOps\(Add\(0\)\)`
	func() {
		wg.Add(n)
	}()
}

// Forward hands its WaitGroup to Track: the fact propagates.
func Forward(wg *sync.WaitGroup) { // want Forward:`paramOps\(Add\(0\)\)`
	Track(wg, 1)
}

// Send sends on its channel parameter and calls its stop function.
func Send(ch chan<- int, stop func()) { // want Send:`paramOps\(baresend\(0\) send\(0\) call\(1\)\)`
	defer stop()
	ch <- 1
}

// TrySend sends in a select with a way out: no bare send.
func TrySend(ch chan<- int, done <-chan struct{}) { // want TrySend:`paramOps\(send\(0\) recv\(1\)\)`
	select {
	case ch <- 1:
	case <-done:
	}
}

// Stream sends every x, bare, in a loop.
func Stream(ch chan<- int, xs []int) { // want Stream:`paramOps\(baresend\(0\) send\(0\) sendloop\(0\)\)`
	for _, x := range xs {
		ch <- x
	}
}

// Later spawns the Add: nothing happens before it returns, so no fact.
func Later(wg *sync.WaitGroup) {
	go func() {
		wg.Add(1)
	}()
}

type node struct {
	mu   sync.Mutex
	next *node
}

// walk recurses through a field: its fact stays finite.
func (n *node) walk() { // want walk:`paramOps\(Lock\(0.mu\) Unlock\(0.mu\) Lock\(0.next.mu\) Unlock\(0.next.mu\) Lock\(0.next.next.mu\) Unlock\(0.next.next.mu\)\)` walk:`lockEffects\(locks\(0.mu\)\)` walk:`lockAcquires\(lib\.node\.mu\)`
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.next != nil {
		n.next.walk()
	}
}

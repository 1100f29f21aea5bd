package a

import "sync"

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Wait under if: the condition is not re-checked after the wakeup.
func (q *Queue) PopIf() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait() // want `q.cond.Wait is not in a for loop that re-checks the condition`
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// Wait without holding q.mu, which is q.cond.L.
func (q *Queue) PopUnlocked() int {
	for len(q.items) == 0 {
		q.cond.Wait() // want `q.cond.Wait without holding q.mu \(q.cond.L\)`
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// Unlocked before the loop.
func (q *Queue) Drain() []int {
	q.mu.Lock()
	out := q.items
	q.items = nil
	q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait() // want `q.cond.Wait without holding q.mu`
	}
	return out
}

// A local Cond.
func waitReady(ready *bool) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		mu.Lock()
		*ready = true
		mu.Unlock()
		c.Broadcast()
	}()
	mu.Lock()
	if !*ready {
		c.Wait() // want `c.Wait is not in a for loop that re-checks the condition`
	}
	mu.Unlock()
}

// A struct literal.
type Pool struct {
	mu   sync.Mutex
	cond sync.Cond
	free int
}

func NewPool(n int) *Pool {
	p := &Pool{free: n}
	p.cond.L = &p.mu
	return p
}

func (p *Pool) Get() {
	p.mu.Lock()
	if p.free == 0 {
		p.cond.Wait() // want `p.cond.Wait is not in a for loop`
	}
	p.free--
	p.mu.Unlock()
}

func (p *Pool) GetNoLock() {
	for p.free == 0 {
		p.cond.Wait() // want `p.cond.Wait without holding p.mu \(p.cond.L\)`
	}
	p.mu.Lock()
	p.free--
	p.mu.Unlock()
}

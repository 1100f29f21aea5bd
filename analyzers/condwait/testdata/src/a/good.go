package a

import (
	"context"
	"sync"
)

func (q *Queue) Push(item int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

// The guide's form: lock, for loop re-checking, Wait.
func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// A for loop with the check inside.
func (q *Queue) PopOrClosed(closed *bool) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			break
		}
		if *closed {
			return 0, false
		}
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

// Locked through c.L, the Locker interface.
func waitFlag(c *sync.Cond, flag *bool) {
	c.L.Lock()
	for !*flag {
		c.Wait()
	}
	c.L.Unlock()
}

// A …Locked helper: the caller holds q.mu.
func (q *Queue) waitLocked() {
	for len(q.items) == 0 {
		q.cond.Wait()
	}
}

func (q *Queue) Peek() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitLocked()
	return q.items[0]
}

// A helper that only waits, called in a loop by its caller.
func (q *Queue) wait() { q.cond.Wait() }

func (q *Queue) PopVia() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// A Cond whose L is unknown here.
type Waiter struct {
	C   *sync.Cond
	mu  sync.Mutex
	Set bool
}

func (w *Waiter) Await() {
	w.mu.Lock()
	w.mu.Unlock()
	for !w.Set {
		w.C.Wait()
	}
}

// A Cond over a read locker.
type Board struct {
	mu   sync.RWMutex
	cond *sync.Cond
	v    int
}

func NewBoard() *Board {
	b := &Board{}
	b.cond = sync.NewCond(b.mu.RLocker())
	return b
}

func (b *Board) Set(v int) {
	b.mu.Lock()
	b.v = v
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (b *Board) Await(v int) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for b.v < v {
		b.cond.Wait()
	}
}

// Waiting in a loop with a context check: lock held, re-checked.
func (q *Queue) PopCtx(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, nil
}

// Lock and unlock around each wait in the loop body.
func (p *Pool) Put() {
	p.mu.Lock()
	p.free++
	p.mu.Unlock()
	p.cond.Signal()
}

func (p *Pool) GetEach() {
	for {
		p.mu.Lock()
		if p.free > 0 {
			p.free--
			p.mu.Unlock()
			return
		}
		p.cond.Wait()
		p.mu.Unlock()
	}
}

// A range loop with a wait per element.
func (p *Pool) GetN(ids []int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range ids {
		for p.free == 0 {
			p.cond.Wait()
		}
		p.free--
	}
}

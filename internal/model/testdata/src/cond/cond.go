package cond

import "sync"

type queue struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) take() {
	q.mu.Lock()
	for q.n == 0 {
		q.cond.Wait() // want `Wait: q.mu`
	}
	q.n--
	q.mu.Unlock()
}

// A Cond value in the struct, its L set by assignment.
type gate struct {
	mu   sync.RWMutex
	cond sync.Cond
	open bool
}

func newGate() *gate {
	g := &gate{}
	g.cond.L = &g.mu
	return g
}

func (g *gate) pass() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait() // want `Wait: g.mu`
	}
	g.mu.Unlock()
}

// A reader's lock is not a mutex the model names.
type view struct {
	mu   sync.RWMutex
	cond *sync.Cond
}

func newView() *view {
	v := &view{}
	v.cond = sync.NewCond(v.mu.RLocker())
	return v
}

func (v *view) await() {
	v.mu.RLock()
	v.cond.Wait() // want `Wait: unknown`
	v.mu.RUnlock()
}

// Two constructors that disagree: no answer.
type pair struct {
	a, b sync.Mutex
	cond *sync.Cond
}

func newPairA() *pair {
	p := &pair{}
	p.cond = sync.NewCond(&p.a)
	return p
}

func newPairB() *pair {
	p := &pair{}
	p.cond = sync.NewCond(&p.b)
	return p
}

func (p *pair) await() {
	p.cond.Wait() // want `Wait: unknown`
}

// A package variable, and a local.
var (
	jobsMu   sync.Mutex
	jobsCond = sync.NewCond(&jobsMu)
)

func awaitJob() {
	jobsMu.Lock()
	jobsCond.Wait() // want `Wait: jobsMu`
	jobsMu.Unlock()
}

func local() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	c.Wait() // want `Wait: mu`
	mu.Unlock()
}

// A generic type's field: the rule is per field of the origin type.
type box[T any] struct {
	mu   sync.Mutex
	cond *sync.Cond
	v    T
}

func newBox[T any]() *box[T] {
	b := &box[T]{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *box[T]) await() {
	b.mu.Lock()
	b.cond.Wait() // want `Wait: b.mu`
	b.mu.Unlock()
}

// Package copylock mirrors the shapes of go vet's copylocks test data in
// concvet's own code: values holding locks copied by assignment,
// declaration, literal, argument, receiver and range. Copying a lock is
// copylocks' domain, not concvet's: no line here may be reported (see
// analyzers/parity_test.go).
package copylock

import (
	"sync"
	"sync/atomic"
)

type guarded struct {
	once sync.Once
	mu   sync.Mutex
	n    int
}

type embedsRW struct {
	sync.RWMutex
}

func (embedsRW) byValue()      {}
func (*embedsRW) byPointer()   {}
func takesMutex(sync.Mutex)    {}
func takesGuarded(guarded)     {}
func returnsMutex() sync.Mutex { return sync.Mutex{} }

var closureByValue = func(sync.Mutex) {}

func copies(p *sync.Mutex, g *guarded) {
	var a sync.Mutex
	b := *p
	a = b
	var c = *g
	d := guarded{mu: *p}
	m := map[int]guarded{1: *g}
	s := []guarded{*g, c}
	var locks [3]sync.Mutex
	more := locks
	locks = more
	keyed := map[string]guarded{"x": {}}
	got := keyed["x"]
	got2, ok := keyed["x"]
	_, _, _, _, _, _, _ = a, d, m, s, got, got2, ok
	takesMutex(a)
	takesGuarded(c)
	closureByValue(b)
	_ = returnsMutex()
	e := embedsRW{}
	e.byValue()
	e.byPointer()
}

func syncTypes() {
	var rw sync.RWMutex
	rw2 := rw
	var cond sync.Cond
	cond2 := cond
	var wg sync.WaitGroup
	wg2 := wg
	var pool sync.Pool
	pool2 := pool
	var once sync.Once
	once2 := once
	var v atomic.Value
	v2 := v
	_, _, _, _, _, _ = &rw2, &cond2, &wg2, &pool2, &once2, &v2
}

func ranges(ms []sync.Mutex, gs map[string]guarded) {
	for _, m := range ms {
		_ = &m
	}
	for k, g := range gs {
		_, _ = k, &g
	}
	var arr [2]sync.Mutex
	for _, m := range arr {
		_ = &m
	}
}

func locksOnCopies(g *guarded) int {
	local := *g
	local.mu.Lock()
	defer local.mu.Unlock()
	return local.n
}

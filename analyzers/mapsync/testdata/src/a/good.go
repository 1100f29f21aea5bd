package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"worklib"
)

func lockedMap() int {
	m := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		mu.Lock()
		m["a"] = 1
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		mu.Lock()
		defer mu.Unlock()
		_ = m["a"]
	}()
	wg.Wait()
	return m["a"]
}

func lockedLoop(words []string) map[string]int {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			counts[w]++
		})
	}
	wg.Wait()
	return counts
}

func rwLocked() {
	m := map[int]int{}
	var mu sync.RWMutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		m[1] = 2
		mu.Unlock()
		done <- true
	}()
	mu.RLock()
	_ = m[1]
	mu.RUnlock()
	<-done
}

func syncMap() {
	var m sync.Map
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m.Store("a", 1) }()
	go func() { defer wg.Done(); _, _ = m.Load("a") }()
	wg.Wait()
}

func oneWriter(keys []string) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, k := range keys {
			m[k] = i
		}
	}()
	wg.Wait()
	return m
}

func oneWriterChannel(keys []string) map[string]int {
	m := make(map[string]int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i, k := range keys {
			m[k] = i
		}
	}()
	<-done
	return m
}

func oneWriterResult(ctx context.Context, keys []string) (map[string]int, error) {
	m := make(map[string]int)
	errc := make(chan error, 1)
	go func() {
		for i, k := range keys {
			m[k] = i
		}
		errc <- nil
	}()
	select {
	case err := <-errc:
		return m, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func oneWriterErrgroup(ctx context.Context, keys []string) map[string]int {
	m := make(map[string]int)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		for i, k := range keys {
			m[k] = i
		}
		return nil
	})
	_ = g.Wait()
	return m
}

func madeInGoroutine(items [][]string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			seen := map[string]bool{}
			for _, s := range it {
				seen[s] = true
			}
		})
	}
	wg.Wait()
}

func perGoroutineMaps(lines [][]string) map[string]int {
	parts := make([]map[string]int, len(lines))
	var wg sync.WaitGroup
	for i, ws := range lines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make(map[string]int)
			for _, w := range ws {
				local[w]++
			}
			parts[i] = local
		}()
	}
	wg.Wait()
	total := make(map[string]int)
	for _, p := range parts {
		for k, v := range p {
			total[k] += v
		}
	}
	return total
}

func perIterationMap(groups [][]string) {
	var wg sync.WaitGroup
	for _, g := range groups {
		m := map[string]int{}
		m["first"] = 0
		wg.Go(func() {
			for _, s := range g {
				m[s]++
			}
		})
	}
	wg.Wait()
}

func readOnly(keys []string) {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { _ = m[k] })
	}
	wg.Wait()
}

func writeBeforeSpawn() {
	m := map[int]int{}
	done := make(chan struct{})
	m[0] = 1
	go func() {
		defer close(done)
		m[1] = 1
	}()
	<-done
	m[2] = 2
}

func serialLoop(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k]++
		}()
		wg.Wait()
	}
}

type counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counter) inc(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k]++
}

func lockInsideMethod(c *counter, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { c.inc(k) })
	}
	wg.Wait()
}

func waitsForSpawner(in chan string) {
	m := map[string]int{}
	go func() {
		for k := range in {
			m[k]++
		}
	}()
	in <- "a"
	close(in)
}

func lockedByHelper(c *counter, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			c.lock()
			c.m[k]++
			c.unlock()
		})
	}
	wg.Wait()
}

func (c *counter) lock()   { c.mu.Lock() }
func (c *counter) unlock() { c.mu.Unlock() }

// Guarded-by inference: silent cases.

type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

// NewRegistry fills the map before the registry is shared.
func NewRegistry() *Registry {
	r := &Registry{items: map[string]int{}}
	r.items["default"] = 0
	return r
}

func (r *Registry) Add(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[k] = 1
}

func (r *Registry) Set(k string, v int) {
	r.mu.Lock()
	r.addLocked(k, v)
	r.items[k+"!"] = v
	r.mu.Unlock()
}

func (r *Registry) addLocked(k string, v int) {
	r.items[k] = v
}

// Drop removes k. The caller must hold r.mu.
func (r *Registry) Drop(k string) {
	delete(r.items, k)
}

func (r *Registry) remove(k string) {
	delete(r.items, k)
}

func (r *Registry) Remove(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.remove(k)
}

type Once struct {
	mu sync.Mutex
	m  map[int]int
}

func (o *Once) A() { o.mu.Lock(); o.m[1] = 1; o.mu.Unlock() }

// B writes without the lock, but only one write is guarded: no majority
// of evidence that mu guards m.
func (o *Once) B() { o.m[2] = 2 }

func doneThroughHelper(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer worklib.Finish(&wg)
		for _, k := range keys {
			m[k]++
		}
	}()
	wg.Wait()
	m["total"] = len(keys)
	return m
}

type pool struct {
	mu    sync.Mutex
	conns map[int]bool
}

// startLocked starts a dialer; s.mu must be held.
func (p *pool) startLocked(id int) {
	go func() {
		p.mu.Lock()
		p.conns[id] = true
		p.mu.Unlock()
	}()
	p.conns[-id] = false
}

type Streams struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Streams) Add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k]++
}

func (s *Streams) Put(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

type collection struct {
	s *Streams
}

// Start locks the streams for the collection; Finish unlocks them.
func (s *Streams) Start() *collection {
	s.mu.Lock()
	return &collection{s: s}
}

func (c *collection) Finish(keys []string) {
	for _, k := range keys {
		delete(c.s.m, k)
	}
	c.s.mu.Unlock()
}

func writeAfterWait(keys []string) {
	seen := map[string]bool{"a": true}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			_ = seen[k]
		}
	}()
	<-done
	seen["x"] = true
}

package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func countWords(lines []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Add(1)
		go func(l string) {
			defer wg.Done()
			counts[l]++ // want `counts is written by every goroutine started in this loop without a lock`
		}(line)
	}
	wg.Wait()
	return counts
}

func readWhileWriting() int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = 1 // want `m is written by this goroutine while the function that starts it reads m before waiting for it`
	}()
	n := m["b"]
	wg.Wait()
	return n
}

func siblings() {
	m := make(map[string]int)
	go func() { m["a"] = 1 }() // want `m is written by this goroutine while another goroutine of the same function reads it`
	go func() { _ = m["a"] }()
}

func deleteInLoop(m map[int]bool, ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			delete(m, id) // want `m is written by every goroutine started in this loop`
		})
	}
	wg.Wait()
}

type server struct {
	sessions map[string]int
}

func (s *server) loop() {
	s.sessions["x"] = 1 // want `s.sessions is written by this goroutine while the function that starts it writes s.sessions`
}

func (s *server) start() {
	go s.loop()
	s.sessions["y"] = 2
}

var registry = map[string]int{}

func errgroupLoop(ctx context.Context, names []string) error {
	g, _ := errgroup.WithContext(ctx)
	for _, n := range names {
		g.Go(func() error {
			registry[n] = len(n) // want `registry is written by every goroutine started in this loop`
			return nil
		})
	}
	return g.Wait()
}

func mutexOnOneSide() {
	m := map[int]int{}
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		mu.Lock()
		m[1] = 1 // want `m is written by this goroutine while the function that starts it reads m`
		mu.Unlock()
	}()
	for range m {
	}
	<-done
}

func waitOnlyOnOnePath(b bool) int {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		clear(m) // want `m is written by this goroutine while the function that starts it reads m`
	}()
	if b {
		wg.Wait()
	}
	return m[0]
}

// Guarded-by inference.

type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func (c *Cache) PutAll(kv map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range kv {
		c.m[k] = v
	}
}

func (c *Cache) Forget(k string) {
	delete(c.m, k) // want `c.m is written without holding c.mu, which guards it at 2 other writes`
}

func writeAfterGo(keys []string) {
	seen := map[string]bool{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			_ = seen[k]
		}
	}()
	seen["x"] = true // want `seen is written after the go statement while the goroutine reads it`
	<-done
}

package races

import (
	"sync"
	"sync/atomic"
)

// atomicCounter is the guide's FIX for the shared counter: atomics, read
// atomically after the goroutines are done.
func atomicCounter() int64 {
	var counter int64
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); atomic.AddInt64(&counter, 1) }()
	go func() { defer wg.Done(); atomic.AddInt64(&counter, 1) }()
	wg.Wait()
	return atomic.LoadInt64(&counter)
}

// typedCounter uses the atomic types (Go 1.19), which cannot be read plainly.
func typedCounter() int64 {
	var counter atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { counter.Add(1) })
	}
	wg.Wait()
	return counter.Load()
}

// lockedMap is the guide's FIX for the map: both accesses under one mutex.
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

// syncMap is the guide's other FIX: sync.Map.
func syncMap() {
	var m sync.Map
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m.Store("a", 1) }()
	go func() { defer wg.Done(); _, _ = m.Load("a") }()
	wg.Wait()
}

// oneWriter fills the map in one goroutine and reads it after Wait.
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

// perGoroutineMaps gives every goroutine its own map and merges after Wait.
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

// readOnly fills the map before the goroutines start; they only read it.
func readOnly(keys []string) int {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { total.Add(int64(m[k])) })
	}
	wg.Wait()
	return int(total.Load())
}

// The guide's "Atomic Operations".
var (
	counter int64
	flag    int32
)

func atomicOps() int64 {
	// Increment
	atomic.AddInt64(&counter, 1)

	// Load/Store
	val := atomic.LoadInt64(&counter)
	atomic.StoreInt64(&counter, 100)

	// Compare and Swap
	if atomic.CompareAndSwapInt32(&flag, 0, 1) {
		// Successfully changed from 0 to 1
	}
	return val
}

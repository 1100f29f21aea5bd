package races

import (
	"sync"
	"sync/atomic"
)

// sharedCounter is "RACE: Shared variable without synchronization".
func sharedCounter() int {
	var counter int
	go func() { counter++ }() // RACE(closurecapture): written by two goroutines without synchronization // want `closurecapture: counter is written by this goroutine while another goroutine of the same function writes it`
	go func() { counter++ }()
	settle()
	return counter
}

// sharedMap is "RACE: Map concurrent access": a write and a read of the same
// map in two goroutines; the runtime aborts with "concurrent map writes" or
// "concurrent map read and map write".
func sharedMap() {
	m := make(map[string]int)
	go func() { m["a"] = 1 }() // RACE(mapsync): written while another goroutine reads m // want `mapsync: m is written by this goroutine while another goroutine of the same function reads it`
	go func() { _ = m["a"] }()
	settle()
}

// countWords writes a shared map from a goroutine per line.
func countWords(lines []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, line := range lines {
		wg.Add(1)
		go func(l string) {
			defer wg.Done()
			counts[l]++ // RACE(mapsync): every goroutine of the loop writes counts // want `mapsync: counts is written by every goroutine started in this loop without a lock`
		}(line)
	}
	wg.Wait()
	return counts
}

// hits is incremented atomically but read plainly: the plain read races
// with the atomic writes.
var hits int64

func hit() { atomic.AddInt64(&hits, 1) }

func report() int64 {
	return hits // RACE(atomicmix): plain read of a variable written with sync/atomic // want `atomicmix: hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it`
}

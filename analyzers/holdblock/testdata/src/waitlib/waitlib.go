// Package waitlib has helpers that wait on a WaitGroup they are given.
package waitlib

import "sync"

// WaitAll waits for every goroutine wg counts.
func WaitAll(wg *sync.WaitGroup) { wg.Wait() }

// WaitUnlocking releases mu while it waits.
func WaitUnlocking(mu *sync.Mutex, wg *sync.WaitGroup) {
	mu.Unlock()
	wg.Wait()
	mu.Lock()
}

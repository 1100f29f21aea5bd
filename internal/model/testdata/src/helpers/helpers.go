// Package helpers has no expectations: TestHelpers inspects its model
// directly.
package helpers

import "sync"

func fill(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Add(1) // in the loop
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait() // after it
}

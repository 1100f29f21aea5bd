// Package clean has nothing to report.
package clean

import "sync"

// Sum adds xs concurrently, correctly.
func Sum(xs []int) int {
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		total int
	)
	for _, x := range xs {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			total += x
		})
	}
	wg.Wait()
	return total
}

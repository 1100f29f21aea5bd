// Package tested has tests of its own and external ones: go vet vets its
// test variant and its _test package, both named by import path alone.
package tested

import "sync"

func Count(n int) {
	var wg sync.WaitGroup
	for range n {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}

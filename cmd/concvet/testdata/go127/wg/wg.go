// Package wg is in a module that says go 1.27: the suite must run on it
// under go vet and standalone, with the go/types and go/ssa of a Go 1.27
// toolchain (TestGo127).
package wg

import "sync"

func Reported(n int) {
	var wg sync.WaitGroup
	for range n {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}

// Go125 uses WaitGroup.Go, which needs no Add: silent.
func Go125(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {})
	}
	wg.Wait()
}

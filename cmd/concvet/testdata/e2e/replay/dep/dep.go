// Package dep has a finding and no test files: go vet 1.26 vets it for
// facts only when replay/user is vetted, then replays that empty result
// when dep itself is vetted, unless the tool is run with -depdiags.
package dep

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

// Package sa2000 mirrors, in concvet's own code, the bug lines of
// staticcheck's SA2000 (WaitGroup.Add inside the goroutine) test data (see
// analyzers/parity_test.go).
package sa2000

import "sync"

func upload(string) {}

func uploads() {
	var group sync.WaitGroup
	group.Add(1)
	go func() {
		group.Done()
	}()

	// The Add above counted the first goroutine only.
	go func() {
		group.Add(1) // PEER(SA2000) wgadd
		group.Done()
	}()

	// A copy of the WaitGroup: its Done never reaches group, and
	// group.Wait below never returns.
	group.Add(1)
	go func(g sync.WaitGroup) {
		g.Done() // EXTRA(wgadd)
	}(group)

	group.Add(1)
	go func(g *sync.WaitGroup) {
		g.Done()
	}(&group)

	group.Wait()
}

// Silent: a function given a WaitGroup adds to it (its copy).
func addToCopy(g sync.WaitGroup) {
	g.Add(1)
}

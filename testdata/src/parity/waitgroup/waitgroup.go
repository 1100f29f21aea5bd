// Package waitgroup mirrors, in concvet's own code, the bug lines of go
// vet's waitgroup test data (see analyzers/parity_test.go).
package waitgroup

import "sync"

func record(string) {}

// The goroutine is counted before it starts, and adds to the same
// WaitGroup again as its first statement: it is counted twice.
func countedAgain() {
	var pending sync.WaitGroup
	pending.Add(1)
	go func() {
		pending.Add(1) // PEER(waitgroup) wgadd
		record("started")
		pending.Add(1)
	}()
	pending.Add(1)
}

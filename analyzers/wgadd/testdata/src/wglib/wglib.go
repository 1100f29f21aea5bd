// Package wglib is another package whose functions operate on the
// WaitGroup they are given; wgadd sees them through facts.
package wglib

import "sync"

// Worker counts itself: it must not be started with go by a caller that
// waits.
func Worker(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	defer wg.Done()
	f()
}

// Finish marks one unit done.
func Finish(wg *sync.WaitGroup) {
	wg.Done()
}

// Run does the work; the caller counts.
func Run(f func()) { f() }

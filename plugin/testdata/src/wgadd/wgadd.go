// Package wgadd has a wgadd finding with a fix and one silenced by
// //concvet:ignore.
package wgadd

import "sync"

func work(int) {}

func Reported(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1) // want `^wg.Add inside the goroutine it counts races with wg.Wait, .* \[the go statement: line 12; the Wait: line 18\]$`
			defer wg.Done()
			work(i)
		}()
	}
	wg.Wait()
}

func Silenced(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1) //concvet:ignore wgadd Wait is called by the test only after every goroutine has started
			defer wg.Done()
			work(i)
		}()
	}
	wg.Wait()
}

// Package ignore is checked with the ignore analyzer as the root, as
// golangci-lint runs it: wgadd runs for it but its finding is not reported
// (ignore's own run does not report it), the directive that silences a wgadd
// finding is used, and only the directive that silences nothing is reported.
package ignore

import "sync"

func work(int) {}

func NotReported(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1)
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

func Unused() {
	//concvet:ignore wgadd nothing to silence // want `^concvet:ignore directive for wgadd silences nothing`
	work(0)
}

package fixdone

import "sync"

func step() error { return nil }

func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if err := step(); err != nil {
				return // want `this return skips wg.Done`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

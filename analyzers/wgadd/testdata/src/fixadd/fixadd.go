package fixadd

import "sync"

func fetch(string) {}

func fetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts`
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// The argument depends on the goroutine: no fix.
func dependent(batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		go func(b []string) {
			wg.Add(len(b)) // want `wg.Add inside the goroutine it counts`
			for _, u := range b {
				fetch(u)
				wg.Done()
			}
		}(b)
	}
	wg.Wait()
}

package workers

import "sync"

// The guide's worker pools with their closing step wrong.

// workerPoolEarlyClose closes results before the workers are done: a worker
// still sending panics with "send on closed channel".
func workerPoolEarlyClose(jobs <-chan Job, results chan<- Result, numWorkers int) {
	var wg sync.WaitGroup

	for i := 0; i < numWorkers; i++ {
		wg.Add(1)
		go func(workerID int) {
			defer wg.Done()
			for job := range jobs {
				results <- process(job) // PANIC(chanclose): may run after close(results) below // want `chanclose: send on results can run after close\(results\) on line 22`
			}
		}(i)
	}

	close(results)
	wg.Wait()
}

// collectNoClose is the pool with its results channel never closed: the
// range blocks forever after the last result.
func collectNoClose(jobs <-chan Job, numWorkers int) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < numWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				results <- process(job)
			}
		}()
	}
	var out []Result
	for r := range results { // LEAK(leakrecv): results is never closed // want `leakrecv: range over results never ends: results is never closed`
		out = append(out, r)
	}
	wg.Wait()
	return out
}

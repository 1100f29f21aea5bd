package workers

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// workerPool is the guide's "Fixed Worker Pool".
func workerPool(jobs <-chan Job, results chan<- Result, numWorkers int) {
	var wg sync.WaitGroup

	for i := 0; i < numWorkers; i++ {
		wg.Add(1)
		go func(workerID int) {
			defer wg.Done()
			for job := range jobs {
				result := process(job)
				results <- result
			}
		}(i)
	}

	wg.Wait()
	close(results)
}

// workerPoolWithContext is the guide's "Worker Pool with Context".
func workerPoolWithContext(ctx context.Context, jobs <-chan Job, numWorkers int) <-chan Result {
	results := make(chan Result)
	var wg sync.WaitGroup

	for i := 0; i < numWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case job, ok := <-jobs:
					if !ok {
						return
					}
					select {
					case results <- process(job):
					case <-ctx.Done():
						return
					}
				}
			}
		}()
	}

	go func() {
		wg.Wait()
		close(results)
	}()

	return results
}

// runPool feeds a pool and collects every result: the producer closes jobs
// when done, the pool closes results after its workers finish.
func runPool(ctx context.Context, all []Job) []Result {
	jobs := make(chan Job)
	go func() {
		defer close(jobs)
		for _, j := range all {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	var out []Result
	for r := range workerPoolWithContext(ctx, jobs, 4) {
		out = append(out, r)
	}
	return out
}

// workerPoolGo is the fixed pool with WaitGroup.Go (Go 1.25).
func workerPoolGo(jobs <-chan Job, numWorkers int) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for range numWorkers {
		wg.Go(func() {
			for job := range jobs {
				results <- process(job)
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

// processErrgroup is the pool as an errgroup with a limit; each goroutine
// writes its own element of out.
func processErrgroup(ctx context.Context, all []Job, numWorkers int) ([]Result, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(numWorkers)
	out := make([]Result, len(all))
	for i, j := range all {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			out[i] = process(j)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// closeOnce lets any of several stoppers close done exactly once.
type closeOnce struct {
	once sync.Once
	done chan struct{}
}

func (c *closeOnce) Stop() { c.once.Do(func() { close(c.done) }) }

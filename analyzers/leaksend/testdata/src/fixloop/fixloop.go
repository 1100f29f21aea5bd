package fixloop

import "sync"

// The producer sends once per element of xs: len(xs) slots hold them all.
func firstNegative(xs []int) (int, bool) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // want `send on ch blocks forever if firstNegative stops receiving at line 16 before ch is closed`
		}
	}()
	for v := range ch {
		if v < 0 {
			return v, true
		}
	}
	return 0, false
}

type result struct {
	v   int
	err error
}

func fetch(s string) (int, error) { return len(s), nil }

// One goroutine per element, a closer after wg.Wait(), and a consumer that
// returns on the first error.
func firstError(xs []string) (int, error) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := fetch(x)
			results <- result{v, err} // want `send on results blocks forever if firstError stops receiving at line 49 before results is closed`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		if r.err != nil {
			return 0, r.err
		}
		sum += r.v
	}
	return sum, nil
}

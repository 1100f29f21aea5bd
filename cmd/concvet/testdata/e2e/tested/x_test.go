package tested_test

import (
	"sync"
	"testing"

	"example.com/e2e/tested"
)

func TestX(t *testing.T) {
	tested.Count(1)
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		wg.Done()
	}()
	wg.Wait()
}

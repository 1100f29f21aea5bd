// Package waitgroupgo mirrors the shapes of go vet's waitgroupgo modernizer
// test data (Add(1) then a goroutine that calls Done: correct code that
// wg.Go would shorten) in concvet's own code. No line here may be reported
// (see analyzers/parity_test.go).
package waitgroupgo

import (
	"log"
	"sync"
)

func cleanup() {}

func deferredDone() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Print("one")
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Print("each")
		}()
	}
	wg.Wait()
}

func doneLast() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		log.Print("one")
		wg.Done()
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			log.Print("each")
			wg.Done()
		}()
	}
	wg.Add(1)
	go func() {
		defer func() {
			log.Print("cleanup")
		}()
		log.Print("work")
		wg.Done()
	}()
	wg.Add(1)
	go func() {
		func() {
			defer cleanup()
		}()
		wg.Done()
	}()
	wg.Wait()
}

// Shapes the modernizer leaves alone, still correct.
func notModernized() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(n int) {
		defer wg.Done()
		log.Print(n)
	}(1)
	wg.Add(1)
	go func() {
		log.Print("first")
		defer wg.Done()
	}()
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	var other sync.WaitGroup
	other.Add(1)
	go func() {
		defer other.Done()
	}()
	wg.Wait()
	other.Wait()
}

func wgGo() {
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			log.Print("each")
		})
	}
	wg.Wait()
}

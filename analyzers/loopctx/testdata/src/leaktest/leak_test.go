package leaktest

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func work() {}

// A test's goroutine with no exit outlives the test.
func TestSpin(t *testing.T) {
	done := make(chan struct{})
	go func() {
		for { // want `goroutine outlives the test: the loop has no exit and nothing can end it \(pass a context.Context or a done channel and return when it is closed\)`
			work()
			select {
			case <-done:
			default:
			}
		}
	}()
}

// Stopping a ticker does not close its channel.
func benchmarkUpdater(b *testing.B) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C { // want `goroutine outlives the test`
			work()
		}
	}()
	b.Run("x", func(b *testing.B) {})
	t.Stop()
}

func BenchmarkUpdater(b *testing.B) { benchmarkUpdater(b) }

// The test's goroutine returns on done: silent.
func TestStops(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				work()
			}
		}
	}()
}

// An example is a program: silent.
func ExampleDaemon() {
	go func() {
		for {
			time.Sleep(time.Second)
			work()
		}
	}()
	fmt.Println("ok")
	// Output: ok
}

// A harness that waits for goroutines that never stop runs until killed on
// purpose: silent.
func XTestScenario(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			work()
			time.Sleep(time.Second)
		}
	}()
	wg.Wait()
}

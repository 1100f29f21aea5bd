package a

import "sync"

// Which Add counts a goroutine.

// The Add before the first go statement is used up by the first
// goroutine: the second one's own Add races with Wait.
func secondGoroutine() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		process(1)
	}()
	go func() {
		wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
		defer wg.Done()
		process(2)
	}()
	wg.Wait()
}

// Add(2) counts two goroutines; the third adds for itself.
func thirdOfTwo() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	go func() {
		wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
		wg.Done()
	}()
	wg.Wait()
}

// Silent: Add(2) counts both goroutines, the second one adds for a child.
func twoOfTwo() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() {
		defer wg.Done()
		wg.Add(1)
		go func() { defer wg.Done() }()
	}()
	wg.Wait()
}

// Silent: two Adds of one, two goroutines.
func twoAdds() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Add(1)
	go func() { defer wg.Done() }()
	go func() {
		defer wg.Done()
		wg.Add(1)
		go func() { defer wg.Done() }()
	}()
	wg.Wait()
}

// Silent: a goroutine in between that does not call Done does not use up
// the count.
func notDone(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { ch <- 1 }()
	go func() {
		defer wg.Done()
		wg.Add(1)
		go func() { defer wg.Done() }()
	}()
	<-ch
	wg.Wait()
}

// Silent: Add(len(xs)) counts whatever follows.
func countedByLen(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs) + 1)
	go func() { defer wg.Done() }()
	for range xs {
		go func() {
			defer wg.Done()
			wg.Add(1)
			go func() { defer wg.Done() }()
		}()
	}
	wg.Wait()
}

// An Add inside a goroutine the Add before the go statement already
// counts: the count never returns to zero.

func countedTwice(job func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1) // want `wg.Add inside a goroutine that wg already counts: the Add before the go statement counted it and it starts no goroutine to call Done for this one; its count never returns to zero, so wg.Wait never returns \(remove this Add, or start the goroutine it is meant for\)`
		defer wg.Done()
		job()
	}()
	wg.Wait()
}

// The same with nobody waiting yet (vet's waitgroup pass reports the Add
// too).
func countedTwiceNoWait() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1) // want `wg.Add inside a goroutine that wg already counts: .* so a wg.Wait would never return`
		process(0)
	}()
}

// Silent: the goroutine calls Done once per count.
func doneTwice() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1)
		process(1)
		wg.Done()
		process(2)
		wg.Done()
	}()
	wg.Wait()
}

// Silent: the extra count is for work handed to another goroutine over a
// channel, which calls Done.
func handsWork(work chan func()) {
	var wg sync.WaitGroup
	go func() {
		for f := range work {
			f()
			wg.Done()
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Add(1)
		work <- func() {}
	}()
	wg.Wait()
}

// Silent: the WaitGroup is handed to a helper, which may call Done.
func handsGroup(register func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Add(1)
		register(&wg)
	}()
	wg.Wait()
}

// A WaitGroup passed by value: the goroutine's Done decrements a copy.

func byValue() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(wg sync.WaitGroup) {
		wg.Done() // want `wg.Done is called on a copy of wg, passed by value: the copy's Done never reaches the original, whose Wait blocks forever \(pass a \*sync.WaitGroup\)`
	}(wg)
	wg.Wait()
}

func finishCopy(wg sync.WaitGroup, x int) {
	defer wg.Done()
	process(x)
}

func byValueNamed(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go finishCopy(wg, x) // want `finishCopy calls Done on a copy of wg, passed by value: the copy's Done never reaches the original, whose Wait blocks forever`
	}
	wg.Wait()
}

// Never counted: still a copy, whose counter was zero when it was made.
func byValueUncounted() {
	var wg sync.WaitGroup
	go func(wg sync.WaitGroup) {
		defer wg.Done() // want `wg.Done is called on a copy of wg, passed by value: the copy's Done never reaches the WaitGroup it was copied from`
	}(wg)
}

// Silent: passed by pointer.
func byPointer() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(wg *sync.WaitGroup) {
		wg.Done()
	}(&wg)
	wg.Wait()
}

// Silent: a WaitGroup of the goroutine's own, not a parameter.
func ownCopy() {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done() }()
		wg.Wait()
	}()
}

package a

import (
	"sync"
	"testing"
)

// Package-level variables used as a loop's iteration variable are one
// variable for all iterations in every Go version.

var (
	current string
	idx     int
)

func show(string) {}

func iterateGlobal(names []string) {
	for _, current = range names {
		go func() {
			show(current) // want `package variable current is the loop's iteration variable, captured by a goroutine started in the loop: every iteration assigns it, so the goroutine may see a later value, and the loop's write races with the read \(pass current as an argument\)`
		}()
	}
}

func deferGlobal(names []string) {
	for _, current = range names {
		defer func() {
			show(current) // want `package variable current is the loop's iteration variable, captured by a function deferred in the loop: every iteration assigns it, so the deferred call sees its last value`
		}()
	}
}

func countGlobal(names []string) {
	for idx = 0; idx < len(names); idx++ {
		go func() {
			show(names[idx]) // want `package variable idx is the loop's iteration variable, captured by a goroutine started in the loop`
		}()
	}
}

func subtestGlobal(t *testing.T, names []string) {
	for _, current = range names {
		t.Run(current, func(t *testing.T) {
			t.Parallel()
			show(current) // want `package variable current, the loop's iteration variable, is used after t.Parallel\(\) in a subtest started in the loop: a parallel subtest runs only after the loop has finished, so every subtest sees its last value \(copy it in the loop body before t.Run: current := current\)`
		})
	}
}

// Silent: passed as an argument, or waited for in the same iteration, or
// the loop ends right after the go statement.
func globalArg(names []string) {
	for _, current = range names {
		go func(name string) { show(name) }(current)
	}
}

func globalJoined(names []string) {
	for _, current = range names {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			show(current)
		}()
		wg.Wait()
	}
}

func globalFirst(names []string) {
	for _, current = range names {
		go func() { show(current) }()
		break
	}
}

// Silent: a serial subtest.
func subtestGlobalSerial(t *testing.T, names []string) {
	for _, current = range names {
		t.Run(current, func(t *testing.T) {
			show(current)
		})
	}
}

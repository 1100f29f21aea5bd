// Package cgo imports "C": the drivers analyse the file cmd/cgo rewrites
// from this one, and the findings must come back to this file's lines. One
// Add is silenced, one reported (its fix is dropped: its edits would land
// in cgo's copy), and one directive silences nothing.
package cgo

// #include <stdlib.h>
import "C"

import "sync"

func Abs(x int) int { return int(C.abs(C.int(x))) }

func Silenced() {
	var wg sync.WaitGroup
	go func() {
		//concvet:ignore wgadd the test silences this Add
		wg.Add(1)
		defer wg.Done()
		Abs(-1)
	}()
	wg.Wait()
}

func Reported() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
		Abs(-2)
	}()
	wg.Wait()
}

func Unused() {
	//concvet:ignore wgadd the goroutine is gone
	Abs(-3)
}

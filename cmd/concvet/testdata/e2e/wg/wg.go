// Package wg has WaitGroup bugs for wgadd: two silenced, two reported (one
// with a fix), and a directive that silences nothing.
package wg

import "sync"

func work() {}

func Silenced(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			//concvet:ignore wgadd the test silences this Add
			wg.Add(1)
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
}

func SilencedSameLine() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1) //concvet:ignore wgadd the test silences this Add
		defer wg.Done()
	}()
	wg.Wait()
}

func Reported() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
	wg.Wait()
}

func Unused() {
	//concvet:ignore wgadd the goroutine is gone
	work()
}

func Unicode() {
	var wg sync.WaitGroup
	go func() { s := "😀"; wg.Add(len(s)); wg.Done() }()
	wg.Wait()
}

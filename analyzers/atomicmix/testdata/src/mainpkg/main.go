package main

import "sync/atomic"

var verbose int32

func watch() {
	for atomic.LoadInt32(&verbose) < 2 {
	}
}

// main sets flags before it starts any goroutine; after, it races.
func main() {
	verbose = 1
	go watch()
	verbose = 2 // want `verbose is written without sync/atomic but read with atomic.LoadInt32 elsewhere; use atomic.Int32 for it`
}

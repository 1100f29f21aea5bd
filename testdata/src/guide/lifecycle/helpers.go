// Package lifecycle holds the "Goroutine Lifecycle" section of the
// concurrency guide (../shared/seed/go-concurrency-patterns.md): creating
// goroutines, the two leaks it names and their fixes, and the leak test.
//
// bugs.go holds the code the guide marks LEAK; every other file is correct
// code on which the whole suite must stay silent.
package lifecycle

import "time"

var myData = "payload"

func doWork() { time.Sleep(time.Millisecond) }

func process(data string) { _ = len(data) }

func compute() string { return "result" }

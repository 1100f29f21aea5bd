package lifecycle

import "time"

// The two leaks of the guide's "Goroutine Leaks", completed so that they
// compile: the fragments' ch and result become what a caller would have.

// sendNoReceiver is "LEAK: Blocked channel send with no receiver": the
// channel is made here, nobody ever receives from it.
func sendNoReceiver() {
	ch := make(chan string)
	result := compute()
	go func() {
		ch <- result // LEAK(leaksend): blocks forever, nothing reads ch // want `leaksend: send on ch blocks forever: nothing receives from ch`
	}()
}

// sendThenGiveUp is the same leak in the shape it takes in real code: the
// caller stops waiting on a timeout and the sender is stranded.
func sendThenGiveUp(timeout time.Duration) (string, bool) {
	ch := make(chan string)
	go func() {
		ch <- compute() // LEAK(leaksend): blocked forever once the timeout case returns // want `leaksend: send on ch blocks forever if sendThenGiveUp returns`
	}()
	select {
	case r := <-ch:
		return r, true
	case <-time.After(timeout):
		return "", false
	}
}

// loopForever is "LEAK: Infinite loop without exit condition".
func loopForever() {
	go func() {
		for { // LEAK, not reported: loopctx reports a loop with no exit and no context in scope only in tests and package main (its doc, "Library code")
			doWork() // Never exits
		}
	}()
}

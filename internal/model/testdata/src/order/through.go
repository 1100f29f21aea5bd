package order

import "sync"

// Orders through code the model sees only by what it may do.

type limiter interface{ Accept() }

type never struct{ wg sync.WaitGroup }

func (n *never) Accept() { n.wg.Wait() }

// A call through an interface that a type of the package implements with a
// method that waits: the goroutine may wait before g.
func interfaceWaits(l limiter) {
	go func() {
		l.Accept()
		g() // want "waits before"
	}()
	s() // want "concurrent"
}

type runner interface{ Run() }

// Run is implemented by no waiting method here: nothing waits.
func interfaceRuns(r runner) {
	go func() {
		r.Run()
		g()
	}()
	s() // want "concurrent"
}

type client interface{ Call() }

func register(func()) {}

// A receive from a channel only a callback handed to other code sends on:
// the goroutine's g before its call through an interface is ordered before
// what follows the receive.
func callbackJoin(c client) {
	req := make(chan struct{}, 1)
	register(func() { req <- struct{}{} })
	go func() {
		g()
		c.Call()
	}()
	s() // want "concurrent"
	<-req
	s()
}

// The goroutine's g comes after its call: not ordered.
func callbackAfterCall(c client) {
	req := make(chan struct{}, 1)
	register(func() { req <- struct{}{} })
	go func() {
		c.Call()
		g()
	}()
	<-req
	s() // want "concurrent"
}

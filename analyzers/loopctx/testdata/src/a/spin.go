package a

import (
	"context"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Spin loops: an empty body that nothing can end, in any function.

func waitForever() {
	for { // want `loop spins forever, burning a CPU core: its body is empty and nothing can end it \(block instead: select \{\}, a receive from a channel, or sync.WaitGroup.Wait\)`
	}
}

func waitForeverTrue() {
	for true { // want `loop spins forever, burning a CPU core: its condition is always true and its body is empty`
	}
}

var ready bool

// A flag another goroutine sets: the loop reads it without synchronisation.
func waitReady() {
	go func() { ready = true }()
	for !ready { // want `loop spins forever when !ready is true on entry, burning a CPU core: its body is empty and nothing in the loop changes the condition; a write by another goroutine is a data race`
	}
}

type server struct {
	state struct{ up bool }
	conns []int
}

func (s *server) waitUp() {
	for !s.state.up { // want `loop spins forever when !s.state.up is true on entry`
	}
}

func (s *server) waitConn(i int) {
	for s.conns[i] == 0 { // want `loop spins forever when s.conns\[i\] == 0 is true on entry`
	}
}

// An init statement runs once: the condition still never changes.
func waitCount(n int) {
	for i := 0; i < n; { // want `loop spins forever when i < n is true on entry`
	}
}

// A comment or an empty statement is not work.
func waitCommented() {
	for { // want `loop spins forever, burning a CPU core: its body is empty`
		// wait for the signal handler to exit the process
	}
}

// A goroutine's spin loop is reported once, as a spin loop, even with a
// context in scope.
func spinWorker(ctx context.Context) {
	go func() {
		_ = ctx
		for { // want `loop spins forever, burning a CPU core: its body is empty and nothing can end it`
		}
	}()
}

// A name shadowing false is a variable.
func shadow() {
	false := true
	for false { // want `loop spins forever when false is true on entry`
	}
}

// Silent: a call in the condition may change its value (an atomic load, a
// method, a channel receive).
func waitAtomic(flag *atomic.Bool, n *int32) {
	for !flag.Load() {
	}
	for atomic.LoadInt32(n) == 0 {
	}
}

func waitFunc(done func() bool) {
	for !done() {
	}
}

func drain(ch chan int) {
	for <-ch != 0 {
	}
}

// Silent: for false {} is a way to switch code off; the body never runs.
func disabled() {
	for false {
	}
	const debug = false
	for debug {
	}
}

// Silent: the post statement makes progress (a counting loop that only
// burns time).
func countdown(n int) {
	for i := n; i > 0; i-- {
	}
}

// Silent: the body does work or blocks.
func blockForever() {
	select {}
}

func pollUntil(ctx context.Context, check func() bool) {
	for !check() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func waitCond(mu *sync.Mutex, c *sync.Cond, s *server) {
	mu.Lock()
	for !s.state.up {
		c.Wait()
	}
	mu.Unlock()
}

func loopUntil(s *server) {
	for !s.state.up {
		time.Sleep(time.Millisecond)
	}
}

// Silent: an empty range loop ends with its operand.
func consume(ch chan int, xs []int) {
	for range ch {
	}
	for range xs {
	}
}

// Silent: no path reaches the loop (the function ends in a panic; a test
// of a function with no return).
func panicNow() { panic("stop") }

func unreachable() {
	panicNow()
	for {
	}
}

func afterFatal() {
	log.Fatal("no config")
	for {
	}
}

// A loop on one branch is reached.
func reachedOnOneBranch(ok bool) {
	if !ok {
		panicNow()
	}
	for { // want `loop spins forever, burning a CPU core`
	}
}

// Each spin loop is reported, also after another one.
func spinsInSequence() {
	for { // want `loop spins forever, burning a CPU core: its body is empty`
	}
	for true { // want `loop spins forever, burning a CPU core: its condition is always true`
	}
}

// Silent: a panic in an enclosing block comes first.
func unreachableNested(ok bool) {
	panic("not implemented")
	if ok {
		for {
		}
	}
}

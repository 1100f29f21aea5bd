// Package lostcancel mirrors, in concvet's own code, the bug lines of go
// vet's lostcancel test data: each line the peer reports carries a marker
// naming the concvet check that must report it (see
// analyzers/parity_test.go); the unmarked functions are the peer's correct
// shapes, which must stay silent.
package lostcancel

import (
	"context"
	"log"
	"os"
	"testing"
	"time"
)

var parent = context.Background()

var (
	verbose bool
	level   int
)

// The cancel function is named, in each declaration form, and only a blank
// assignment ever uses it.

func namedWithVar() {
	var _, stop = context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	if verbose {
		_ = stop
	}
} // PEER(lostcancel) ctxcancel half

func namedShort() {
	_, stopAt := context.WithDeadline(parent, time.Unix(0, 0)) // PEER(lostcancel) ctxcancel
	if verbose {
		_ = stopAt
	}
} // PEER(lostcancel) ctxcancel half

func namedAssigned() {
	var stopLater context.CancelFunc
	_, stopLater = context.WithTimeout(parent, time.Minute) // PEER(lostcancel) ctxcancel
	if verbose {
		_ = stopLater
	}
} // PEER(lostcancel) ctxcancel half

// The cancel function thrown away at once, by each constructor.
func thrownAway() {
	ctx, _ := context.WithCancel(parent)                   // PEER(lostcancel) ctxcancel
	ctx, _ = context.WithTimeout(ctx, time.Second)         // PEER(lostcancel) ctxcancel
	ctx, _ = context.WithDeadline(ctx, time.Now().Add(10)) // PEER(lostcancel) ctxcancel
	_ = ctx
}

// Silent: deferred.
func deferred() {
	_, cancel := context.WithCancel(parent)
	defer cancel()
}

// Called on one branch only, then an explicit return.
func oneBranch() {
	_, cancel := context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	if verbose {
		cancel()
	}
	return // PEER(lostcancel) ctxcancel
}

// Silent: the other branch never ends.
func otherBranchSpins() {
	_, cancel := context.WithCancel(parent)
	if verbose {
		cancel()
	} else {
		for {
			log.Print("still here")
		}
	}
}

// The other branch is a loop that ends.
func otherBranchCounts() {
	_, cancel := context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	if verbose {
		cancel()
	} else {
		for n := 0; n < 3; n++ {
			log.Print(n)
		}
	}
} // PEER(lostcancel) ctxcancel

// Silent: every case of the switch cancels or ends the program.
func everyCase() {
	_, cancel := context.WithCancel(parent)
	switch level {
	case 0:
		new(testing.T).FailNow()
	case 1:
		log.Fatal("bad level")
	case 2:
		cancel()
	case 3:
		log.Print("falling")
		fallthrough
	default:
		os.Exit(2)
	}
}

// One case of the switch falls out to the end.
func oneCaseFallsOut() {
	_, cancel := context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	switch level {
	case 0:
		new(testing.T).FailNow()
	case 1:
		log.Fatal("bad level")
	case 2:
		cancel()
	case 3:
		log.Print("out")
	default:
		os.Exit(2)
	}
} // PEER(lostcancel) ctxcancel

// One case of the select falls out to the end.
func selectFallsOut(ch chan int) {
	_, cancel := context.WithCancel(parent) // PEER(lostcancel) ctxcancel
	select {
	case <-ch:
		new(testing.T).FailNow()
	case ch <- 1:
		log.Print("out")
	case ch <- 2:
		cancel()
	default:
		os.Exit(2)
	}
} // PEER(lostcancel) ctxcancel

// In a goroutine's literal.
func inGoroutine() {
	go func() {
		ctx, stop := context.WithCancel(parent) // PEER(lostcancel) ctxcancel
		if verbose {
			_ = stop
		}
		log.Print(ctx)
	}() // PEER(lostcancel) ctxcancel half
}

// Silent: a naked return hands the named results to the caller.
func namedResults() (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent)
	return
}

var literalResults = func() (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent)
	return
}

// Silent: a literal assigns the outer variable, which is called after it.
func assignedInLiteral() {
	var cancel context.CancelFunc
	func() {
		_, cancel = context.WithCancel(parent)
	}()
	cancel()
}

// Silent: a call of a struct field that is a func (not a context).
func fieldCall() {
	var hooks struct{ onStop func() }
	hooks.onStop()
}

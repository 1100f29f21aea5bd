// Package prune has facts in some functions only: a facts-only run builds
// the others without their bodies (TestFactsOnlyScan), and must export
// the same facts as a full run.
package prune

import (
	"strconv"
	"sync"
)

// Notify sends on its parameter: a fact.
func Notify(ch chan<- int, v int) { ch <- v }

// relay calls Notify: its fact comes through the call, so it is built.
func relay(ch chan<- int) { Notify(ch, format(1)) }

// Relay calls relay: the fact passes up two calls.
func Relay(ch chan<- int) { relay(ch) }

// format does nothing a fact can come from: built without its body.
func format(n int) int {
	s := strconv.Itoa(n)
	return len(s)
}

// Pad calls only format: built without its body.
func Pad(n int) int { return format(n) + 1 }

type counter struct {
	mu sync.Mutex
	n  int
}

// bump locks: a fact (LockAcquires).
func (c *counter) bump() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Bumper is what calls bump through an interface.
type Bumper interface{ bump() }

// BumpAll calls bump through the interface: built, since a method of that
// name has a fact.
func BumpAll(bs []Bumper) {
	for _, b := range bs {
		b.bump()
	}
}

// Count reads n: built without its body (counter's mutex is unexported,
// so no Guarded fact can count it).
func (c *counter) Count() int { return c.n }

// Package condmid hands a Cond on to condlib: the fact passes through a
// second package.
package condmid

import (
	"sync"

	"condlib"
)

// Hold waits through condlib.WaitFor: its callers hold c.L.
func Hold(c *sync.Cond, ready func() bool) { // want Hold:"waitsUnheld\\(0\\)"
	condlib.WaitFor(c, ready)
}

// Once waits once through condlib.WaitOnce, whose only operation is the
// Wait (no other fact of the suite says anything of it).
func Once(c *sync.Cond) { // want Once:"waitsUnheld\\(0\\)"
	condlib.WaitOnce(c)
}

// Format has nothing to do with a Cond.
func Format(s string) string { return "[" + s + "]" }

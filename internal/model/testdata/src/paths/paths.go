// Package paths is WalkPaths's test: each walk starts at a call of
// start() in state free; hold() and free() set the state, end() ends the
// path, and each call of seen() reports the states the paths reach it in.
package paths

import "sync"

// The package uses sync, so the model builds its functions.
var mu sync.Mutex

func start() {}
func hold()  { mu.Lock() }
func free()  { mu.Unlock() }
func end()   {}
func seen()  {}
func work()  {}

// Two ifs on one value take the same branch: the path that did not hold
// does not reach the second if's body.
func repeated(fast bool) {
	start()
	if fast {
		hold()
	}
	work()
	if fast {
		seen() // want `seen: held`
	}
}

// A flag set next to the state decides the later if.
func flag(ok bool) {
	locked := false
	start()
	if !ok {
		hold()
		locked = true
	}
	if locked {
		seen() // want `seen: held`
	} else {
		seen() // want `seen: free`
	}
}

type shared struct{ on bool }

// The walk starts under a guard: an if on the same field takes its branch.
func guarded(s *shared) {
	if !s.on {
		return
	}
	start()
	work()
	if s.on {
		seen() // want `seen: free`
	} else {
		seen() // never: s.on held where the walk began
	}
}

// Each state is walked: the merge is reached in both.
func states(a bool) {
	seen() // before the start: not on a path from it
	start()
	if a {
		hold()
	}
	seen() // want `seen: free held`
}

// A path the visitor ends goes no further.
func ends(a bool) {
	start()
	if a {
		hold()
		end()
	}
	seen() // want `seen: free`
}

// A loop computes its condition again: the decision of the last iteration
// does not carry into the next.
func loop(xs []int) {
	start()
	for _, x := range xs {
		c := x > 0
		if c {
			hold()
		}
		if !c {
			free()
		}
		if c {
			seen() // want `seen: held`
		}
	}
}

// The next iteration may decide otherwise: a path held in one reaches
// the other branch in the next.
func loopAgain(xs []int) {
	start()
	for _, x := range xs {
		c := x > 0
		if c {
			hold()
		}
		if !c {
			seen() // want `seen: free held`
		}
	}
}

// Twelve values each branched on twice: the paths multiply past a small
// budget.
func budgetSmall(a, b, c, d, e, f, g, h, i, j, k, l bool) {
	start() // want `budget`
	if a {
		work()
	}
	if b {
		work()
	}
	if c {
		work()
	}
	if d {
		work()
	}
	if e {
		work()
	}
	if f {
		work()
	}
	if g {
		work()
	}
	if h {
		work()
	}
	if i {
		work()
	}
	if j {
		work()
	}
	if k {
		work()
	}
	if l {
		work()
	}
	if a || b || c || d || e || f || g || h || i || j || k || l {
		work()
	}
}

// WalkCall binds a call's constant arguments: boundLock is called with
// locked false, so its if takes the branch that holds.
func boundLock(locked bool) {
	if !locked {
		hold()
	}
	seen() // want `seen: held`
}

func callsBoundLock() { boundLock(false) }

// The other constant.
func boundFree(locked bool) {
	if !locked {
		hold()
	}
	seen() // want `seen: free`
}

func callsBoundFree() { boundFree(true) }

// No constant: both branches.
func boundAny(locked bool) {
	if !locked {
		hold()
	}
	seen() // want `seen: free held`
}

func callsBoundAny(b bool) { boundAny(b) }

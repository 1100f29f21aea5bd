// Package between is Between's test: in each function, the calls of
// mark() that can run after the call of from() and before the call of
// to() (or after from() when there is no to()) are reported.
package between

import "sync"

var mu sync.Mutex // the package uses sync, so the model builds it

func from() {}
func to()   {}
func mark() {}

func straight() {
	mark()
	from()
	mark() // want `between`
	to()
	mark()
}

func branches(a bool) {
	from()
	if a {
		mark() // want `between`
		to()
		mark()
		return
	}
	mark() // a path that does not reach to
}

func loop(xs []int) {
	mark()
	from()
	for range xs {
		mark() // want `between`
		if len(xs) > 3 {
			to()
			mark() // want `between`
		}
		mark() // want `between`
	}
	mark() // after the loop: to is not reached again
}

func noTo(a bool) {
	mark()
	from()
	if a {
		mark() // want `between`
	}
	mark() // want `between`
}

func loopBack(xs []int) {
	for range xs {
		mark() // want `between`
		from()
		mark() // want `between`
	}
	mark() // want `between`
}

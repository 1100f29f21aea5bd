// Package onlycall has one source of facts: a call of the function value a
// function is given (ParamOps' call), with sync imported for the fast path.
package onlycall

import "sync"

var mu sync.Mutex

// Stop calls the cancel it is given.
func Stop(cancel func()) { // want Stop:`paramOps\(call\(0\)\)`
	cancel()
}

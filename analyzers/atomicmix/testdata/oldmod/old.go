// Before Go 1.19 there are no atomic types: the advice is to use
// sync/atomic on every access.
package old

import "sync/atomic"

var ops uint64

func op() { atomic.AddUint64(&ops, 1) }

func count() uint64 {
	return ops // want `ops is read without sync/atomic but written with atomic.AddUint64 elsewhere; access it with sync/atomic everywhere`
}

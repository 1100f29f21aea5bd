// Package atomic mirrors, in concvet's own code, the bug lines of go vet's
// atomic test data: the result of an atomic add stored back into its
// operand (see analyzers/parity_test.go).
package atomic

import "sync/atomic"

type Hits uint64

func stores() {
	n := uint64(7)
	n = atomic.AddUint64(&n, 2)         // PEER(atomic) atomicmix
	_, n = 3, atomic.AddUint64(&n, 2)   // PEER(atomic) atomicmix
	n, _ = atomic.AddUint64(&n, 2), 3   // PEER(atomic) atomicmix
	n, _ = (atomic.AddUint64)(&n, 2), 3 // PEER(atomic) atomicmix

	p := &n
	*p = atomic.AddUint64(p, 2) // PEER(atomic) atomicmix

	var stats struct{ Served uint64 }
	stats.Served = atomic.AddUint64(&stats.Served, 1) // PEER(atomic) atomicmix
	served := atomic.AddUint64(&stats.Served, 1)
	_ = served

	var refs struct{ Count *uint64 }
	*refs.Count = atomic.AddUint64(refs.Count, 1) // PEER(atomic) atomicmix
	count := atomic.AddUint64(refs.Count, 1)
	_ = count

	cells := []uint64{1, 2}
	cells[0] = atomic.AddUint64(&cells[0], 1) // PEER(atomic) atomicmix
	cells[1] = atomic.AddUint64(&cells[0], 1)

	ptrs := []*uint64{&cells[0], &cells[1]}
	*ptrs[0] = atomic.AddUint64(ptrs[0], 1) // PEER(atomic) atomicmix
	*ptrs[1] = atomic.AddUint64(ptrs[0], 1)

	{
		// A new variable of the same name: not the operand.
		n := atomic.AddUint64(&n, 1)

		// A short declaration that reuses n assigns it.
		n, extra := atomic.AddUint64(&n, 1), 3 // PEER(atomic) atomicmix
		_ = extra
	}
}

type adder struct{}

func (adder) AddUint64(p *uint64, d uint64) uint64 { return *p + d }

// Silent: a method of another type named like sync/atomic's function.
func notTheAtomicPackage() {
	n := uint64(1)
	var atomic adder
	n = atomic.AddUint64(&n, 1)
	_ = n
}

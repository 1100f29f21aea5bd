package selfassign

import "sync/atomic"

// The result of an atomic read-modify-write stored back into its operand.

type stats struct {
	requests uint64
	errs     *int64
	buckets  []int32
	slots    []*uint32
	flags    int32
}

var served int64

func count(s *stats, i int) {
	served = atomic.AddInt64(&served, 1) // want `served = atomic.AddInt64\(&served, 1\) stores the sum back with a plain write: the store races with the atomic accesses of served, and an add made by another goroutine in between is lost \(call atomic.AddInt64\(&served, 1\) alone: it already updates served\)`

	s.requests = atomic.AddUint64(&s.requests, 1) // want `s.requests = atomic.AddUint64\(&s.requests, 1\) stores the sum back`

	*s.errs = atomic.AddInt64(s.errs, 1) // want `\*s.errs = atomic.AddInt64\(s.errs, 1\) stores the sum back`

	s.buckets[i] = atomic.AddInt32(&s.buckets[i], -1) // want `s.buckets\[i\] = atomic.AddInt32\(&s.buckets\[i\], -1\) stores the sum back`

	s.buckets[0] = atomic.AddInt32(&s.buckets[0], 2) // want `s.buckets\[0\] = atomic.AddInt32`

	*s.slots[i] = atomic.AddUint32(s.slots[i], 1) // want `\*s.slots\[i\] = atomic.AddUint32`
}

func local() uint64 {
	n := uint64(0)
	n = atomic.AddUint64(&n, 5) // want `n = atomic.AddUint64\(&n, 5\) stores the sum back`
	p := &n
	*p = atomic.AddUint64(p, 1) // want `\*p = atomic.AddUint64\(p, 1\) stores the sum back`
	return n
}

// Tuple assignments and short variable declarations that reuse the
// variable.
func tuples(s *stats) (int, uint64) {
	var total uint64
	_, total = 1, atomic.AddUint64(&total, 2)   // want `total = atomic.AddUint64\(&total, 2\) stores the sum back`
	total, _ = (atomic.AddUint64)(&total, 3), 0 // want `total = \(atomic.AddUint64\)\(&total, 3\) stores the sum back`
	total, k := atomic.AddUint64(&total, 4), 7  // want `total = atomic.AddUint64\(&total, 4\) stores the sum back`
	return k, total
}

// Swap, And and Or return the old value: storing it undoes the call.
func undo(s *stats) {
	s.flags = atomic.SwapInt32(&s.flags, 1)        // want `s.flags = atomic.SwapInt32\(&s.flags, 1\) stores the old value back with a plain write: the swap is undone`
	s.flags = atomic.OrInt32(&s.flags, 4)          // want `s.flags = atomic.OrInt32\(&s.flags, 4\) stores the old value back with a plain write: the or is undone`
	s.flags = atomic.AndInt32(&s.flags, ^int32(4)) // want `s.flags = atomic.AndInt32`
}

// Silent: the result goes to another variable, or the call stands alone.
func silent(s *stats, i int) (uint64, int32) {
	atomic.AddUint64(&s.requests, 1)
	n := atomic.AddUint64(&s.requests, 1)
	var old int32
	old = atomic.SwapInt32(&s.flags, 0)
	s.buckets[1] = atomic.AddInt32(&s.buckets[0], 1) // another element
	s.buckets[i+1] = atomic.AddInt32(&s.buckets[i], 1)
	_ = atomic.AddInt64(&served, 1)
	return n, old
}

// Silent: a new variable of the same name in an inner scope is not the
// operand (x := atomic.AddUint64(&x, 1) declares the inner x).
func shadowed() uint64 {
	x := uint64(1)
	{
		x := atomic.AddUint64(&x, 1)
		return x
	}
}

// Silent: a load stored back is a racy no-op, not an update lost, and a
// method of the atomic types cannot be assigned this way.
func loads(s *stats, c *atomic.Int64) int64 {
	v := c.Add(1)
	return v
}

// Silent: a method named like the function, on another type.
type fakeAtomic struct{}

func (fakeAtomic) AddUint64(p *uint64, d uint64) uint64 { return *p + d }

func notSyncAtomic() uint64 {
	var atomic fakeAtomic
	x := uint64(0)
	x = atomic.AddUint64(&x, 1)
	return x
}

// Silent: the result of an atomic call stored elsewhere, used, or
// compared, which are the usual ways to use it.

type pair struct{ a, b int64 }

func otherTargets(p, q *pair, xs []int32, i, j int, m map[string]int64) (int64, bool) {
	p.a = atomic.AddInt64(&p.b, 1)     // another field
	p.a = atomic.AddInt64(&q.b, 1)     // another value
	xs[i] = atomic.AddInt32(&xs[j], 1) // another index variable
	m["n"] = atomic.AddInt64(&p.b, 1)
	var sum int64
	sum += atomic.AddInt64(&p.b, 1)
	prev := atomic.AddInt64(&p.b, 1) - 1
	ok := atomic.CompareAndSwapInt64(&q.b, 0, 1)
	return sum + prev, ok
}

func pointers(dst, src *uint64) {
	*dst = atomic.AddUint64(src, 1) // another pointer
}

func returned(n *int64) int64 {
	return atomic.AddInt64(n, 1)
}

func ticket(next *uint32) uint32 {
	mine := atomic.AddUint32(next, 1)
	if mine == 1 {
		atomic.StoreUint32(next, 0)
	}
	return mine
}

package fixselfassign

import "sync/atomic"

type counter struct{ n int64 }

func (c *counter) inc() {
	c.n = atomic.AddInt64(&c.n, 1) // want `c.n = atomic.AddInt64\(&c.n, 1\) stores the sum back`
}

func pair(c *counter) int {
	var hits uint32
	_, hits = 0, atomic.AddUint32(&hits, 1)  // want `hits = atomic.AddUint32\(&hits, 1\) stores the sum back`
	hits, k := atomic.AddUint32(&hits, 1), 2 // want `hits = atomic.AddUint32\(&hits, 1\) stores the sum back`
	return k + int(hits)
}

// No fix: without the store the swap would take effect, which the code as
// written never lets it do.
func (c *counter) reset() {
	c.n = atomic.SwapInt64(&c.n, 0) // want `c.n = atomic.SwapInt64\(&c.n, 0\) stores the old value back with a plain write: the swap is undone`
}

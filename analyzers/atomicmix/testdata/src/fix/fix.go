package fix

import "sync/atomic"

// Every plain access has an atomic equivalent: one fix rewrites them all.
var hits int64

func hit() { atomic.AddInt64(&hits, 1) }

func report() int64 {
	return hits * 2 // want `hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it \(4 more plain accesses\)`
}

func clear2() {
	hits = 0
}

func bump(n int64) {
	hits += n
	hits--
	if hits > 10 {
		return
	}
}

type conn struct {
	sent  uint64
	state uint32
}

func (c *conn) send() { atomic.AddUint64(&c.sent, 1) }

func (c *conn) record(n uint64) {
	c.sent += n // want `conn.sent is written without sync/atomic but written with atomic.AddUint64 elsewhere; use atomic.Uint64 for it \(1 more plain access\)`
	c.sent++
}

// No fix: a read inside a rewritten statement, an unsigned decrement.
func (c *conn) open() bool { return atomic.CompareAndSwapUint32(&c.state, 0, 1) }

func (c *conn) next() {
	c.state = c.state + 1 // want `conn.state is written without sync/atomic but written with atomic.CompareAndSwapUint32 elsewhere; use atomic.Uint32 for it \(1 more plain access\)`
}

type named int32

type gauge struct{ level named }

func (g *gauge) up() { atomic.AddInt32((*int32)(&g.level), 1) }

// From nats-server's ocsp_responsecache.go: an exported, JSON-tagged stats
// struct. atomic.Int64 fields would marshal as {} and change the exported
// API: the advice and the fix keep the type and load atomically.
type CacheStats struct {
	Hits   int64 `json:"hits"`
	Misses int64 `json:"misses"`
}

type cache struct{ stats *CacheStats }

func (c *cache) hit() { atomic.AddInt64(&c.stats.Hits, 1) }

func (c *cache) Stats() CacheStats {
	return CacheStats{
		Hits: c.stats.Hits, // want `CacheStats.Hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; access it with sync/atomic everywhere \(atomic.LoadInt64\(&…\) to read it; an atomic.Int64 would change its exported API and its encoding\)`
	}
}

package a

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Whole-struct copies of values with a field updated by sync/atomic
// functions: the copy reads the field plainly.

type reqStats struct {
	hits   int64
	misses int64
	name   string
}

func (s *reqStats) hit()  { atomic.AddInt64(&s.hits, 1) }
func (s *reqStats) miss() { atomic.AddInt64(&s.misses, 1) }

// Returned by value from a method on a pointer.
func (s *reqStats) Snapshot() reqStats {
	return *s // want `copying \*s reads reqStats.hits \(and 1 more atomically updated field\) without sync/atomic: other goroutines update it with atomic.AddInt64, so the copy races with them and holds a torn or stale value \(copy the fields one by one, hits with atomic.LoadInt64, or keep a pointer to the struct\)`
}

// The fix: one atomic load per field. (Building a reqStats this way would
// make every reqStats copy a possible copy of a snapshot: see window.)
type statsView struct{ hits, misses int64 }

func (s *reqStats) view() statsView {
	return statsView{hits: atomic.LoadInt64(&s.hits), misses: atomic.LoadInt64(&s.misses)}
}

// Passed by value.
func logStats(s *reqStats) {
	fmt.Println(*s) // want `copying \*s reads reqStats.hits`
}

// A copy assigned over another shared value: the read of src and the
// write of dst both race.
func restore(dst, src *reqStats) {
	*dst = *src // want `assigning to \*dst writes reqStats.hits \(and 1 more atomically updated field\) without sync/atomic: other goroutines access it with atomic.AddInt64, so the assignment races with them \(store the fields one by one, hits with atomic.StoreInt64, or swap a pointer to the struct\)` `copying \*src reads reqStats.hits`
}

// A value method called through a pointer copies *s.
func (s reqStats) String() string { return s.name }

func describeStats(s *reqStats) string {
	return s.String() // want `calling s.String, whose value receiver is a copy of \*s, reads reqStats.hits`
}

// A nested struct updated in place, copied out of its parent.
type linkCounters struct{ sent, dropped uint64 }

type link struct {
	id       int
	counters linkCounters
}

func (l *link) send() { atomic.AddUint64(&l.counters.sent, 1) }

func (l *link) report() linkCounters {
	c := l.counters // want `copying l.counters reads linkCounters.sent without sync/atomic: other goroutines update it with atomic.AddUint64`
	return c
}

// Elements of a slice updated in place, copied by a range loop and by an
// index.
type shard struct {
	ops  uint32
	name string
}

type shardSet struct{ shards []shard }

func (s *shardSet) op(i int) { atomic.AddUint32(&s.shards[i].ops, 1) }

func (s *shardSet) names() []string {
	var ns []string
	for _, sh := range s.shards { // want `ranging over s.shards by value \(sh is a copy of each element\) reads shard.ops without sync/atomic: other goroutines update it with atomic.AddUint32`
		ns = append(ns, sh.name)
	}
	return ns
}

func (s *shardSet) first() shard {
	sh := s.shards[0] // want `copying s.shards\[0\] reads shard.ops`
	return sh
}

// A package variable.
var totals reqStats

func countHit() { atomic.AddInt64(&totals.hits, 1) }

func totalsNow() reqStats {
	t := totals // want `copying totals reads reqStats.hits`
	return t
}

// ---- silent ----

// The range index and the element's fields through the index are not
// copies.
func (s *shardSet) count() uint32 {
	var n uint32
	for i := range s.shards {
		n += atomic.LoadUint32(&s.shards[i].ops)
	}
	for i, _ := range s.shards {
		_ = i
	}
	return n
}

// A constructor copies a template before anyone else sees the new value.
func newReqStats(tmpl *reqStats) *reqStats {
	s := *tmpl
	s.name = "copy"
	return &s
}

// A copy of a value the function itself created.
func freshCopy() reqStats {
	p := &reqStats{name: "fresh"}
	atomic.AddInt64(&p.hits, 1)
	v := *p
	return v
}

// Copied after the goroutines that update it are done.
func (s *reqStats) measure(n int) reqStats {
	var wg sync.WaitGroup
	for range n {
		wg.Go(s.hit)
	}
	wg.Wait()
	return *s
}

// Every atomic write holds the lock the copy holds: they cannot overlap.
type lockedStats struct {
	mu    sync.Mutex
	bytes int64
}

type statsHolder struct {
	mu    sync.Mutex
	stats struct{ bytes, reqs int64 }
}

func (h *statsHolder) add(n int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	atomic.AddInt64(&h.stats.bytes, n)
	atomic.AddInt64(&h.stats.reqs, 1)
}

func (h *statsHolder) get() struct{ bytes, reqs int64 } {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stats
}

func (h *statsHolder) bytesNow() int64 { return atomic.LoadInt64(&h.stats.bytes) }

// A field only loaded atomically (written in the constructor): copies do
// not race with loads.
type limits struct {
	max  int64
	name string
}

func newLimits(n int64) *limits { return &limits{max: n} }

func (l *limits) allow(n int64) bool { return n <= atomic.LoadInt64(&l.max) }

func (l *limits) clone() *limits {
	c := *l
	return &c
}

// A value method called on a local value, and the value receiver itself:
// the atomic accesses, made through pointers to shared values, never
// reach these copies.
func localStats() string {
	var s reqStats
	s.name = "local"
	t := s
	return t.String() + s.String()
}

// A struct with an atomic.Int64 field: go vet's copylocks reports its
// copies (atomic.Int64 holds a noCopy with Lock and Unlock methods).
type mixedStats struct {
	total atomic.Int64
	peak  int64
}

func (m *mixedStats) setPeak(n int64) { atomic.StoreInt64(&m.peak, n) }

func (m *mixedStats) copyOf() int64 {
	c := *m
	return c.peak
}

// A struct holding a mutex: copylocks again.
func (l *lockedStats) add(n int64) { atomic.AddInt64(&l.bytes, n) }

func (l *lockedStats) copyOf() lockedStats { return *l }

// Snapshots built from atomic loads: copies of this type may be of a
// snapshot.
type window struct{ ok, failed uint32 }

type windowed struct{ cur *window }

func (w *windowed) success() { atomic.AddUint32(&w.cur.ok, 1) }

func (w *windowed) snapshot() window {
	s := window{ok: atomic.LoadUint32(&w.cur.ok), failed: atomic.LoadUint32(&w.cur.failed)}
	last := *w.cur
	_ = last
	return s
}

// grpc's outlier detection clears the inactive bucket, a private
// snapshot, before swapping it in (callcounter.go).
func (w *windowed) rotate(inactive *window) *window {
	*inactive = window{}
	old := w.cur
	w.cur = inactive
	return old
}

// Not a copy: the size, an address, a field.
func sizes(s *reqStats) (uintptr, *reqStats, string) {
	return unsafe.Sizeof(*s), &(*s), (*s).name
}

// Elements of a map are copies already; they cannot be updated in place.
func mapStats(m map[string]reqStats) int {
	n := 0
	for _, s := range m {
		n += len(s.name)
	}
	v := m["x"]
	return n + len(v.name)
}

// A slice of pointers: the range copies pointers.
func names(ss []*reqStats) []string {
	var ns []string
	for _, s := range ss {
		ns = append(ns, s.name)
	}
	return ns
}

// A reset function zeroes a value whose last user is gone.
func (s *reqStats) reset() { *s = reqStats{} }

// A slice the function made: its elements are not shared yet.
func freshShards(n int) []string {
	ss := make([]shard, n)
	var ns []string
	for _, sh := range ss {
		ns = append(ns, sh.name)
	}
	return ns
}

// A value method promoted from an embedded struct copies only the
// embedded value, which holds no atomic field.
type label struct{ text string }

func (l label) Text() string { return l.text }

type labeledCounter struct {
	label
	n int64
}

func (c *labeledCounter) inc() { atomic.AddInt64(&c.n, 1) }

func (c *labeledCounter) title() string { return c.Text() }

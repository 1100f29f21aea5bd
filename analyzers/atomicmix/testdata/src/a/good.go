package a

import (
	"context"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sync/errgroup"
)

// atomic everywhere (the guide's fix).
var served uint64

func serve()          { atomic.AddUint64(&served, 1) }
func served2() uint64 { return atomic.LoadUint64(&served) }

// The atomic types cannot be accessed plainly.
type meter struct {
	n    atomic.Int64
	open atomic.Bool
	last atomic.Pointer[string]
}

func (m *meter) mark()        { m.n.Add(1); m.open.Store(true) }
func (m *meter) count() int64 { return m.n.Load() }
func (m *meter) lastName() string {
	if p := m.last.Load(); p != nil {
		return *p
	}
	return ""
}

// A constructor initialises the fields of the value it creates before
// anyone else can see it.
type pool struct {
	size   int64
	active int64
}

func newPool(n int64) *pool {
	p := &pool{size: n}
	p.active = 0
	p.size++
	return p
}

func newPool2(n int64) *pool {
	p := new(pool)
	p.size = n
	return p
}

func makePool(n int64) pool {
	var p pool
	p.size = n
	return p
}

func (p *pool) acquire() bool { return atomic.AddInt64(&p.active, 1) <= atomic.LoadInt64(&p.size) }
func (p *pool) grow()         { atomic.AddInt64(&p.size, 1) }

// init runs before any goroutine of the package.
var generation int32

func init() { generation = 1 }

func nextGeneration() int32 { return atomic.AddInt32(&generation, 1) }

// A package variable's initialiser.
var epoch = int64(7)
var start = epoch

func tick() { atomic.AddInt64(&epoch, 1) }

// Reads on both sides: a variable only loaded atomically and read plainly
// never races (a plain write would be reported).
var limit int64 = 100

func underLimit(n int64) bool { return n < atomic.LoadInt64(&limit) }
func halfLimit() int64        { return limit / 2 }

// The fields of a local copy are the copy's: reading them is not a plain
// access of the shared value (the copy itself is reported, see copies.go).
func snapshot(p *pool) int64 {
	c := *p // want `copying \*p reads pool.active \(and 1 more atomically updated field\) without sync/atomic: other goroutines update it with atomic.AddInt64`
	return c.size + c.active
}

// A value receiver works on a copy (copying is not reported).
func (p pool) describe() int64 { return p.size }

// The address passed to a helper that may use it atomically.
func addTo(p *int64, d int64) { atomic.AddInt64(p, d) }

var bytesOut int64

func wrote(n int) { addTo(&bytesOut, int64(n)) }
func flush()      { atomic.StoreInt64(&bytesOut, 0) }

// A local counter read after Wait: the goroutines are done.
func countAll(items []int) int64 {
	var n int64
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&n, int64(it))
		}()
	}
	wg.Wait()
	return n
}

// errgroup.Wait orders the goroutines' atomic adds before the plain read.
func countErrgroup(ctx context.Context, items []int) (int32, error) {
	var failed int32
	g, ctx := errgroup.WithContext(ctx)
	for range items {
		g.Go(func() error {
			select {
			case <-ctx.Done():
				atomic.AddInt32(&failed, 1)
				return ctx.Err()
			default:
				return nil
			}
		})
	}
	err := g.Wait()
	return failed, err
}

// Receiving from a channel the goroutine closes orders its accesses before
// the read.
func once() uint32 {
	var calls uint32
	done := make(chan struct{})
	go func() {
		defer close(done)
		atomic.AddUint32(&calls, 1)
	}()
	<-done
	return calls
}

// The local is set before the goroutines that share it start.
func startWorkers(n int) *int32 {
	var running int32
	running = int32(n)
	for range n {
		go func() { atomic.AddInt32(&running, -1) }()
	}
	return &running
}

// A callback of unknown concurrency (a test handler): the check does not
// know when it runs, so it stays silent.
func withHandler(register func(func())) int32 {
	var calls int32
	register(func() { atomic.AddInt32(&calls, 1) })
	return calls
}

// A goroutine's plain read of a variable only it accesses atomically.
func perIteration(xs []int64) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&x, 1)
			process(int(x))
		}()
	}
	wg.Wait()
}

func process(int) {}

// testing.B.RunParallel and t.Run return after their functions: a callback
// whose concurrency is not known is not reported.
func parallel(run func(func())) int32 {
	var calls int32
	run(func() { atomic.AddInt32(&calls, 1) })
	if calls != 4 {
		return -1
	}
	return calls
}

// Unsafe pointers are left to code with its own memory ordering
// (load-acquire of a size, then a load-consume of the array).
type table struct {
	size  uintptr
	slots unsafe.Pointer
}

func (t *table) grow(s []int) {
	atomic.StorePointer(&t.slots, unsafe.Pointer(&s[0]))
	atomic.StoreUintptr(&t.size, uintptr(len(s)))
}

func (t *table) first() int {
	if atomic.LoadUintptr(&t.size) == 0 {
		return 0
	}
	return *(*int)(t.slots)
}

// The writer's own read: one goroutine writes, the others load.
type follower struct{ nextIndex uint64 }

func (f *follower) reject(last uint64) {
	atomic.StoreUint64(&f.nextIndex, max(min(f.nextIndex-1, last+1), 1))
}

func (f *follower) next() uint64 { return atomic.LoadUint64(&f.nextIndex) }

// A compare-and-swap loop starts from a plain read.
type spin struct{ state int32 }

func (s *spin) lock() {
	for {
		old := s.state
		if old == 0 && atomic.CompareAndSwapInt32(&s.state, old, 1) {
			return
		}
	}
}

func (s *spin) unlock() { atomic.StoreInt32(&s.state, 0) }

// Stored atomically under the mutex, read plainly under the same mutex,
// loaded lock-free elsewhere: the plain reads cannot race.
type sub struct {
	mu     sync.Mutex
	weight int32
}

func (s *sub) setWeight(w int32) {
	s.mu.Lock()
	atomic.StoreInt32(&s.weight, w)
	s.mu.Unlock()
}

func (s *sub) weightLocked() int32 { return s.weight }

func (s *sub) delta(w int32) int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return w - s.weight
}

func (s *sub) peek() int32 { return atomic.LoadInt32(&s.weight) }

// The caller holds the lock, says the doc comment.
//
// Caller must hold s.mu.
func (s *sub) doubled() int32 { return 2 * s.weight }

// An explained exception.
type fd struct{ blocking uint32 }

func (f *fd) setBlocking() { atomic.StoreUint32(&f.blocking, 1) }

func (f *fd) destroy() bool {
	// No need for an atomic read of blocking: we have exclusive access.
	return f.blocking == 0
}

// A recycled value is reset when its last reference is dropped.
type event struct {
	refs int32
	name string
}

func (e *event) ref() { atomic.AddInt32(&e.refs, 1) }

func (e *event) reset() {
	e.name = ""
	e.refs = 0
}

// initialise an embedded value in place.
type quota struct{ avail int32 }

func (q *quota) init(n int32) { q.avail = n }
func (q *quota) take()        { atomic.AddInt32(&q.avail, -1) }

// Double buffering: the active bucket is counted atomically, the inactive
// one is a private snapshot read plainly.
type bucket struct{ ok, failed uint32 }

type counter struct {
	active   atomic.Pointer[bucket]
	inactive *bucket
}

func (c *counter) success() { atomic.AddUint32(&c.active.Load().ok, 1) }

func (c *counter) swap() {
	ab := c.active.Swap(&bucket{})
	c.inactive = &bucket{ok: atomic.LoadUint32(&ab.ok), failed: atomic.LoadUint32(&ab.failed)}
}

func (c *counter) volume() uint32 { return c.inactive.ok + c.inactive.failed }

// One struct embedded in two owners: atomically in one, under a lock in
// the other.
type stats struct{ msgs int64 }

type client struct {
	stats
	name string
}

type account struct {
	mu    sync.Mutex
	stats stats
}

func (c *client) in() { atomic.AddInt64(&c.msgs, 1) }

func (a *account) in() {
	a.stats.msgs++
}

// After waiting for the goroutines it started, a function reads a field
// they added to.
type job struct{ done int64 }

func (j *job) run(n int) int64 {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { atomic.AddInt64(&j.done, 1) })
	}
	wg.Wait()
	return j.done
}

// A helper whose every call is made under the exclusive lock: its atomic
// adds cannot meet the plain read under the read lock.
type respStats struct {
	mu        sync.RWMutex
	m         map[string]int
	responses int64
}

func (c *respStats) adjust(delta int64) { atomic.AddInt64(&c.responses, delta) }

func (c *respStats) put(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = 1
	c.adjust(1)
}

func (c *respStats) remove(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
	c.adjust(-1)
}

func (c *respStats) snapshot() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.responses
}

func (c *respStats) peek() int64 { return atomic.LoadInt64(&c.responses) }

// A parameter re-pointed at a private copy before the write.
type qsub struct {
	mu     *sync.Mutex
	weight int32
}

func sendUpdate(s *qsub, n int32, send func(*qsub)) {
	s.mu.Lock()
	c := *s
	s.mu.Unlock()
	s = &c
	s.weight = n
	send(s)
}

func pickWeight(s *qsub) int32 { return atomic.LoadInt32(&s.weight) }

// Called with the world stopped: nothing runs concurrently.
type victim struct{ size uintptr }

func (v *victim) load() uintptr { return atomic.LoadUintptr(&v.size) }
func (v *victim) drop()         { atomic.StoreUintptr(&v.size, 0) }

// cleanup is called with the world stopped, at the start of a collection.
func cleanup(vs []*victim) {
	for _, v := range vs {
		v.size = 0
	}
}

// A helper called only from init and constructors.
var shards int64

func setShards(n int64) { shards = n }

func init() { setShards(4) }

func newSharded() *pool {
	setShards(8)
	return &pool{}
}

func addShard() { atomic.AddInt64(&shards, 1) }

// The body says it: sync.Pool's cleanup runs with the world stopped.
var victims []*victim

func dropVictims() {
	// This function is called with the world stopped, at the beginning of a
	// garbage collection.
	for _, v := range victims {
		v.size = 0
	}
}

package a

import (
	"context"
	"errors"
	"locklib"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Lock and defer Unlock.
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count++
}

// Unlock on every path, without defer.
func (c *Counter) IncChecked(limit int) bool {
	c.mu.Lock()
	if c.count >= limit {
		c.mu.Unlock()
		return false
	}
	c.count++
	c.mu.Unlock()
	return true
}

// A deferred literal unlocks.
func (c *Counter) IncDeferredFunc() {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	c.count++
}

// Lock in a loop, unlock at the end of the body.
func sum(mu *sync.Mutex, xs []int, total *int) {
	for _, x := range xs {
		mu.Lock()
		*total += x
		mu.Unlock()
	}
}

// Lock in a loop that unlocks before continue.
func sumPositive(mu *sync.Mutex, xs []int, total *int) {
	for _, x := range xs {
		mu.Lock()
		if x < 0 {
			mu.Unlock()
			continue
		}
		*total += x
		mu.Unlock()
	}
}

// Conditional lock and unlock on the same condition.
func maybeLocked(mu *sync.Mutex, shared bool, p *int) {
	if shared {
		mu.Lock()
	}
	*p++
	if shared {
		mu.Unlock()
	}
}

func maybeLockedNot(mu *sync.Mutex, private bool, p *int) {
	if !private {
		mu.Lock()
	}
	*p++
	if !private {
		mu.Unlock()
	}
}

// Calling a …Locked helper while holding the lock.
func (c *Cache) setLocked(k, v string) { c.items[k] = v }

func (c *Cache) SetMany(kv map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range kv {
		c.setLocked(k, v)
	}
}

// A …Locked helper that drops the lock around slow work and takes it back:
// called with the lock held, it returns holding it.
func (c *Counter) flushLocked(flush func(int)) {
	n := c.count
	c.mu.Unlock()
	flush(n)
	c.mu.Lock()
	c.count = 0
}

func (c *Counter) Flush(flush func(int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked(flush)
}

// TryLock.
func (c *Counter) TryInc() bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.count++
	return true
}

// Different instances of the same type.
func transfer(a, b *Counter, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	a.count -= n
	b.count += n
}

func move(a, b *Counter, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.count -= n
	b.Inc()
}

// A path that panics is not a return.
func (c *Counter) MustInc(limit int) {
	c.mu.Lock()
	if c.count >= limit {
		panic("over the limit")
	}
	c.count++
	c.mu.Unlock()
}

// Lock helpers that return holding the lock on every path.
func (c *Counter) lock()   { c.mu.Lock() }
func (c *Counter) unlock() { c.mu.Unlock() }

func (c *Counter) Dec() {
	c.lock()
	defer c.unlock()
	c.count--
}

func (c *Counter) DecDirect() {
	c.mu.Lock()
	defer c.unlock()
	c.count--
}

// Returns holding the lock on success: the caller unlocks.
var errClosed = errors.New("closed")

func (c *Counter) acquireOpen() error {
	c.mu.Lock()
	if c.count < 0 {
		c.mu.Unlock()
		return errClosed
	}
	return nil
}

func (c *Counter) tryHold() bool {
	c.mu.Lock()
	if c.count < 0 {
		c.mu.Unlock()
		return false
	}
	return true
}

func (c *Counter) Use() {
	if err := c.acquireOpen(); err != nil {
		return
	}
	c.count++
	c.mu.Unlock()
}

// Hands the unlock back to the caller.
func (c *Counter) Hold() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

func (c *Counter) HoldFunc() (unlock func()) {
	c.mu.Lock()
	if c.count == 0 {
		return func() {}
	}
	return func() { c.mu.Unlock() }
}

// The unlock happens in a goroutine.
func (c *Counter) Background(work func()) {
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		work()
	}()
}

// Unlock, do slow work, lock again; defer releases.
func (c *Counter) Slow(ctx context.Context, work func(context.Context)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mu.Unlock()
	work(ctx)
	c.mu.Lock()
	c.count++
}

// Read lock, release, write lock: no upgrade.
func (c *Cache) GetOrSet(k, v string) string {
	c.mu.RLock()
	if old, ok := c.items[k]; ok {
		c.mu.RUnlock()
		return old
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[k]; ok {
		return old
	}
	c.items[k] = v
	return v
}

// Calls of another package: Get and Put outside the lock, PutLocked and a
// conditional Len inside it.
func fill(s *locklib.Store, kv map[string]int) int {
	for k, v := range kv {
		if s.Get(k) == 0 {
			s.Put(k, v)
		}
	}
	s.Lock()
	defer s.Unlock()
	for k, v := range kv {
		s.PutLocked(k, v)
	}
	return s.Len(true)
}

// The same method on another instance.
func copyCounter(dst, src *Counter) {
	dst.mu.Lock()
	defer dst.mu.Unlock()
	dst.count = src.Value()
}

// Lock held across a select on ctx.Done and a buffered channel.
func (c *Counter) Wait(ctx context.Context, ch chan int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-ctx.Done():
	case ch <- c.count:
	}
}

// A mutex guarding a map of per-key mutexes.
type Keyed struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (k *Keyed) Do(key string, f func()) {
	k.mu.Lock()
	l, ok := k.locks[key]
	if !ok {
		l = new(sync.Mutex)
		k.locks[key] = l
	}
	k.mu.Unlock()
	l.Lock()
	defer l.Unlock()
	f()
}

// Goroutines with their own lock discipline.
func parallel(items []int) int {
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		total int
	)
	for _, it := range items {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			total += it
		})
	}
	wg.Wait()
	return total
}

// An unlock function kept in a variable.
func (c *Counter) viaFunc() {
	c.mu.Lock()
	unlock := c.mu.Unlock
	if c.count > 0 {
		unlock()
		return
	}
	unlock()
}

// Conditional lock and unlock on a field, in a loop.
type Batcher struct {
	mu     sync.Mutex
	shared bool
	n      int
}

func (b *Batcher) Run(items []int) {
	for range items {
		if b.shared {
			b.mu.Lock()
		}
		b.n++
		if b.shared {
			b.mu.Unlock()
		}
	}
}

// errgroup workers each lock around their update.
func collect(ctx context.Context, urls []string, fetch func(context.Context, string) (int, error)) (map[string]int, error) {
	var mu sync.Mutex
	out := map[string]int{}
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			out[u] = n
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// A polling loop that unlocks before every return and every sleep.
func (c *Counter) waitPositive(ctx context.Context, tick <-chan struct{}) error {
	for {
		c.mu.Lock()
		if c.count > 0 {
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
		}
	}
}

// Lock in every case of a switch.
func (c *Counter) apply(op string) {
	switch op {
	case "inc":
		c.mu.Lock()
		c.count++
		c.mu.Unlock()
	case "dec":
		c.mu.Lock()
		c.count--
		c.mu.Unlock()
	}
}

// Lock every shard, then unlock every shard.
func lockAll(shards []*Counter) int {
	for _, s := range shards {
		s.mu.Lock()
	}
	total := 0
	for _, s := range shards {
		total += s.count
		s.mu.Unlock()
	}
	return total
}

// A result channel buffered for every sender, filled under the lock.
func (c *Counter) snapshot(n int) []int {
	ch := make(chan int, n)
	c.mu.Lock()
	for i := 0; i < n; i++ {
		ch <- c.count + i
	}
	c.mu.Unlock()
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// A mutex used as a handoff: the goroutine unlocks it, the second Lock
// waits for that.
func handoff(work func()) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		work()
		mu.Unlock()
	}()
	mu.Lock()
}

// A goroutine that blocks on purpose; its spawner unlocks.
func blockDeep(ready chan struct{}) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		close(ready)
		mu.Lock()
	}()
	<-ready
	mu.Unlock()
}

// A read lock taken twice on a mutex no other goroutine can see.
func localRead() int {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
	return 0
}

// A local mutex left locked harms nobody.
func localLeft(x int) int {
	var mu sync.Mutex
	mu.Lock()
	if x < 0 {
		return 0
	}
	mu.Unlock()
	return x
}

// Hand-over-hand locking up a tree: the unlock names the node through the
// loop variable.
type tnode struct {
	mu     sync.Mutex
	parent *tnode
	n      int
}

func (t *tnode) prune() {
	i := t
	i.mu.Lock()
	if i.n == 0 {
		for i.parent != nil {
			p := i.parent
			p.mu.Lock()
			i.mu.Unlock()
			i = p
		}
		i.mu.Unlock()
		return
	}
	i.mu.Unlock()
}

// Records in a field that it returns holding the lock: another method
// releases it.
type Rows struct {
	closemu   sync.RWMutex
	scanHold  bool
	raw       []byte
	lastError error
}

func (rs *Rows) Scan(keep bool) error {
	rs.closemu.RLock()
	err := rs.lastError
	if err == nil && keep {
		rs.scanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return err
}

// A flag records whether the lock was taken; the unlock tests it.
type Tx struct {
	mu      sync.RWMutex
	buckets map[string]int
}

func (tx *Tx) bucket(name string, open func(string) int) int {
	tx.mu.RLock()
	b, ok := tx.buckets[name]
	tx.mu.RUnlock()
	lockHeld := false
	if !ok {
		tx.mu.Lock()
		lockHeld = true
		b = open(name)
		tx.buckets[name] = b
	}
	if b == 0 {
		if lockHeld {
			tx.mu.Unlock()
		}
		return 0
	}
	if !lockHeld {
		tx.mu.Lock()
	}
	b++
	tx.mu.Unlock()
	return b
}

// The unlock is handed to a goroutine started with a method.
func (c *Counter) resetAndUnlock() {
	c.count = 0
	c.mu.Unlock()
}

func (c *Counter) Restart(same bool) {
	c.mu.Lock()
	if same {
		c.mu.Unlock()
		return
	}
	go c.resetAndUnlock()
}

// The unlock goes through sync.OnceFunc.
func (c *Counter) onceUnlock(check func()) {
	c.mu.Lock()
	unlock := sync.OnceFunc(c.mu.Unlock)
	defer unlock()
	check()
	unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// A lock helper that switches a mode (the compress/flate test's
// syncBuffer): a test that returns early in write mode is not reported.
type syncBuffer struct {
	mu  sync.RWMutex
	buf []byte
}

func (b *syncBuffer) WriteMode() { b.mu.Lock() }
func (b *syncBuffer) ReadMode()  { b.mu.Unlock() }

func roundTrip(b *syncBuffer, write func() error, read func() error) error {
	b.WriteMode()
	if err := write(); err != nil {
		return err
	}
	b.ReadMode()
	return read()
}

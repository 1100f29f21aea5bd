package a

import "sync"

// Deferred calls that do not release the lock just taken.

type Registry struct {
	mu    sync.RWMutex
	names map[string]int
}

var (
	configMu sync.Mutex
	config   map[string]string
)

// defer Lock where defer Unlock was meant: the function deadlocks on
// return.
func setConfig(k, v string) {
	configMu.Lock()
	defer configMu.Lock() // want `defer configMu.Lock\(\) while configMu is locked deadlocks at return: the deferred Lock runs with configMu still held, and a mutex is not reentrant \(defer configMu.Unlock\(\) instead\)`
	config[k] = v
}

// The same with a read lock: the second read lock is never released.
func (r *Registry) Lookup(name string) int {
	r.mu.RLock()
	defer r.mu.RLock() // want `defer r.mu.RLock\(\) while r.mu is read-locked leaves r.mu read-locked for good`
	return r.names[name]
}

// Lock deferred after RLock waits for this goroutine's own read lock.
func (r *Registry) Has(name string) bool {
	r.mu.RLock()
	defer r.mu.Lock() // want `defer r.mu.Lock\(\) while r.mu is read-locked deadlocks at return: Lock waits for every reader to leave`
	_, ok := r.names[name]
	return ok
}

// RLock deferred after Lock waits for this goroutine's write lock.
func (r *Registry) Drop(name string) {
	r.mu.Lock()
	defer r.mu.RLock() // want `defer r.mu.RLock\(\) while r.mu is locked deadlocks at return: RLock waits for the write lock`
	delete(r.names, name)
}

// The write lock released as a read lock: a fatal error at return.
func (r *Registry) Add(name string, id int) {
	r.mu.Lock()
	defer r.mu.RUnlock() // want `defer r.mu.RUnlock\(\) while r.mu is locked crashes at return: RUnlock of a mutex that is not read-locked is a fatal error`
	r.names[name] = id
}

// The read lock released as a write lock.
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.Unlock() // want `defer r.mu.Unlock\(\) while r.mu is read-locked crashes at return: Unlock of a mutex that is not write-locked is a fatal error`
	return len(r.names)
}

// A parameter, with work between the lock and the defer.
func countAll(mu *sync.RWMutex, items map[string]int) int {
	mu.Lock()
	n := len(items)
	defer mu.RUnlock() // want `defer mu.RUnlock\(\) while mu is locked crashes at return`
	return n
}

// An embedded mutex, as the promoted methods spell it.
type guarded struct {
	sync.RWMutex
	n int
}

func (g *guarded) get() int {
	g.RLock()
	defer g.Unlock() // want `defer g.Unlock\(\) while g is read-locked crashes at return`
	return g.n
}

// Silent: the matching release is deferred.
func (r *Registry) Get(name string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.names[name]
}

func (r *Registry) Set(name string, id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[name] = id
}

// Silent: unlock around slow work and take the lock back on return (the
// caller holds it): nothing is held at the defer.
func (r *Registry) refreshLocked(load func() map[string]int) {
	r.mu.Unlock()
	defer r.mu.Lock()
	fresh := load()
	_ = fresh
}

// Silent: a deferred Lock of a mutex that is not held here.
func relockOnReturn(mu *sync.Mutex, work func()) {
	defer mu.Lock()
	work()
}

// Silent: a deferred Lock of another mutex (lock order a, then b at
// return; not a mismatch).
func handOver(a, b *sync.Mutex) {
	a.Lock()
	defer b.Lock()
}

// Silent: the read lock is dropped and the write lock taken before the
// deferred Unlock runs (a re-check after upgrading by hand).
func (r *Registry) Ensure(name string) int {
	r.mu.RLock()
	if id, ok := r.names[name]; ok {
		r.mu.RUnlock()
		return id
	}
	r.mu.RUnlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, ok := r.names[name]; ok {
		return id
	}
	r.names[name] = len(r.names)
	return r.names[name]
}

// Silent: the lock is taken on one path only, so the deferred call does
// not run holding it on every path (the forgotten-unlock analysis has its
// own say).
func maybeReadLocked(mu *sync.RWMutex, shared bool) {
	if shared {
		mu.RLock()
	}
	defer func() {
		if shared {
			mu.RUnlock()
		}
	}()
}

// Silent: a goroutine this function starts releases the lock, and the
// deferred Lock waits for it: a handoff.
func waitForWorker(mu *sync.Mutex, work func()) {
	mu.Lock()
	go func() {
		work()
		mu.Unlock()
	}()
	defer mu.Lock()
}

// Silent: the write lock is downgraded by hand before the deferred RUnlock.
func (r *Registry) Rebuild(names []string) int {
	r.mu.Lock()
	defer r.mu.RUnlock()
	r.names = map[string]int{}
	for i, n := range names {
		r.names[n] = i
	}
	r.mu.Unlock()
	r.mu.RLock()
	return len(r.names)
}

// Silent: the release is deferred in a literal.
func (r *Registry) Count() int {
	r.mu.RLock()
	defer func() { r.mu.RUnlock() }()
	return len(r.names)
}

// Silent: TryLock, then the matching deferred release.
func (r *Registry) TrySet(name string, id int) bool {
	if !r.mu.TryLock() {
		return false
	}
	defer r.mu.Unlock()
	r.names[name] = id
	return true
}

// Silent: the read lock dropped for slow work and taken back at return
// (the caller holds it).
func (r *Registry) slowLocked(work func()) {
	r.mu.RUnlock()
	defer r.mu.RLock()
	work()
}

// Silent: the matching deferred release of an embedded mutex.
func (g *guarded) set(n int) {
	g.Lock()
	defer g.Unlock()
	g.n = n
}

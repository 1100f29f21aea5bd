package a

import "sync"

// Two package mutexes taken in opposite orders by two functions.

var (
	muA sync.Mutex
	muB sync.Mutex
)

func ab() {
	muA.Lock()
	muB.Lock() // want `lock order inversion: muB is locked while holding muA, but ba locks muA while holding muB`
	muB.Unlock()
	muA.Unlock()
}

func ba() {
	muB.Lock()
	defer muB.Unlock()
	muA.Lock()
	muA.Unlock()
}

// Through calls: each method takes its own type's lock and calls into the
// other type.

type Bank struct {
	mu  sync.Mutex
	log *Log
	sum int
}

type Log struct {
	mu    sync.Mutex
	bank  *Bank
	lines []string
}

func (b *Bank) Deposit(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sum++
	b.log.append(s) // want `lock order inversion: Log.mu is locked while holding Bank.mu, but Flush locks Bank.mu while holding Log.mu`
}

func (l *Log) append(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
}

func (l *Log) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bank.audit()
}

func (b *Bank) audit() {
	b.mu.Lock()
	b.sum = 0
	b.mu.Unlock()
}

// Three calls deep on one side.

type Cache struct {
	mu    sync.RWMutex
	store *Store
	m     map[string]string
}

type Store struct {
	mu    sync.Mutex
	cache *Cache
}

func (c *Cache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store.load() // want `lock order inversion: Store.mu is locked while holding Cache.mu, but Evict locks Cache.mu while holding Store.mu`
}

func (s *Store) load()  { s.read() }
func (s *Store) read()  { s.fetch() }
func (s *Store) fetch() { s.mu.Lock(); s.mu.Unlock() }

func (s *Store) Evict(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache.mu.Lock()
	delete(s.cache.m, k)
	s.cache.mu.Unlock()
}

// A read lock held while a write lock of the other mutex is taken is an
// inversion too.

type Index struct {
	mu   sync.RWMutex
	docs *Docs
}

type Docs struct {
	mu  sync.RWMutex
	idx *Index
}

func (i *Index) Lookup() {
	i.mu.RLock()
	defer i.mu.RUnlock()
	i.docs.mu.Lock() // want `lock order inversion: Docs.mu is locked while holding Index.mu`
	i.docs.mu.Unlock()
}

func (d *Docs) Reindex() {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.idx.mu.Lock()
	d.idx.mu.Unlock()
}

// A local mutex shared by two goroutines.

func locals() {
	var x, y sync.Mutex
	go func() {
		x.Lock()
		y.Lock() // want `lock order inversion: y is locked while holding x`
		y.Unlock()
		x.Unlock()
	}()
	y.Lock()
	x.Lock()
	x.Unlock()
	y.Unlock()
}

// The same shape with a value that may already be shared: an existing
// entry's mutex can be held by its own Drop.

type Table struct {
	mu   sync.Mutex
	rows map[string]*Row
}

type Row struct {
	mu  sync.Mutex
	tab *Table
	n   int
}

func (t *Table) Touch(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, ok := t.rows[name]; ok {
		r.mu.Lock() // want `lock order inversion: Row.mu is locked while holding Table.mu, but Drop locks Table.mu while holding Row.mu`
		r.n++
		r.mu.Unlock()
	}
}

func (r *Row) Drop(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tab.mu.Lock()
	delete(r.tab.rows, name)
	r.tab.mu.Unlock()
}

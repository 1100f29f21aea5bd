package a

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

// Every access holds the lock, with defer or without.
type Safe struct {
	mu sync.Mutex
	n  int
}

func (s *Safe) Inc()      { s.mu.Lock(); s.n++; s.mu.Unlock() }
func (s *Safe) Dec()      { s.mu.Lock(); defer s.mu.Unlock(); s.n-- }
func (s *Safe) Get() int  { s.mu.Lock(); defer s.mu.Unlock(); return s.n }
func (s *Safe) Set(n int) { s.mu.Lock(); s.n = n; s.mu.Unlock() }

// Set in the constructor before the value is shared, and in an unexported
// init called only on the fresh value.
type Conf struct {
	mu   sync.Mutex
	name string
	size int
}

func NewConf(name string) *Conf {
	c := &Conf{}
	c.name = name
	c.setup()
	return c
}

func (c *Conf) setup() { c.size = 10 }

func (c *Conf) Rename(n string) { c.mu.Lock(); c.name = n; c.size++; c.mu.Unlock() }
func (c *Conf) Name() string    { c.mu.Lock(); defer c.mu.Unlock(); return c.name }
func (c *Conf) Size() int       { c.mu.Lock(); defer c.mu.Unlock(); return c.size }

// A constructor of the package returns a fresh value: its caller's writes
// come before anyone else sees it.
func newConf() *Conf { return &Conf{} }

func Configured(n string) *Conf {
	c := newConf()
	c.name = n
	return c
}

// Read-only after construction: no write races with the unlocked reads.
type Limits struct {
	mu    sync.Mutex
	max   int
	count int
}

func NewLimits(max int) *Limits { return &Limits{max: max} }

func (l *Limits) Take() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count >= l.max {
		return false
	}
	l.count++
	return true
}

func (l *Limits) Max() int { return l.max }

// An unlocked helper that drops its caller's lock: its accesses before
// the Unlock are guarded by the caller.
type Pool struct {
	mu   sync.Mutex
	free []int
}

func (p *Pool) Get() int {
	p.mu.Lock()
	if len(p.free) == 0 {
		p.mu.Unlock()
		return -1
	}
	return p.popAndUnlock()
}

func (p *Pool) popAndUnlock() int {
	v := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	p.mu.Unlock()
	return v
}

func (p *Pool) Put(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, v)
}

// An atomic field: atomicmix's business, not a guard's.
type Meter struct {
	mu    sync.Mutex
	ticks int64
	name  string
}

func (m *Meter) Tick()        { atomic.AddInt64(&m.ticks, 1) }
func (m *Meter) Ticks() int64 { m.mu.Lock(); defer m.mu.Unlock(); return m.ticks }
func (m *Meter) Reset()       { m.mu.Lock(); m.ticks = 0; m.mu.Unlock() }

// atomic types and other sync values are used through their methods.
type Flags struct {
	mu     sync.Mutex
	closed atomic.Bool
	once   sync.Once
	n      int
}

func (f *Flags) Close() {
	f.mu.Lock()
	f.closed.Store(true)
	f.n = 0
	f.mu.Unlock()
}

func (f *Flags) Closed() bool { return f.closed.Load() }

// Unguarded as often as guarded: no guard is evident.
type Mixed struct {
	mu sync.Mutex
	a  int
}

func (m *Mixed) One()     { m.mu.Lock(); m.a = 1; m.mu.Unlock() }
func (m *Mixed) Two()     { m.a = 2 }
func (m *Mixed) Three()   { m.a = 3 }
func (m *Mixed) Get() int { m.mu.Lock(); defer m.mu.Unlock(); return m.a }

// A lock the model cannot name: a helper method that locks.
type Locker struct {
	mu sync.Mutex
	v  int
}

func (l *Locker) lock()   { l.mu.Lock() }
func (l *Locker) unlock() { l.mu.Unlock() }

func (l *Locker) Set(v int) { l.mu.Lock(); l.v = v; l.mu.Unlock() }
func (l *Locker) Get() int  { l.mu.Lock(); defer l.mu.Unlock(); return l.v }
func (l *Locker) Bump() {
	l.lock()
	l.v++
	l.unlock()
}

// The name says its caller holds the lock.
func (l *Locker) GetLocked() int { return l.v }

// A mutex held on some paths only: unknown.
func (l *Locker) Maybe(b bool) int {
	if b {
		l.mu.Lock()
		defer l.mu.Unlock()
	}
	return l.v
}

// The double-checked upgrade: RLock to read, Lock to write.
type Lazy struct {
	mu  sync.RWMutex
	val *int
}

func (z *Lazy) Get() *int {
	z.mu.RLock()
	v := z.val
	z.mu.RUnlock()
	if v != nil {
		return v
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.val == nil {
		n := 1
		z.val = &n
	}
	return z.val
}

// A write under RLock that also holds another mutex for writing.
type Dual struct {
	mu    sync.RWMutex
	hitMu sync.Mutex
	hits  int
}

func (d *Dual) Hit() {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.hitMu.Lock()
	d.hits++
	d.hitMu.Unlock()
}

func (d *Dual) Hits() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.hitMu.Lock()
	defer d.hitMu.Unlock()
	return d.hits
}

// Options applied before the value is shared.
type Client struct {
	mu      sync.Mutex
	retries int
}

type Option func(*Client)

func WithRetries(n int) Option { return func(c *Client) { c.retries = n } }

func NewClient(opts ...Option) *Client {
	c := &Client{}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (c *Client) Retry() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.retries == 0 {
		return false
	}
	c.retries--
	return true
}

// A local value used by one goroutine only.
func Local() int {
	var s Safe
	s.n = 3
	s.n++
	return s.n
}

// sync.Once: the callback runs under the Once, not as a plain method.
type Once struct {
	mu   sync.Mutex
	once sync.Once
	v    int
}

func (o *Once) Get() int {
	o.once.Do(func() { o.v = 42 })
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.v
}

func (o *Once) Set(v int) { o.mu.Lock(); o.v = v; o.mu.Unlock() }

// Generics: the same rules, silent when every access locks.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Put(v T) { b.mu.Lock(); b.v = v; b.mu.Unlock() }
func (b *Box[T]) Take() T { b.mu.Lock(); defer b.mu.Unlock(); return b.v }

// A goroutine that waits on a channel first: whoever closes it may have
// ordered the write after the others.
type Worker struct {
	mu    sync.Mutex
	state int
	done  chan struct{}
}

func (w *Worker) Set(v int) { w.mu.Lock(); w.state = v; w.mu.Unlock() }
func (w *Worker) Get() int  { w.mu.Lock(); defer w.mu.Unlock(); return w.state }

func (w *Worker) Run() {
	go func() {
		<-w.done
		w.state = 0
	}()
}

// Guarded in one critical section only: no guard is evident.
type Codec struct {
	mu      sync.Mutex
	seq     int
	pending map[int]string
	id      string
}

func (c *Codec) ReadHeader(id string) {
	c.reset()
	c.id = id
	c.mu.Lock()
	c.seq++
	c.pending[c.seq] = c.id
	c.id = ""
	c.mu.Unlock()
}

func (c *Codec) reset() { c.id = "" }

// The only writer reads its own writes without the lock.
type Conf2 struct {
	mu    sync.Mutex
	path  string
	stamp int
}

func (c *Conf2) Refresh(stamp int) {
	if c.stamp == stamp {
		return
	}
	c.mu.Lock()
	c.stamp = stamp
	c.mu.Unlock()
}

func (c *Conf2) Stamp() int { c.mu.Lock(); defer c.mu.Unlock(); return c.stamp }

// Lazy initialisation done right: under the lock, or with sync.Once, or on
// a type with no evident guard (not meant for concurrent use).
type Conn2 struct {
	mu   sync.Mutex
	once sync.Once
	sent int
	buf  []byte
	tab  map[string]int
}

func (c *Conn2) Send(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.buf == nil {
		c.buf = make([]byte, 0, 4096)
	}
	c.sent += len(p)
}

func (c *Conn2) Sent() int { c.mu.Lock(); defer c.mu.Unlock(); return c.sent }
func (c *Conn2) Table() map[string]int {
	c.once.Do(func() {
		if c.tab == nil {
			c.tab = map[string]int{}
		}
	})
	return c.tab
}

type Builder struct {
	buf []byte
}

func (b *Builder) Write(p []byte) {
	if b.buf == nil {
		b.buf = make([]byte, 0, 64)
	}
	b.buf = append(b.buf, p...)
}

// Initialised once under the lock, then only read: every reader calls the
// initialiser first (debug/gosym's LineTable).
type Table struct {
	mu      sync.Mutex
	version int
	data    []byte
}

func (t *Table) parse() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.version != 0 {
		return
	}
	t.data = []byte("x")
	t.version = 1
}

func (t *Table) ready() bool { t.parse(); return t.version == 1 }

func (t *Table) Files() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return []string{string(t.data)}
}

func (t *Table) Lookup(i int) byte {
	if !t.ready() {
		return 0
	}
	return t.data[i]
}

// A helper whose callers, two calls up, hold a lock (crypto/tls's
// setTrafficSecret, reached from a handshake under another mutex and from
// a key update under the half-connection's own).
type half struct {
	sync.Mutex
	secret []byte
}

type TLSConn struct {
	handshakeMu sync.Mutex
	in, out     half
}

func (h *half) setSecret(s []byte) { h.secret = s }

func (c *TLSConn) setReadSecret(s []byte) { c.in.setSecret(s) }

func (c *TLSConn) Handshake() {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	c.setReadSecret([]byte("k"))
}

func (c *TLSConn) KeyUpdate() {
	c.in.Lock()
	defer c.in.Unlock()
	next := append([]byte(nil), c.in.secret...)
	c.setReadSecret(next)
}

func (c *TLSConn) Secret() []byte {
	c.in.Lock()
	defer c.in.Unlock()
	return c.in.secret
}

// A flag tested and then set after the if, not inside it: left alone.
type Test struct {
	mu       sync.Mutex
	parallel bool
	output   []byte
}

func (t *Test) Parallel() {
	if t.parallel {
		panic("called twice")
	}
	t.parallel = true
}

func (t *Test) Log(s string) { t.mu.Lock(); t.output = append(t.output, s...); t.mu.Unlock() }
func (t *Test) Output() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.output
}

// An RWMutex locked exclusively only by Close: a barrier against closing
// during an operation, not a guard of what the (single) user sets under
// RLock (database/sql's Rows).
type Rows struct {
	closemu sync.RWMutex
	closed  bool
	lastErr error
	cols    []string
}

func (r *Rows) Next() bool {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	if r.closed {
		return false
	}
	r.cols = nil
	r.lastErr = nil
	return true
}

func (r *Rows) Err() error {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	return r.lastErr
}

func (r *Rows) Columns() []string {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	return r.cols
}

func (r *Rows) Close() error {
	r.closemu.Lock()
	defer r.closemu.Unlock()
	r.closed = true
	r.lastErr = nil
	return nil
}

// A value from a sync.Pool, and one whose address is only formatted, are
// still the constructor's own (x/net/trace, grpc's balancer builders).
type Trace struct {
	mu     sync.Mutex
	family string
	events []string
	prefix string
}

var tracePool = sync.Pool{New: func() any { return new(Trace) }}

func NewTrace(family string) *Trace {
	t := tracePool.Get().(*Trace)
	t.family = family
	t.events = t.events[:0]
	t.prefix = fmt.Sprintf("[trace %p] ", t)
	t.events = append(t.events, t.prefix)
	return t
}

func (t *Trace) Add(e string) { t.mu.Lock(); t.events = append(t.events, e); t.mu.Unlock() }
func (t *Trace) Events() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events
}

// States called through an interface by a method that holds the lock
// (containerd's process states): the static call graph shows no caller.
type state interface{ Resume() }

type Proc struct {
	mu    sync.Mutex
	state state
}

type created struct{ p *Proc }

func (s *created) Resume() { s.p.state = &running{p: s.p} }

type running struct{ p *Proc }

func (s *running) Resume() {}

func (p *Proc) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state.Resume()
}

func (p *Proc) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state = &created{p: p}
}

// One field type in two places: Pair.seq is guarded inside Store, but a
// Pair reached through a State parameter is another object that no Store
// mutex can guard (nats-server's ConsumerState copies).
type Pair struct{ seq uint64 }

type State struct{ floor Pair }

type Store struct {
	mu    sync.Mutex
	state State
}

func (s *Store) Ack(n uint64) { s.mu.Lock(); s.state.floor.seq = n; s.mu.Unlock() }
func (s *Store) Floor() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.floor.seq
}

func Encode(st *State) uint64 { return st.floor.seq }

// A setter that never takes the lock: set-up before the value is shared
// (etcd's RaftCluster.SetID), not reported.
type Member struct {
	mu   sync.Mutex
	id   int
	name string
}

func (m *Member) SetID(id int) { m.id = id }
func (m *Member) ID() int      { m.mu.Lock(); defer m.mu.Unlock(); return m.id }
func (m *Member) Rename(n string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.name = n
	m.id++
}

// A read gated by an atomic flag that the writers set first (nats-server's
// fileLogger: no rotation, so no write of l.f, while canRotate is 0).
type fileLog struct {
	sync.Mutex
	canRotate int32
	f         []byte
}

func (l *fileLog) Write(b []byte) int {
	if atomic.LoadInt32(&l.canRotate) == 0 {
		return len(l.f) + len(b)
	}
	l.Lock()
	defer l.Unlock()
	l.f = append(l.f, b...)
	return len(l.f)
}

func (l *fileLog) Rotate() {
	l.Lock()
	defer l.Unlock()
	l.f = nil
}

// Lazy set-up in an exported method (a Provision, a balancer's first
// update): called by one goroutine by contract, not reported.
type Proxy struct {
	mu        sync.Mutex
	transport []byte
	reqs      int
}

func (p *Proxy) Provision() {
	if p.transport == nil {
		p.transport = []byte("default")
	}
}

func (p *Proxy) Serve()    { p.mu.Lock(); p.reqs++; p.mu.Unlock() }
func (p *Proxy) Reqs() int { p.mu.Lock(); defer p.mu.Unlock(); return p.reqs }

// Written before the go statement that starts the reader: ordered by it
// (x/net/http2's idle timer, set before go cc.readLoop()).
type ClientConn struct {
	mu        sync.Mutex
	idleTimer *int
	streams   int
}

var conns []*ClientConn

func NewClientConn() *ClientConn {
	cc := &ClientConn{}
	conns = append(conns, cc)
	cc.mu.Lock()
	t := 1
	cc.idleTimer = &t
	cc.mu.Unlock()
	cc.startReading()
	return cc
}

func (cc *ClientConn) startReading() { go cc.readLoop() }

func (cc *ClientConn) readLoop() {
	defer cc.cleanup()
}

func (cc *ClientConn) cleanup() {
	if cc.idleTimer != nil {
		cc.streams = 0
	}
	cc.mu.Lock()
	t := 2
	cc.idleTimer = &t // re-armed by the goroutine itself
	cc.mu.Unlock()
}

func (cc *ClientConn) Close() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.idleTimer != nil {
		cc.streams = -1
	}
}

func (cc *ClientConn) Idle() bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.idleTimer != nil
}

// A value handed, as an interface, to another package's code that runs
// under the lock: its methods run under it (go-ethereum's hashdb cleaner,
// replayed by a batch while the database lock is held).
type DB struct {
	lock  sync.RWMutex
	keys  []string
	moves int
}

type keySorter struct{ db *DB }

func (s *keySorter) Len() int           { return len(s.db.keys) }
func (s *keySorter) Less(i, j int) bool { return s.db.keys[i] < s.db.keys[j] }
func (s *keySorter) Swap(i, j int) {
	s.db.keys[i], s.db.keys[j] = s.db.keys[j], s.db.keys[i]
	s.db.moves += 1
}

func (db *DB) Commit() {
	db.lock.Lock()
	defer db.lock.Unlock()
	sort.Sort(&keySorter{db})
	db.moves = 0
}

func (db *DB) Moves() int { db.lock.RLock(); defer db.lock.RUnlock(); return db.moves }

// A literal capturing the value, kept in a local struct handed to another
// package's function after the read: the capture alone shares nothing
// (grpc's xDS dependency manager registering its watchers).
type Manager struct {
	mu     sync.Mutex
	client *int
	seen   int
}

type watcher struct{ onUpdate func() }

func NewManager(c *int) *Manager {
	m := &Manager{}
	m.client = c
	w := &watcher{onUpdate: func() { m.update() }}
	fmt.Sprint(m.client, w)
	return m
}

func (m *Manager) update()          { m.mu.Lock(); m.seen++; m.mu.Unlock() }
func (m *Manager) SetClient(c *int) { m.mu.Lock(); m.client = c; m.mu.Unlock() }
func (m *Manager) Client() *int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.client
}

// A field documented as needing no lock (grpc's listenerWrapper: xDS
// updates are delivered one at a time).
type Listener struct {
	mu     sync.Mutex
	active *int
	// Read and written in xDS update callbacks, which the client delivers
	// one at a time: no further synchronization needed.
	pending *int
}

func (l *Listener) Update(p *int) {
	l.mu.Lock()
	l.active = l.pending
	l.mu.Unlock()
	l.pending = p
}

func (l *Listener) Stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending = nil
	l.active = nil
}

// A write under RLock in a function documented as externally synchronized
// (pebble's recordQueue.push: one producer).
type recordQueue struct {
	mu      sync.RWMutex
	buf     []int
	lastLen int
}

// push adds r. NB: externally synchronized, i.e., no concurrent push calls.
func (q *recordQueue) push(r int) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	q.buf[0] = r
	q.lastLen = len(q.buf)
}

func (q *recordQueue) Push(r int) { q.push(r) }

func (q *recordQueue) Grow() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.buf = append(q.buf, 0)
	q.lastLen = len(q.buf)
}

func (q *recordQueue) Reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.lastLen = 0
}

func (q *recordQueue) Len() int { q.mu.RLock(); defer q.mu.RUnlock(); return q.lastLen }

// Handed to a function of the package that only wraps it into values it
// makes and returns: still the constructor's (go-ethereum's snapshot
// journal loading its disk layer).
type layer interface{ root() int }

type diskLayer struct {
	lock   sync.RWMutex
	marker []byte
	r      int
}

func (d *diskLayer) root() int { return d.r }

type diffLayer struct {
	parent layer
	r      int
}

func (d *diffLayer) root() int { return d.r }

func loadJournal(base *diskLayer) layer {
	var parent layer = base
	for i := 0; i < 3; i++ {
		parent = &diffLayer{parent: parent, r: i}
	}
	return parent
}

func LoadSnapshot() layer {
	base := &diskLayer{}
	snap := loadJournal(base)
	base.marker = []byte{1}
	if base.marker == nil {
		base.marker = []byte{}
	}
	return snap
}

func (d *diskLayer) Progress(m []byte) { d.lock.Lock(); d.marker = m; d.lock.Unlock() }
func (d *diskLayer) Marker() []byte {
	d.lock.RLock()
	defer d.lock.RUnlock()
	return d.marker
}

// A package variable set once under the lock by its only writer, which
// every reader calls first: initialised under the lock, then only read
// (the model's lock facts do not see ensure lock: its mutex is not a
// parameter's).
var (
	tabMu   sync.Mutex
	tab     map[string]int
	tabHits int
)

func ensure() {
	tabMu.Lock()
	defer tabMu.Unlock()
	if tab == nil {
		tab = map[string]int{"a": 1}
	}
	tabHits++
}

func Lookup(k string) int { ensure(); return tab[k] }

func Tables() int {
	tabMu.Lock()
	defer tabMu.Unlock()
	return len(tab) + tabHits
}

// A transaction that lives inside its store's read lock: Read returns with
// s.mu read-locked and End releases it, so the transaction's methods run
// under it (etcd's storeTxnRead).
type store struct {
	mu  sync.RWMutex
	rev int
}

func (s *store) Compact() { s.mu.Lock(); s.rev++; s.mu.Unlock() }
func (s *store) Rev() int { s.mu.RLock(); defer s.mu.RUnlock(); return s.rev }

type txn struct{ s *store }

func (s *store) Read() *txn {
	s.mu.RLock()
	return &txn{s}
}

func (t *txn) Range() int { return t.s.rev }
func (t *txn) End()       { t.s.mu.RUnlock() }

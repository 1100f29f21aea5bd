package a

import "sync"

// Buffer waits on a cond of its own lock while holding another.
type Buffer struct {
	stateMu sync.Mutex
	mu      sync.Mutex
	cond    *sync.Cond
	items   []int
	state   int
}

func NewBuffer() *Buffer {
	b := &Buffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Buffer) Take() int {
	b.stateMu.Lock()
	defer b.stateMu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) == 0 {
		b.cond.Wait() // want `b.cond.Wait releases only the cond's own lock and keeps holding b.stateMu, and its signaler \(Put\) locks b.stateMu before Signal; release b.stateMu before waiting`
	}
	b.state--
	it := b.items[0]
	b.items = b.items[1:]
	return it
}

func (b *Buffer) Put(it int) {
	b.stateMu.Lock()
	defer b.stateMu.Unlock()
	b.state++
	b.mu.Lock()
	b.items = append(b.items, it)
	b.mu.Unlock()
	b.cond.Signal()
}

// Queue2 is the guide's cond: Wait releases the only lock held.
type Queue2 struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue2() *Queue2 {
	q := &Queue2{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue2) Push(item int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, item)
	q.cond.Signal()
}

func (q *Queue2) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// Gate holds another lock while waiting, but its signaler does not take
// that lock.
type Gate struct {
	outer sync.Mutex
	mu    sync.Mutex
	cond  *sync.Cond
	open  bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Pass() {
	g.outer.Lock()
	defer g.outer.Unlock()
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// A package-level cond: its lock is the package's jobsMu.
var (
	jobsMu   sync.Mutex
	statsMu  sync.Mutex
	jobsCond = sync.NewCond(&jobsMu)
	jobs     []int
	taken    int
)

func takeJob() int {
	statsMu.Lock()
	defer statsMu.Unlock()
	jobsMu.Lock()
	defer jobsMu.Unlock()
	for len(jobs) == 0 {
		jobsCond.Wait() // want `jobsCond.Wait releases only the cond's own lock and keeps holding statsMu, and its signaler \(addJob\) locks statsMu before Signal; release statsMu before waiting`
	}
	taken++
	j := jobs[0]
	jobs = jobs[1:]
	return j
}

func addJob(j int) {
	statsMu.Lock()
	defer statsMu.Unlock()
	jobsMu.Lock()
	jobs = append(jobs, j)
	jobsMu.Unlock()
	jobsCond.Signal()
}

// A cond whose L is a read locker: which lock Wait releases is not one the
// model names, so nothing is said.
type View struct {
	stateMu sync.Mutex
	mu      sync.RWMutex
	cond    sync.Cond
	ready   bool
}

func NewView() *View {
	v := &View{}
	v.cond.L = v.mu.RLocker()
	return v
}

func (v *View) Await() {
	v.stateMu.Lock()
	defer v.stateMu.Unlock()
	v.mu.RLock()
	for !v.ready {
		v.cond.Wait()
	}
	v.mu.RUnlock()
}

func (v *View) Ready() {
	v.stateMu.Lock()
	defer v.stateMu.Unlock()
	v.mu.Lock()
	v.ready = true
	v.mu.Unlock()
	v.cond.Broadcast()
}

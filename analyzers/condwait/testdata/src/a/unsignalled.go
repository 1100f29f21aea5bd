package a

import "sync"

// A Wait nothing can wake: the package never signals the Cond, and it
// does not leave the package.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Await() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait() // want `g.cond.Wait blocks forever: nothing calls Signal or Broadcast on cond, and no other package can reach it`
	}
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock() // the Broadcast is forgotten
}

// A sync.Cond value in the struct, never signalled either.
type Latch struct {
	mu   sync.Mutex
	cond sync.Cond
	done bool
}

func (l *Latch) Wait() {
	l.mu.Lock()
	if l.cond.L == nil {
		l.cond.L = &l.mu
	}
	for !l.done {
		l.cond.Wait() // want `l.cond.Wait blocks forever: nothing calls Signal or Broadcast on cond`
	}
	l.mu.Unlock()
}

// A package variable.
var (
	readyMu   sync.Mutex
	readyCond = sync.NewCond(&readyMu)
	ready     bool
)

func awaitReady() {
	readyMu.Lock()
	for !ready {
		readyCond.Wait() // want `readyCond.Wait blocks forever: nothing calls Signal or Broadcast on readyCond`
	}
	readyMu.Unlock()
}

// Silent: the Broadcast is a method value handed to time.AfterFunc-like
// code (the check cannot see who calls it).
type Timed struct {
	mu   sync.Mutex
	cond *sync.Cond
	due  bool
}

func NewTimed(after func(func())) *Timed {
	t := &Timed{}
	t.cond = sync.NewCond(&t.mu)
	after(t.cond.Broadcast)
	return t
}

func (t *Timed) Await() {
	t.mu.Lock()
	for !t.due {
		t.cond.Wait()
	}
	t.mu.Unlock()
}

// Silent: the Cond comes from the caller, who may signal it.
type Borrowed struct {
	mu   sync.Mutex
	cond *sync.Cond
	ok   bool
}

func NewBorrowed(c *sync.Cond) *Borrowed { return &Borrowed{cond: c} }

func (b *Borrowed) Await() {
	b.cond.L.Lock()
	for !b.ok {
		b.cond.Wait()
	}
	b.cond.L.Unlock()
}

// Silent: the Cond is handed out (a getter): its users may signal it.
type Shared struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func NewShared() *Shared {
	s := &Shared{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *Shared) Cond() *sync.Cond { return s.cond }

func (s *Shared) AwaitN(n int) {
	s.mu.Lock()
	for s.n < n {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// Silent: signalled by a goroutine of the package (the usual shape).
type Worker struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
}

func StartWorker() *Worker {
	w := &Worker{}
	w.cond = sync.NewCond(&w.mu)
	go func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
		w.cond.Signal()
	}()
	return w
}

func (w *Worker) Join() {
	w.mu.Lock()
	for !w.done {
		w.cond.Wait()
	}
	w.mu.Unlock()
}

// Silent: an exported Cond field: importers may signal it.
type Public struct {
	Mu   sync.Mutex
	Cond *sync.Cond
	Done bool
}

func (p *Public) Await() {
	p.Mu.Lock()
	for !p.Done {
		p.Cond.Wait()
	}
	p.Mu.Unlock()
}

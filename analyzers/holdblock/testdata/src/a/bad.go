package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Notifier is the guide's case: the consumer locks n.mu between two
// receives, the producer sends while holding it.
type Notifier struct {
	mu     sync.Mutex
	events chan string
	seen   int
}

func (n *Notifier) Start() {
	go func() {
		for ev := range n.events {
			n.mu.Lock()
			n.seen++
			n.mu.Unlock()
			_ = ev
		}
	}()
}

func (n *Notifier) Notify(ev string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events <- ev // want `send on n.events blocks while holding n.mu, and its receiver \(the goroutine started in Start\) locks n.mu before receiving; release the lock before sending`
}

// Server runs its loop as a method.
type Server struct {
	mu    sync.Mutex
	in    chan int
	quit  chan struct{}
	done  chan struct{}
	total int
}

func NewServer() *Server {
	s := &Server{in: make(chan int), quit: make(chan struct{}), done: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Server) loop() {
	for {
		select {
		case <-s.quit:
			close(s.done)
			return
		case v := <-s.in:
			s.mu.Lock()
			s.total += v
			s.mu.Unlock()
		}
	}
}

func (s *Server) Add(v int) {
	s.mu.Lock()
	s.in <- v // want `send on s.in blocks while holding s.mu, and its receiver \(loop\) locks s.mu before receiving`
	s.mu.Unlock()
}

// Stop waits for the loop while holding the lock the loop takes for each
// value: the loop never gets to the quit case.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.quit)
	<-s.done // want `receive from s.done blocks while holding s.mu, and its sender \(loop\) locks s.mu \(when its select takes the case at line 56\) before closing it; release the lock before receiving`
}

// result is handed back on a local channel by a goroutine that first
// updates shared state.
func result(mu *sync.Mutex, state map[string]int) int {
	ch := make(chan int)
	go func() {
		mu.Lock()
		state["runs"]++
		mu.Unlock()
		ch <- len(state)
	}()
	mu.Lock()
	defer mu.Unlock()
	return <-ch // want `receive from ch blocks while holding mu, and its sender \(the goroutine started in result\) locks mu before sending`
}

// collect waits for goroutines that need the lock it holds.
func collect(items []int) []int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out []int
	)
	mu.Lock()
	defer mu.Unlock()
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			out = append(out, it*2)
			mu.Unlock()
		}()
	}
	wg.Wait() // want `wg.Wait blocks while holding mu, and a goroutine it waits for \(the goroutine started in collect\) locks mu before wg.Done; release the lock before waiting`
	return out
}

// collectGo is collect with WaitGroup.Go.
func collectGo(items []int) int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sum int
	)
	mu.Lock()
	for _, it := range items {
		wg.Go(func() {
			mu.Lock()
			sum += it
			mu.Unlock()
		})
	}
	wg.Wait() // want `wg.Wait blocks while holding mu, and a goroutine it waits for \(the goroutine started in collectGo\) locks mu before wg.Done`
	mu.Unlock()
	return sum
}

// Pool waits for its workers, methods of the same type, under its lock.
type Pool struct {
	mu    sync.Mutex
	wg    sync.WaitGroup
	jobs  chan int
	count int
}

func (p *Pool) Start(n int) {
	for range n {
		p.wg.Add(1)
		go p.worker()
	}
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for j := range p.jobs {
		p.record(j)
	}
}

// record locks p.mu: worker needs it between two receives.
func (p *Pool) record(j int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count += j
}

func (p *Pool) Submit(j int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs <- j // want `send on p.jobs blocks while holding p.mu, and its receiver \(worker\) locks p.mu \(in record\) before receiving`
}

func (p *Pool) Shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.jobs)
	p.wg.Wait() // want `p.wg.Wait blocks while holding p.mu, and a goroutine it waits for \(worker\) locks p.mu \(in record\) before p.wg.Done`
}

// Table is read-locked by the sender and write-locked by the receiver.
type Table struct {
	rw      sync.RWMutex
	updates chan string
	rows    []string
}

func (t *Table) Run() {
	go func() {
		for u := range t.updates {
			t.rw.Lock()
			t.rows = append(t.rows, u)
			t.rw.Unlock()
		}
	}()
}

func (t *Table) Broadcast(u string) {
	t.rw.RLock()
	defer t.rw.RUnlock()
	if len(t.rows) > 0 {
		t.updates <- u // want `send on t.updates blocks while holding t.rw, and its receiver \(the goroutine started in Run\) locks t.rw before receiving`
	}
}

// Ping exchanges values under the lock on both sides.
type Ping struct {
	mu sync.Mutex
	ch chan int
}

func (p *Ping) Serve() {
	go func() {
		p.mu.Lock()
		v := <-p.ch // want `receive from p.ch blocks while holding p.mu, and its sender \(Send\) locks p.mu before sending`
		p.mu.Unlock()
		_ = v
	}()
}

func (p *Ping) Send(v int) {
	p.mu.Lock()
	select {
	case p.ch <- v: // want `send on p.ch blocks while holding p.mu, and its receiver \(the goroutine started in Serve\) locks p.mu before receiving`
	}
	p.mu.Unlock()
}

// global state guarded by a package mutex.
var (
	gmu    sync.Mutex
	gqueue = make(chan int)
	gsum   int
)

func init() {
	go func() {
		for v := range gqueue {
			gmu.Lock()
			gsum += v
			gmu.Unlock()
		}
	}()
}

func gpush(v int) {
	gmu.Lock()
	defer gmu.Unlock()
	gqueue <- v // want `send on gqueue blocks while holding gmu, and its receiver \(the goroutine started in init\) locks gmu before receiving`
}

// Registry embeds its mutex.
type Registry struct {
	sync.Mutex
	adds  chan string
	names []string
}

func (r *Registry) Run() {
	go func() {
		for n := range r.adds {
			r.Lock()
			r.names = append(r.names, n)
			r.Unlock()
		}
	}()
}

func (r *Registry) Register(n string) {
	r.Lock()
	defer r.Unlock()
	r.adds <- n // want `send on r.adds blocks while holding r.Mutex, and its receiver \(the goroutine started in Run\) locks r.Mutex before receiving`
}

// fetchAll waits for an errgroup whose goroutines need the lock it holds.
func fetchAll(ctx context.Context, urls []string) (map[string]int, error) {
	var mu sync.Mutex
	res := map[string]int{}
	g, ctx := errgroup.WithContext(ctx)
	mu.Lock()
	defer mu.Unlock()
	for _, u := range urls {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			mu.Lock()
			res[u] = len(u)
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait() // want `g.Wait blocks while holding mu, and a goroutine it waits for \(the goroutine started in fetchAll\) locks mu before it returns; release the lock before waiting`
	return res, err
}

// worker is a named function given the channel and the mutex.
func worker(jobs chan int, mu *sync.Mutex, total *int) {
	for j := range jobs {
		mu.Lock()
		*total += j
		mu.Unlock()
	}
}

func dispatch(js []int) int {
	var mu sync.Mutex
	total := 0
	jobs := make(chan int)
	go worker(jobs, &mu, &total)
	mu.Lock()
	for _, j := range js {
		jobs <- j // want `send on jobs blocks while holding mu, and its receiver \(worker\) locks mu before receiving`
	}
	mu.Unlock()
	close(jobs)
	return total
}

// Bus sends through a helper while holding its lock.
type Bus struct {
	mu   sync.Mutex
	ch   chan int
	subs int
}

func (b *Bus) Start() {
	go func() {
		for v := range b.ch {
			b.mu.Lock()
			b.subs += v
			b.mu.Unlock()
		}
	}()
}

func (b *Bus) emit(v int) {
	b.ch <- v
}

func (b *Bus) Publish(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.emit(v) // want `emit sends on b.ch, which blocks while holding b.mu, and its receiver \(the goroutine started in Start\) locks b.mu before receiving; release the lock before calling emit`
}

// profiler is a package-level struct: its fields are one object.
var profiler struct {
	sync.Mutex
	samples chan int
	count   int
}

func startProfiler() {
	profiler.samples = make(chan int)
	go func() {
		for s := range profiler.samples {
			profiler.Lock()
			profiler.count += s
			profiler.Unlock()
		}
	}()
}

func sample(v int) {
	profiler.Lock()
	defer profiler.Unlock()
	profiler.samples <- v // want `send on profiler.samples blocks while holding profiler.Mutex, and its receiver \(the goroutine started in startProfiler\) locks profiler.Mutex before receiving`
}

// Conn's writer selects between its consumer and its closing channel;
// both the consumer and Close need c.mu.
type Conn struct {
	mu      sync.Mutex
	out     chan []byte
	closing chan struct{}
	n       int
}

func NewConn() *Conn {
	c := &Conn{out: make(chan []byte), closing: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Conn) loop() {
	for b := range c.out {
		c.mu.Lock()
		c.n += len(b)
		c.mu.Unlock()
	}
}

func (c *Conn) Write(b []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	select { // want `select blocks while holding c.mu, and every goroutine that could complete one of its cases locks c.mu first \(loop locks c.mu before receiving from c.out\); release the lock before the select`
	case c.out <- b:
		return true
	case <-c.closing:
		return false
	}
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.closing)
}

// Cache2 locks through helpers.
type Cache2 struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func (c *Cache2) lock()   { c.mu.Lock() }
func (c *Cache2) unlock() { c.mu.Unlock() }

func (c *Cache2) Start() {
	go func() {
		for v := range c.ch {
			c.lock()
			c.n += v
			c.unlock()
		}
	}()
}

func (c *Cache2) Put(v int) {
	c.lock()
	defer c.unlock()
	c.ch <- v // want `send on c.ch blocks while holding c.mu, and its receiver \(the goroutine started in Start\) locks c.mu \(in lock\) before receiving`
}

// Stream is generic: each method has its own receiver type parameters.
type Stream[T any] struct {
	mu    sync.Mutex
	items chan T
	count int
}

func (s *Stream[T]) Start() {
	go func() {
		for range s.items {
			s.mu.Lock()
			s.count++
			s.mu.Unlock()
		}
	}()
}

func (s *Stream[T]) Push(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items <- v // want `send on s.items blocks while holding s.mu, and its receiver \(the goroutine started in Start\) locks s.mu before receiving`
}

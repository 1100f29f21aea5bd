package a

import (
	"sync"

	"waitlib"
)

// A Service's worker locks s.mu before it calls s.wg.Done.
type Service struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (s *Service) Start() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}()
}

// Stop holds s.mu while another package's helper waits for the worker.
func (s *Service) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	waitlib.WaitAll(&s.wg) // want `waitlib.WaitAll waits on s.wg \(s.wg.Wait\) while the caller holds s.mu, and a goroutine it waits for \(the goroutine started in Start\) locks s.mu before s.wg.Done; release the lock before calling waitlib.WaitAll`
}

// StopReleased waits after unlocking.
func (s *Service) StopReleased() {
	s.mu.Lock()
	s.n = 0
	s.mu.Unlock()
	waitlib.WaitAll(&s.wg)
}

// StopHanding gives the helper the lock to release while it waits.
func (s *Service) StopHanding() {
	s.mu.Lock()
	defer s.mu.Unlock()
	waitlib.WaitUnlocking(&s.mu, &s.wg)
}

func drain(wg *sync.WaitGroup) { wg.Wait() }

// StopLocal waits through a helper of this package.
func (s *Service) StopLocal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	drain(&s.wg) // want `drain waits on s.wg \(s.wg.Wait\) while the caller holds s.mu`
}

func (s *Service) waitUnlocked() {
	s.mu.Unlock()
	s.wg.Wait()
	s.mu.Lock()
}

// StopLocalHanding's helper releases s.mu around the wait.
func (s *Service) StopLocalHanding() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitUnlocked()
}

// A Batch's workers never lock b.mu.
type Batch struct {
	mu  sync.Mutex
	wg  sync.WaitGroup
	out chan int
}

func (b *Batch) Run(n int) {
	for i := range n {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			b.out <- i
		}()
	}
}

// Close holds b.mu while it waits, but no worker needs it.
func (b *Batch) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	waitlib.WaitAll(&b.wg)
}

// poolMu is a package-level lock that waitReleasing drops while it waits
// (a parameter's operations are all its fact records).
var poolMu sync.Mutex

type pool struct{ wg sync.WaitGroup }

func waitReleasing(wg *sync.WaitGroup) {
	poolMu.Unlock()
	wg.Wait()
	poolMu.Lock()
}

func (p *pool) start() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		poolMu.Lock()
		poolMu.Unlock()
	}()
}

func (p *pool) stop() {
	poolMu.Lock()
	defer poolMu.Unlock()
	waitReleasing(&p.wg)
}

// A shutdown helper that waits only when told to.
type rvPool struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func rvShutdown(wg *sync.WaitGroup, wait bool) {
	if wait {
		wg.Wait()
	}
}

func (p *rvPool) start() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.mu.Lock()
		p.n++
		p.mu.Unlock()
	}()
}

// abort tells the helper not to wait.
func (p *rvPool) abort() {
	p.mu.Lock()
	defer p.mu.Unlock()
	rvShutdown(&p.wg, false)
}

// drainAll tells it to wait, holding p.mu.
func (p *rvPool) drainAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	rvShutdown(&p.wg, true) // want `rvShutdown waits on p.wg \(p.wg.Wait\) while the caller holds p.mu`
}

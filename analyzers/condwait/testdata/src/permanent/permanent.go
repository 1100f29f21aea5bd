// Package permanent waits under if for conditions that, once true, stay
// true, and that every Signal and Broadcast follows.
package permanent

import "sync"

type block struct{ fees int }

// From go-ethereum's miner/payload_building.go: update sets full (or finds
// it set) before its Broadcast, and nothing resets it; sync.Cond has no
// spurious wake-ups, so when Wait returns, full is set.
type payload struct {
	lock     sync.Mutex
	cond     *sync.Cond
	full     *block
	fullFees int
	stop     chan struct{}
}

func newPayload() *payload {
	p := &payload{stop: make(chan struct{})}
	p.cond = sync.NewCond(&p.lock)
	return p
}

func (p *payload) update(b *block) bool {
	p.lock.Lock()
	defer p.lock.Unlock()
	select {
	case <-p.stop:
		return false
	default:
	}
	if p.full == nil || b.fees > p.fullFees {
		p.full = b
		p.fullFees = b.fees
	}
	p.cond.Broadcast()
	return true
}

func (p *payload) resolveFull() *block {
	p.lock.Lock()
	defer p.lock.Unlock()
	if p.full == nil {
		select {
		case <-p.stop:
			return nil
		default:
		}
		p.cond.Wait()
	}
	return p.full
}

// A flag set once, before the Signal.
type latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

func newLatch() *latch {
	l := &latch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *latch) open() {
	l.mu.Lock()
	l.ready = true
	l.mu.Unlock()
	l.cond.Broadcast()
}

func (l *latch) wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.ready {
		l.cond.Wait()
	}
}

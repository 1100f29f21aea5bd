package a

import "sync"

// Relay sends through two helpers while holding its lock.
type Relay struct {
	mu  sync.Mutex
	out chan int
	n   int
}

func (r *Relay) Start() {
	go func() {
		for v := range r.out {
			r.mu.Lock()
			r.n += v
			r.mu.Unlock()
		}
	}()
}

func (r *Relay) deliver(v int) { r.out <- v }

func (r *Relay) forward(v int) { r.deliver(v) }

func (r *Relay) Publish(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forward(v) // want `forward sends on r.out, which blocks while holding r.mu, and its receiver \(the goroutine started in Start\) locks r.mu before receiving; release the lock before calling forward`
}

// deliverUnlocked drops the lock around its send.
func (r *Relay) deliverUnlocked(v int) {
	r.mu.Unlock()
	r.out <- v
	r.mu.Lock()
}

func (r *Relay) forwardUnlocked(v int) { r.deliverUnlocked(v) }

// PublishUnlocked's helper chain releases r.mu before the send.
func (r *Relay) PublishUnlocked(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forwardUnlocked(v)
}

// Four calls deep: past the bound, not followed.
func (r *Relay) hop3(v int) { r.deliver(v) }
func (r *Relay) hop2(v int) { r.hop3(v) }
func (r *Relay) hop1(v int) { r.hop2(v) }

func (r *Relay) PublishFar(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hop1(v)
}

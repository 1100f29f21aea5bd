// Package hub is the example of the README: Publish sends while holding
// h.mu, and the delivery goroutine locks h.mu between two receives.
package hub

import "sync"

type Hub struct {
	mu      sync.Mutex
	events  chan string
	history []string
}

func New() *Hub {
	h := &Hub{events: make(chan string)}
	go h.deliver()
	return h
}

func (h *Hub) deliver() {
	for ev := range h.events {
		h.mu.Lock()
		h.history = append(h.history, ev)
		h.mu.Unlock()
	}
}

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.history) < 1000 {
		h.events <- ev // want `send on h.events blocks while holding h.mu, and its receiver \(deliver\) locks h.mu before receiving; release the lock before sending`
	}
}

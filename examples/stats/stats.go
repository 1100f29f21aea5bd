// Package stats counts a handler's requests and errors: bumped
// atomically by handlers and read plainly by the metrics endpoint.
package stats

import (
	"net/http"
	"sync/atomic"
)

// Counter counts the requests of a handler that runs on many goroutines.
type Counter struct {
	requests int64
	errors   int64
}

func (c *Counter) Wrap(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt64(&c.requests, 1)
		if err := h(w, r); err != nil {
			atomic.AddInt64(&c.errors, 1)
		}
	}
}

// ErrorRate is served by the metrics endpoint while requests run.
func (c *Counter) ErrorRate() float64 {
	if c.requests == 0 {
		return 0
	}
	return float64(atomic.LoadInt64(&c.errors)) / float64(c.requests)
}

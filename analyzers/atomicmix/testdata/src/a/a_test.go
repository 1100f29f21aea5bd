package a

import (
	"sync/atomic"
	"testing"
)

// Tests check counters after the calls that changed them returned.
func TestServer(t *testing.T) {
	s := &Server{}
	s.Handle()
	if s.closed != 0 {
		t.Fatal("closed")
	}
}

// A test's atomic access does not make a production variable shared.
type limiter struct{ tokens int64 }

func (l *limiter) take() bool {
	if l.tokens > 0 {
		l.tokens--
		return true
	}
	return false
}

func TestLimiter(t *testing.T) {
	var l limiter
	atomic.StoreInt64(&l.tokens, 1)
	if !l.take() {
		t.Fatal("no token")
	}
}

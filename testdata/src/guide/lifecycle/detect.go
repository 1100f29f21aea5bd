package lifecycle

import (
	"runtime"
	"testing"
	"time"
)

// checkNoLeak is the guide's "Detecting Goroutine Leaks" (TestNoLeak), with
// "Run test code" made a parameter so that it lives in a non-test file.
func checkNoLeak(t *testing.T, run func()) {
	before := runtime.NumGoroutine()

	run()

	// Allow time for cleanup
	time.Sleep(100 * time.Millisecond)

	after := runtime.NumGoroutine()
	if after > before {
		t.Errorf("goroutine leak: %d -> %d", before, after)
	}
}

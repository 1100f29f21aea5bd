// Package sa2003 mirrors, in concvet's own code, the bug lines of
// staticcheck's SA2003 (deferred Lock right after locking) test data (see
// analyzers/parity_test.go).
package sa2003

import "sync"

var (
	tableMu sync.Mutex
	cacheMu sync.RWMutex
)

func lockTwice() {
	tableMu.Lock()
	defer tableMu.Lock() // PEER(SA2003) lockcheck
}

func lockThenUnlock() {
	tableMu.Lock()
	defer tableMu.Unlock()
}

// Silent: nothing is held when the Lock is deferred.
func lockAtReturn() {
	println("working")
	defer tableMu.Lock()
}

func readLockTwice() {
	cacheMu.RLock()
	defer cacheMu.RLock() // PEER(SA2003) lockcheck
}

// The peer does not report this one: at return Lock waits for this
// goroutine's own read lock.
func readThenLock() {
	cacheMu.RLock()
	defer cacheMu.Lock() // EXTRA(lockcheck)
}

// Silent: another mutex.
func lockOther() {
	tableMu.Lock()
	defer cacheMu.Lock()
}

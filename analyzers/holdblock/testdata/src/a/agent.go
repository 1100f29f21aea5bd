package a

import (
	"sync"
	"time"
)

// From prometheus's tsdb/agent/db.go: Close holds mtx while it waits for
// run to finish; run read-locks mtx in truncate, when its timer case wins.
type agentDB struct {
	mtx   sync.RWMutex
	stopc chan struct{}
	donec chan struct{}
	n     int
}

func newAgentDB() *agentDB {
	db := &agentDB{stopc: make(chan struct{}), donec: make(chan struct{})}
	go db.run()
	return db
}

func (db *agentDB) run() {
	defer close(db.donec)
Loop:
	for {
		select {
		case <-db.stopc:
			break Loop
		case <-time.After(time.Minute):
			db.truncate()
		}
	}
}

func (db *agentDB) truncate() {
	db.mtx.RLock()
	defer db.mtx.RUnlock()
	db.n = 0
}

func (db *agentDB) Close() error {
	db.mtx.Lock()
	defer db.mtx.Unlock()
	close(db.stopc)
	<-db.donec // want `receive from db.donec blocks while holding db.mtx, and its sender \(run\) read-locks db.mtx \(in truncate, when its select takes the case at line 30\) before closing it; release the lock before receiving`
	return nil
}

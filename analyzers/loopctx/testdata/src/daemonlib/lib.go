// Package daemonlib is library code with daemons, checked with
// -loopctx.daemons.
package daemonlib

import (
	"context"
	"sync"
	"time"
)

func refresh() {}

// Start leaks one goroutine per call: nothing can stop it.
func Start() {
	go func() {
		for { // want `goroutine never stops: the loop has no exit and nothing can end it, so it runs as long as the process`
			time.Sleep(time.Second)
			refresh()
		}
	}()
}

var once sync.Once

// StartOnce starts its daemon once per process: silent.
func StartOnce() {
	once.Do(func() {
		go func() {
			for {
				time.Sleep(time.Second)
				refresh()
			}
		}()
	})
}

// Stoppable returns when ctx is done: silent.
func Stoppable(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				refresh()
			}
		}
	}()
}

package fixdone

import (
	"context"
	"sync"
)

func step() error { return nil }

func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if err := step(); err != nil {
				return // want `this return skips wg.Done: .*\(defer wg.Done\(\) at the start of the goroutine\)`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Waiting on a context's Done channel is nothing other goroutines wait for.
func runCtx(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		select {
		case <-ctx.Done():
			return // want `this return skips wg.Done: .*\(defer wg.Done\(\) at the start of the goroutine\)`
		default:
		}
		wg.Done()
	}()
	wg.Wait()
}

type call struct{ a, b, c int }

// From net/rpc's server_test.go: a receiver that stops early also stops
// receiving from gate and never closes res, so the other receivers and the
// senders stay blocked: deferring Done alone does not cure the hang. No
// fix; the advice says so.
func endToEnd(procs int, res chan call, gate chan bool, recv *int) {
	var wg sync.WaitGroup
	wg.Add(procs)
	for p := 0; p < procs; p++ {
		go func() {
			for c := range res {
				if c.a+c.b != c.c {
					return // want `this return skips wg.Done: the goroutine was counted, so wg.Wait never returns \(call wg.Done on that path too, and release what other goroutines wait for from this one: the return also skips its channel or WaitGroup operations\)`
				}
				<-gate
				*recv--
				if *recv == 0 {
					close(res)
				}
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

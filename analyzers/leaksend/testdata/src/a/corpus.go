package a

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Each go statement is followed by its receive (runtime/pprof,
// go-ethereum's v5_udp_test): every sender is received.
func sequential() {
	sync := make(chan struct{})
	go func() { sync <- struct{}{} }()
	<-sync
	go func() { sync <- struct{}{} }()
	<-sync
	go func() { sync <- struct{}{} }()
	<-sync
}

// The same with a buffer of one and an early return between.
func sequentialBuffered() error {
	done := make(chan error, 1)
	go func() { done <- check() }()
	if err := <-done; err != nil {
		return err
	}
	go func() { done <- check() }()
	return <-done
}

// A counted receive loop after the spawn loop (runtime_test's
// BenchmarkMutexCapture): the CFG's path that skips the rotated loop is
// infeasible.
func countedRotated(procs int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	for range procs {
		wg.Add(1)
		go func() {
			wg.Done()
			ch <- compute()
		}()
	}
	wg.Wait()
	sum := 0
	for range procs {
		sum += <-ch
	}
	return sum
}

// A select in a loop over the workers (prometheus' OTLP benchmark).
func selectLoop(workers int) {
	fail := make(chan struct{})
	done := make(chan struct{})
	for range workers {
		go func() {
			if check() != nil {
				fail <- struct{}{}
				return
			}
			done <- struct{}{}
		}()
	}
	for range workers {
		select {
		case <-fail:
			return
		case <-done:
		}
	}
}

// The other case of the select hears from the sender itself, which sends
// on errCh or closes success (x/net's TestDialRaceResumesDial).
func senderDone(ctx context.Context) error {
	errCh := make(chan error)
	success := make(chan struct{})
	go func() {
		if err := check(); err != nil {
			errCh <- err
			return
		}
		close(success)
	}()
	select {
	case err := <-errCh:
		return err
	case <-success:
	}
	return nil
}

// Leaks only on a failing test's path (bufio's TestZeroReader, grpc's
// timeouts).
func TestTimeout(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- check()
	}()
	select {
	case err := <-c:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// t.Fatal on the path between the spawn and the receive.
func TestFatal(t *testing.T) {
	c := make(chan error)
	go func() { c <- check() }()
	if err := check(); err != nil {
		t.Fatal(err)
	}
	<-c
}

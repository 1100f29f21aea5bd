package a

import (
	"context"
	"errors"
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

// A select in a loop over the workers (prometheus' OTLP benchmark): once one
// worker fails the loop returns, and every other worker blocks on its send.
func selectLoop(workers int) {
	fail := make(chan struct{})
	done := make(chan struct{})
	for range workers {
		go func() {
			if check() != nil {
				fail <- struct{}{} // want `send on fail blocks forever if selectLoop returns at line 72 first: only one value is received on that path`
				return
			}
			done <- struct{}{} // want `send on done blocks forever if selectLoop returns at line 72 first: the select there stops receiving`
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

// Another goroutine, unrelated to the sender, closes the other case's
// channel: the sender is not done (caddy's cmdStart).
func otherSignal(accept func() error) error {
	success, exit := make(chan struct{}), make(chan error)
	go func() {
		if accept() == nil {
			close(success)
		}
	}()
	go func() {
		err := check()
		exit <- err // want `send on exit blocks forever if otherSignal returns at line 143 first: the select at line 138 stops receiving \(make exit buffered: make\(chan error, 1\)\)`
	}()
	select {
	case <-success:
	case err := <-exit:
		return err
	}
	return nil
}

// A consumer that returns on a bad item while the producer walks on
// (go-ethereum's ExportSnapshotPreimages): the length tested is the item's,
// not a count of what was received.
func exportAll(keys []string, read func(string) []byte) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, k := range keys {
			ch <- k // want `send on ch blocks forever if exportAll stops receiving at line 160 before ch is closed: the loop receiving from ch returns there \(make ch buffered: make\(chan string, len\(keys\)\)\)`
		}
	}()
	for k := range ch {
		v := read(k)
		if len(v) == 0 {
			return errors.New("missing " + k)
		}
	}
	return nil
}

// Silent: the exit tests the length of what the loop collected.
func collectAll(xs []string) []int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- fetch(x) }()
	}
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == len(xs) {
			return out
		}
	}
	return out
}

// Silent: the same with a set.
func distinct(xs []string) map[int]bool {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- fetch(x) }()
	}
	seen := map[int]bool{}
	for v := range ch {
		seen[v] = true
		if len(seen) == len(xs) {
			break
		}
	}
	return seen
}

package a

import (
	"context"
	"errors"
	"os"
	"strconv"
	"time"
)

// The helpers are opaque to the engine: their results are unknown.
func compute() int       { return os.Getpid() }
func fetch(s string) int { return len(s) + os.Getpid() }
func check() error       { return os.Chdir(".") }
func work() (int, error) { return strconv.Atoi(os.Getenv("N")) }

// The spawner's select returns on ctx.Done(): nobody receives.
func withCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch blocks forever if withCtx returns at line 27 first: the select there stops receiving \(make ch buffered: make\(chan int, 1\)\)`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A timeout.
func withTimeout() int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch blocks forever if withTimeout returns`
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return -1
	}
}

// An early return between the go statement and the receive.
func earlyReturn() (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch blocks forever if earlyReturn returns at line 52 first: nothing receives after that`
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// First response: one receive for a goroutine per replica.
func firstResponse(replicas []string) int {
	ch := make(chan int)
	for _, r := range replicas {
		go func() {
			ch <- fetch(r) // want `send on ch blocks forever if firstResponse returns at line 65 first: only one value is received on that path \(make ch buffered: make\(chan int, len\(replicas\)\)\)`
		}()
	}
	return <-ch
}

// First response over a counted loop: no fix is known.
func firstCounted(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- i // want `send on ch blocks forever if firstCounted returns at line 76 first: only one value is received on that path \(send in a select with ctx.Done\(\) or a done channel that firstCounted closes when it stops receiving\)`
		}()
	}
	return <-ch
}

// Two senders, one receive on the error path.
func twoSenders() error {
	errc := make(chan error)
	go func() {
		_, err := work()
		errc <- err // want `send on errc blocks forever if twoSenders returns .* \(make errc buffered: make\(chan error, 2\)\)`
	}()
	go func() {
		_, err := work()
		errc <- err // want `send on errc blocks forever if twoSenders returns`
	}()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

// A channel passed as a parameter of the literal, with a directional type.
func paramLiteral(ctx context.Context) error {
	done := make(chan error)
	go func(out chan<- error) {
		out <- errors.New("x") // want `send on out blocks forever if paramLiteral returns`
	}(done)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return nil
	}
}

// The error is sent only on failure; the caller may have given up.
func conditional(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		if _, err := work(); err != nil {
			errc <- err // want `send on errc blocks forever`
			return
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A literal whose spawner is itself a literal.
var lit = func(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `send on ch blocks forever if the enclosing function returns`
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// An early return before the receive in code that is not a test
// (client-go's portforward handleConnection, found in the corpus).
func handleConnection(ctx context.Context) {
	errorChan := make(chan error)
	go func() {
		errorChan <- check() // want `send on errorChan blocks forever if handleConnection returns at line 148 first: nothing receives after that`
		close(errorChan)
	}()
	if _, err := work(); err != nil {
		return
	}
	<-errorChan
}

// Sequential sends with one receive missing on the error path.
func sequentialLeak() error {
	done := make(chan error)
	go func() { done <- check() }()
	if err := <-done; err != nil {
		return err
	}
	go func() { done <- check() }() // want `send on done blocks forever if sequentialLeak returns at line 162 first: nothing receives after that \(make done buffered: make\(chan error, 2\)\)`
	if err := check(); err != nil {
		return err
	}
	return <-done
}

// Nothing ever receives: the leak does not wait for a return
// (crypto/tls handshake_client_test.go:2896).
func neverReceived(work func() error) {
	done := make(chan error)
	go func() {
		done <- work() // want `send on done blocks forever: nothing receives from done \(make done buffered: make\(chan error, 1\)\)`
	}()
	work()
}

// Two sends of one goroutine stranded by the same return: one finding, at
// the first, the second related (go-ethereum's ExportSnapshotPreimages).
func firstLarge(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x > 0 {
				ch <- x // want `send on ch blocks forever if firstLarge stops receiving at line 193 before ch is closed`
			} else {
				ch <- -x
			}
		}
		close(ch)
	}()
	for v := range ch {
		if v > 10 {
			return v
		}
	}
	return 0
}

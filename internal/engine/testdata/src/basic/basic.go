package basic

import (
	"context"
	"errors"
	"time"
)

func compute() int { return 1 }

// The example: the select falls off the end of the function.
func finish(timeout time.Duration, fn func() error) {
	ch := make(chan bool)
	go func() { fn(); ch <- true }() // want "stuck send"
	select {
	case <-ch:
	case <-time.After(timeout):
	}
}

func withCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "stuck send"
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func buffered(ctx context.Context) int {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func counted(xs []string) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- len(x) }()
	}
	sum := 0
	for range xs {
		sum += <-ch
	}
	return sum
}

func firstResponse(replicas []string) int {
	ch := make(chan int)
	for _, r := range replicas {
		go func() {
			ch <- len(r) // want "stuck send"
		}()
	}
	return <-ch
}

func exportAll(keys []string, read func(string) []byte) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, k := range keys {
			ch <- k // want "stuck send"
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

// The root received from ch before it waits for the goroutine, and
// receives no more: what it may still do is a receive from done only, so
// the goroutine's second send is stuck on its own account (primary), and
// the root is its victim.
func receivedBefore() {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ch <- 1
		ch <- 2 // want `^stuck send$`
	}()
	<-ch
	<-done // want `^stuck receive victim$`
}

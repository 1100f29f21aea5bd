// Package order has accesses ordered through calls the model follows
// only by what they may do.
package order

import (
	"context"
	"sync"
	"time"
)

// From client-go's util/flowcontrol: a fake limiter whose Accept waits on
// a WaitGroup that Stop releases.
type RateLimiter interface {
	Accept()
	Stop()
}

type neverLimiter struct{ wg sync.WaitGroup }

func newNever() RateLimiter {
	rl := &neverLimiter{}
	rl.wg.Add(1)
	return rl
}

func (n *neverLimiter) Accept() { n.wg.Wait() }
func (n *neverLimiter) Stop()   { n.wg.Done() }

// The goroutine's write comes after Accept, which waits until Stop; the
// read comes before Stop.
func neverFinishes() bool {
	rl := newNever()
	finished := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		rl.Accept()
		finished = true
		wg.Done()
	}()
	time.Sleep(time.Millisecond)
	early := finished
	rl.Stop()
	wg.Wait()
	return early || !finished
}

// An interface call whose implementations in the package do not wait
// orders nothing.
type Runner interface{ Run() }

type quick struct{}

func (quick) Run() {}

func racyFlag(r Runner) bool {
	done := false
	go func() {
		r.Run()
		done = true // want `done is written by this goroutine while the function that starts it reads done before waiting for it`
	}()
	return done
}

// From grpc's balancer/rls/picker_test.go: the goroutine reads ctx before
// making an RPC; the spawner waits for the request the RPC causes, which
// the server's interceptor (a callback handed to the server) signals, and
// only then assigns ctx again.
type Client interface {
	EmptyCall(ctx context.Context) error
}

type server struct{ intercept func(context.Context) }

func newServer(intercept func(context.Context)) *server { return &server{intercept: intercept} }

func verifyRequest(ch chan struct{}) {
	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}

func pendingEntry(client Client) {
	reqCh := make(chan struct{}, 1)
	interceptor := func(ctx context.Context) {
		reqCh <- struct{}{}
		<-ctx.Done()
	}
	_ = newServer(interceptor)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	go func() {
		client.EmptyCall(ctx)
	}()
	verifyRequest(reqCh)
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_ = client.EmptyCall(ctx)
}

// The same wait, but the goroutine makes no call the callback could come
// from before its read: nothing orders the write.
func noCallBefore(client Client, other chan struct{}) {
	reqCh := make(chan struct{}, 1)
	_ = newServer(func(context.Context) { reqCh <- struct{}{} })
	name := "a"
	go func() {
		println(name)
	}()
	<-other
	name = "b" // want `name is written after the go statement while the goroutine reads it`
	_ = reqCh
}

// A channel sent on by code the spawner runs itself is no callback.
func ownSender(client Client) {
	ch := make(chan struct{}, 1)
	ctx := context.Background()
	go func() {
		client.EmptyCall(ctx)
	}()
	ch <- struct{}{}
	<-ch
	ctx = context.TODO() // want `ctx is written after the go statement while the goroutine reads it`
	_ = ctx
}

package a

import (
	"context"
	"errors"
	"log"
	"net"
	"time"
)

func doWork()     {}
func handle(int)  {}
func poll() error { return nil }
func step() bool  { return true }

// The guide's leak: an infinite loop with no exit, with a context captured.
func Start(ctx context.Context) {
	go func() {
		log.Print(ctx)
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it \(select on <-ctx.Done\(\) in the loop and return\)`
			doWork()
		}
	}()
}

// A context parameter of the goroutine, unused.
func StartCtx(ctx context.Context) {
	go func(ctx context.Context) { // ctx is the parameter
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it \(select on <-ctx.Done\(\) in the loop and return\)`
			doWork()
		}
	}(ctx)
}

// break in a select leaves the select, not the loop.
func BreakInSelect(ctx context.Context, in <-chan int) {
	go func() {
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it`
			select {
			case <-ctx.Done():
				break
			case v := <-in:
				handle(v)
			}
		}
	}()
}

// break in a switch leaves the switch.
func BreakInSwitch(in <-chan int) {
	go func(ctx context.Context) {
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx`
			v := <-in
			switch v {
			case 0:
				break
			default:
				handle(v)
			}
		}
	}(context.TODO())
}

// An accept loop that spins forever once the listener is closed.
func Serve(ctx context.Context, l net.Listener) {
	go func(ctx context.Context) {
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx`
			c, err := l.Accept()
			if err != nil {
				log.Print(err)
				continue
			}
			c.Close()
		}
	}(ctx)
}

// A named method started with go; the context is a field of the receiver.
type Server struct {
	ctx context.Context
	in  chan int
}

func (s *Server) loop() {
	for { // want `goroutine never stops: the loop has no exit, so cancelling s.ctx does not end it`
		handle(<-s.in)
	}
}

func (s *Server) Start() {
	go s.loop()
}

// A method value.
func (s *Server) Start2() {
	f := s.loop
	go f()
}

// A ticker range never ends: its channel is never closed.
func Ticker(ctx context.Context) {
	go func(ctx context.Context) {
		t := time.NewTicker(time.Second)
		for range t.C { // want `goroutine never stops: the loop has no exit, so cancelling ctx`
			doWork()
		}
	}(ctx)
}

// The inner loop has no exit though the outer one has.
func Inner(ctx context.Context) {
	go func() {
		for {
			if ctx.Err() != nil {
				return
			}
			for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it`
				doWork()
			}
		}
	}()
}

// continue to its own label does not leave the loop.
func OwnLabel(ctx context.Context) {
	go func(ctx context.Context) {
	loop:
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx`
			if step() {
				continue loop
			}
		}
	}(ctx)
}

// Kind 2: sleeps and never looks at the context it is given.
func Sleeper(ctx context.Context) {
	go func(ctx context.Context) {
		for { // want `goroutine outlives ctx: the loop sleeps in time.Sleep and never checks ctx, so cancelling it does not stop the loop \(select on <-ctx.Done\(\) next to the wait and return\)`
			if err := poll(); err != nil {
				return
			}
			time.Sleep(time.Second)
		}
	}(ctx)
}

// Kind 2: a ticker receive.
func Ticking(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		log.Printf("polling until %v", ctx.Value("deadline"))
		for { // want `goroutine outlives ctx: the loop waits on a timer`
			<-t.C
			if err := poll(); err != nil {
				return
			}
		}
	}()
}

// Kind 2: a condition loop with time.After, in a named function.
func retry(ctx context.Context, done *bool) {
	for !*done { // want `goroutine outlives ctx`
		select {
		case <-time.After(time.Second):
		}
		*done = poll() == nil
	}
}

func StartRetry(ctx context.Context) {
	var done bool
	go retry(ctx, &done)
}

// Kind 2: the context is a field of the receiver, and nothing in the loop reads it.
type Poller struct {
	ctx context.Context
	n   int
}

func (p *Poller) run() {
	for { // want `goroutine outlives p.ctx`
		if errors.Is(poll(), net.ErrClosed) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func (p *Poller) Start() { go p.run() }

// A derived context declared inside the goroutine, ignored.
func Derived() {
	go func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_ = ctx
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx does not end it`
			doWork()
		}
	}()
}

// Generic goroutine function.
func Gen[T any](ctx context.Context, in <-chan T, f func(T)) {
	go func(ctx context.Context) {
		for { // want `goroutine never stops: the loop has no exit, so cancelling ctx`
			f(<-in)
		}
	}(ctx)
}

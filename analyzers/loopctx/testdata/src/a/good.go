package a

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// The guide's fix.
func Fixed(ctx context.Context) {
	go func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			default:
				doWork()
			}
		}
	}(ctx)
}

// Without default.
func FixedNoDefault(ctx context.Context, in <-chan int) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-in:
				handle(v)
			}
		}
	}()
}

// for ctx.Err() == nil.
func ErrLoop(ctx context.Context) {
	go func() {
		for ctx.Err() == nil {
			time.Sleep(time.Second)
		}
	}()
}

// ctx passed to the blocking call, return on its error.
func Passed(ctx context.Context, get func(context.Context) (int, error)) {
	go func() {
		for {
			v, err := get(ctx)
			if err != nil {
				return
			}
			handle(v)
			time.Sleep(time.Second)
		}
	}()
}

// A derived context passed to the call.
func DerivedPassed(ctx context.Context, get func(context.Context) error) {
	go func() {
		for {
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			err := get(cctx)
			cancel()
			if err != nil {
				return
			}
			time.Sleep(time.Second)
		}
	}()
}

// range over a channel.
func Range(in <-chan int) {
	go func(ctx context.Context) {
		for v := range in {
			handle(v)
		}
	}(context.TODO())
}

// v, ok := <-ch with return.
func CommaOk(in <-chan int) {
	go func(ctx context.Context) {
		for {
			v, ok := <-in
			if !ok {
				return
			}
			handle(v)
		}
	}(context.TODO())
}

// An accept loop that returns when Accept fails.
func Accept(l net.Listener) {
	go func(ctx context.Context) {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}(context.TODO())
}

// Bounded loops.
func Bounded(ctx context.Context, xs []int) {
	go func(ctx context.Context) {
		for i := 0; i < 3; i++ {
			time.Sleep(time.Second)
		}
		for _, x := range xs {
			handle(x)
			time.Sleep(time.Millisecond)
		}
		for range 10 {
			time.Sleep(time.Millisecond)
		}
	}(context.TODO())
}

// Labelled break out of the loop from a select.
func LabelledBreak(ctx context.Context, in <-chan int) {
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case v := <-in:
				handle(v)
			}
		}
	}()
}

// Inner loop continuing the outer one leaves the inner loop.
func ContinueOuter(in <-chan int) {
	go func(ctx context.Context) {
	outer:
		for v := range in {
			for {
				if v > 0 {
					continue outer
				}
				v++
			}
		}
	}(context.TODO())
}

// goto out of the loop.
func Goto(in <-chan int) {
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				goto done
			}
		}
	done:
		handle(0)
	}(context.TODO())
}

// No-return calls end the goroutine or the process.
func Fatal(in <-chan int) {
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				log.Fatal("zero")
			}
		}
	}(context.TODO())
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				os.Exit(1)
			}
		}
	}(context.TODO())
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				panic("zero")
			}
		}
	}(context.TODO())
}

func die(msg string) { log.Fatalf("fatal: %s", msg) }

// A function of this package that never returns.
func Die(in <-chan int) {
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				die("zero")
			}
		}
	}(context.TODO())
}

// t.Fatal calls runtime.Goexit.
func TestLike(t *testing.T, in <-chan int) {
	go func(ctx context.Context) {
		for {
			if <-in == 0 {
				t.Fatal("zero")
			}
		}
	}(context.TODO())
}

// A quit channel stops the loop; the context is not the stop signal.
func Quit(ctx context.Context, quit <-chan struct{}) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				doWork()
			}
		}
	}()
}

// Polling with an exit and no context anywhere: not a kind 2 finding.
func NoCtxPoll() {
	go func() {
		for {
			if poll() != nil {
				return
			}
			time.Sleep(time.Second)
		}
	}()
}

// The receiver's method reads the context field.
type Watcher struct {
	ctx context.Context
}

func (w *Watcher) check() error { return w.ctx.Err() }

func (w *Watcher) run() {
	for {
		if err := w.check(); err != nil {
			return
		}
		time.Sleep(time.Second)
	}
}

func (w *Watcher) Start() { go w.run() }

// Spawned from init: a daemon.
func init() {
	go func() {
		for {
			time.Sleep(time.Hour)
			doWork()
		}
	}()
}

// Spawned from a package-level variable's initialiser.
var _ = func() int {
	go func() {
		for {
			doWork()
		}
	}()
	return 0
}()

// A loop not in a goroutine.
func NotGoroutine() {
	for {
		doWork()
	}
}

// A loop in a literal called inside the goroutine: another function.
func Nested(ctx context.Context) {
	go func() {
		f := func() {
			for {
				if step() {
					return
				}
			}
		}
		f()
	}()
}

// A goroutine whose function is dynamic.
func Dynamic(f func()) {
	go f()
}

// Labelled break from nested loops.
func LabelledNested(in <-chan int) {
	go func(ctx context.Context) {
	outer:
		for {
			for v := range in {
				if v == 0 {
					break outer
				}
			}
		}
	}(context.TODO())
}

// A loop that returns on EOF.
func Reader(r io.Reader) {
	go func(ctx context.Context) {
		buf := make([]byte, 10)
		for {
			if _, err := r.Read(buf); errors.Is(err, io.EOF) {
				return
			}
		}
	}(context.TODO())
}

// wg.Go with an exit through the context.
func WG(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	wg.Wait()
}

// Generic with an exit.
func GenOK[T comparable](ctx context.Context, in <-chan T, zero T) {
	go func() {
		for {
			select {
			case v := <-in:
				if v == zero {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Odd code: empty loops, select{} inside, recursion, goto into loops.
func Odd(ctx context.Context) {
	go func(ctx context.Context) {
		for false {
		}
		for i := 0; ; i++ {
			if i > 10 {
				return
			}
		}
	}(context.TODO())
	go func(ctx context.Context) {
	again:
		for {
			if step() {
				goto again
			}
			return
		}
	}(context.TODO())
}

// A type-switch break leaves the switch, a return leaves the loop.
func TypeSwitch(in <-chan any) {
	go func(ctx context.Context) {
		for {
			switch (<-in).(type) {
			case int:
				break
			case nil:
				return
			}
		}
	}(context.TODO())
}

// A loop with a timeout condition that also checks ctx in the condition.
func CondCtx(ctx context.Context) {
	go func() {
		for ctx.Err() == nil && step() {
			time.Sleep(time.Millisecond)
		}
	}()
}

var cleanerOnce sync.Once

// A daemon started once per process.
func ensureCleaner() {
	cleanerOnce.Do(func() {
		go func() {
			for {
				time.Sleep(time.Minute)
				doWork()
			}
		}()
	})
}

var startOnce = sync.OnceFunc(func() {
	go func() {
		for {
			doWork()
		}
	}()
})

// The enclosing function's context, not used by the goroutine: the
// goroutine is not tied to it (often a request's context).
func Enclosing(ctx context.Context, ready func() bool) {
	go func() {
		for !ready() {
			time.Sleep(time.Millisecond)
		}
	}()
}

// A context nothing can cancel.
func Background(ready func() bool) {
	ctx := context.Background()
	go func() {
		to := time.After(10 * time.Second)
		log.Print(ctx)
		for {
			select {
			case <-to:
				return
			default:
			}
			if ready() {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
}

// Library code with no context in scope: a loop with no exit is not
// reported outside tests (most are daemons meant to live as long as the
// process: see "Library code" in the package doc).
func StartDaemon(in <-chan int) {
	go func() {
		for {
			doWork()
		}
	}()
	go func() {
		t := time.NewTicker(time.Second)
		for range t.C {
			doWork()
		}
	}()
	go func() {
		for {
			switch v := <-in; v {
			case 0:
				break
			default:
				handle(v)
			}
		}
	}()
}

func daemonPump[T any](in <-chan T, f func(T)) {
	for {
		f(<-in)
	}
}

func StartPump[T any](in <-chan T, f func(T)) { go daemonPump(in, f) }

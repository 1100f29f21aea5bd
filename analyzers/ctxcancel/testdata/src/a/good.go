package a

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"testing"
	"time"
)

func deferred(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return work(ctx)
}

func calledOnAllPaths(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	if err := prepare(); err != nil {
		cancel()
		return err
	}
	err := work(ctx)
	cancel()
	return err
}

func returned(ctx context.Context) (context.Context, context.CancelFunc) { // want returned:"returnsCancel\\(1\\)"
	ctx, cancel := context.WithCancel(ctx)
	return ctx, cancel
}

func returnedNamed(ctx context.Context) (c context.Context, cancel context.CancelFunc) { // want returnedNamed:"returnsCancel\\(1\\)"
	c, cancel = context.WithCancel(ctx)
	return
}

func cleanup(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	t.Cleanup(cancel)
	return ctx
}

func testHelper(t testing.TB) (context.Context, context.CancelFunc) { // want testHelper:"returnsCancel\\(1, expires\\)"
	t.Helper()
	return context.WithTimeout(context.Background(), time.Minute)
}

type Server struct {
	Cancel context.CancelFunc // exported: another package may call it
	ctx    context.Context
	cancel context.CancelFunc
	stops  []func()
	byID   map[int]context.CancelFunc
}

func (s *Server) exported() {
	s.ctx, s.Cancel = context.WithCancel(context.Background())
}

func (s *Server) start() {
	s.ctx, s.cancel = context.WithCancel(context.Background())
}

func (s *Server) Close() { s.cancel() }

func (s *Server) inSlice() {
	_, cancel := context.WithCancel(context.Background())
	s.stops = append(s.stops, cancel)
}

func (s *Server) inMap(id int) {
	ctx, cancel := context.WithCancel(context.Background())
	s.byID[id] = cancel
	_ = work(ctx)
}

func newServer() *Server {
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{ctx: ctx, cancel: cancel}
}

var mu sync.Mutex
var current context.CancelFunc

func replaceGlobal() {
	_, cancel := context.WithCancel(context.Background())
	mu.Lock()
	if current != nil {
		current()
	}
	current = cancel
	mu.Unlock()
}

func goroutineCalls(ctx context.Context, done <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		<-done
		cancel()
	}()
	return ctx
}

func afterFunc(ctx, other context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(other, cancel)
	_ = stop // AfterFunc's stop function is not a cancel function
	return ctx
}

func afterFuncStopIgnored(ctx context.Context) {
	context.AfterFunc(ctx, func() {})
}

func deferredLiteral(ctx context.Context, fail bool) error {
	var cancel context.CancelFunc
	defer func() {
		if cancel != nil {
			cancel()
		}
	}()
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	if fail {
		return nil
	}
	return work(ctx)
}

func deferredLiteralAfter(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer func() { cancel() }()
	return work(ctx)
}

func passedToHelper(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	callIt(cancel)
	_ = work(ctx)
}

func callIt(f func()) { f() }

func sentOnChannel(ch chan<- context.CancelFunc) {
	_, cancel := context.WithCancel(context.Background())
	ch <- cancel
}

func wrappedInClosure(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	return ctx, func() { cancel() }
}

func loopCancelEachIteration(ctx context.Context, items []int) {
	for range items {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		_ = work(cctx)
		cancel()
	}
}

func loopBodyFunc(ctx context.Context, items []int) {
	for range items {
		func() {
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			_ = work(cctx)
		}()
	}
}

func loopDeferThenReturn(ctx context.Context) error {
	for {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		return work(ctx)
	}
}

func deferBeforeLoop(ctx context.Context, n int) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i := 0; i < n; i++ {
		_ = work(ctx)
	}
}

func panics(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	if ctx == nil {
		panic("nil")
	}
	defer cancel()
}

func reassignedShared(ctx context.Context, long bool) error {
	var cancel context.CancelFunc
	if long {
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
	} else {
		ctx, cancel = context.WithTimeout(ctx, time.Second)
	}
	defer cancel()
	return work(ctx)
}

func callerHeldReturned(parent context.Context) error {
	ctx, cancel := returned(parent)
	defer cancel()
	return work(ctx)
}

func helperInTest(t *testing.T) {
	ctx, cancel := testHelper(t)
	defer cancel()
	_ = work(ctx)
}

func notifyDeferred() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	_ = work(ctx)
}

var pkgCtx, pkgCancel = context.WithCancel(context.Background())

func init() {
	ctx, _ := context.WithCancel(context.Background())
	_ = ctx
}

func storedInLocalStruct(ctx context.Context) error {
	type pair struct {
		ctx    context.Context
		cancel context.CancelFunc
	}
	var p pair
	p.ctx, p.cancel = context.WithCancel(ctx)
	defer p.cancel()
	return work(p.ctx)
}

func asInterface(ctx context.Context) any {
	_, cancel := context.WithCancel(ctx)
	return cancel
}

func causeCalled(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	return work(ctx)
}

func switchAllCancel(ctx context.Context, k int) error {
	ctx, cancel := context.WithCancel(ctx)
	switch k {
	case 0:
		cancel()
		return nil
	case 1:
		defer cancel()
		return work(ctx)
	default:
		cancel()
	}
	return nil
}

// From pebble's data_test.go: the cancel is created only when asked for and
// checked against nil before each call.
func conditionalCancel(cancellable bool, fail bool) (run func() error, cancelFunc func(), err error) {
	ctx := context.Background()
	if cancellable {
		ctx, cancelFunc = context.WithCancel(ctx)
	}
	if fail {
		if cancelFunc != nil {
			cancelFunc()
		}
		return nil, nil, prepare()
	}
	return func() error { return work(ctx) }, cancelFunc, nil
}

// No fact: the cancel may be nil, so callers that discard it are not held.
func useConditional() error {
	run, _, err := conditionalCancel(false, false)
	if err != nil {
		return err
	}
	return run()
}

func maybeNil(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d == 0 {
		return ctx, nil
	}
	return context.WithTimeout(ctx, d)
}

func useMaybeNil(ctx context.Context) {
	ctx, _ = maybeNil(ctx, 0)
	_ = work(ctx)
}

// From net/dial.go: the fallback starts when its timer fires, once.
func fallbackOnce(ctx context.Context, results <-chan error) error {
	fallbackTimer := time.NewTimer(time.Second)
	defer fallbackTimer.Stop()
	for {
		select {
		case <-fallbackTimer.C:
			fallbackCtx, fallbackCancel := context.WithCancel(ctx)
			defer fallbackCancel()
			go func() { _ = work(fallbackCtx) }()
		case err := <-results:
			if err == nil {
				return nil
			}
			if fallbackTimer.Stop() {
				// Not fired yet: start the fallback now. It still fires once.
				fallbackTimer.Reset(0)
			}
		}
	}
}

func afterOnce(ctx context.Context, results <-chan error) error {
	timeout := time.After(time.Second)
	for {
		select {
		case <-timeout:
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_ = work(cctx)
		case err := <-results:
			if err == nil {
				return nil
			}
		}
	}
}

type lister struct{ watch func() }

func (l *lister) run(ctx context.Context) error { l.watch(); return ctx.Err() }

// From client-go's reflector_test.go (lostcancel reports it): the literal
// that calls cancel is made before the constructor and run by the callee.
func closureMadeBefore(ctx context.Context) error {
	var cancel func()
	l := &lister{watch: func() { cancel() }}
	var cctx context.Context
	cctx, cancel = context.WithCancel(ctx)
	return l.run(cctx)
}

// From prometheus's scrape_test.go: cancel is captured by a literal, so it
// is one variable; the second := assigns it again. The first defer comes
// before the second constructor: it is not a defer in a loop.
func reassignedCaptured(ctx context.Context) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { <-cctx.Done(); cancel() }()
	ctx1, cancel := context.WithCancel(ctx)
	defer cancel()
	return work(ctx1)
}

// Defers in loops that are bounded, or of contexts that free themselves.

// From net/dnsclient_unix.go: one context per network, each with its own
// deadline; the loop runs at most twice.
func deferInLoopDeadline(ctx context.Context, networks []string) error {
	for range networks {
		ctx, cancel := context.WithDeadline(ctx, time.Now().Add(time.Second))
		defer cancel()
		if err := work(ctx); err == nil {
			return nil
		}
	}
	return nil
}

// From net/dial.go: a loop over the addresses, contexts with deadlines.
func dialSerial(ctx context.Context, addrs []string) error {
	for range addrs {
		dialCtx := ctx
		if deadline, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			dialCtx, cancel = context.WithDeadline(ctx, deadline)
			defer cancel()
		}
		if err := work(dialCtx); err == nil {
			return nil
		}
	}
	return nil
}

// A range over a collection piles up a bounded number of defers, even for
// contexts without a deadline.
func rangeCancel(ctx context.Context, items []int) {
	for range items {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		_ = work(cctx)
	}
}

func countedRetry(ctx context.Context) error {
	var err error
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if err = work(ctx); err == nil {
			return nil
		}
	}
	return err
}

func rangeInt(ctx context.Context) {
	for range 3 {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		_ = work(cctx)
	}
}

// From grpc's transport_test.go: an accept loop whose contexts have a
// timeout and are used by the goroutines it starts (cancelling at the end
// of the iteration would be wrong).
func acceptTimeout(ctx context.Context, l listener, d time.Duration) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		cctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		go serve(cctx, c)
	}
}

// From grpc's transport_test.go: children of a deadline context made
// before the loop, kept by streams.
func childrenOfDeadline(ctx context.Context, streams *[]context.Context) {
	pctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		cctx, cancel := context.WithCancel(pctx)
		defer cancel()
		if work(cctx) != nil {
			return
		}
		*streams = append(*streams, cctx)
	}
}

func tickerTimeout(ctx context.Context, done <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			_ = work(cctx)
		case <-done:
			return
		}
	}
}

// Loops that stop at a deadline set before them: a time.After channel, a
// timer never reset, the Done channel of a context with a deadline.
func untilAfter(ctx context.Context, events <-chan int) {
	limit := time.After(time.Minute)
	for {
		select {
		case <-limit:
			return
		case <-events:
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_ = work(cctx)
		}
	}
}

func untilTimer(ctx context.Context, events <-chan int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
loop:
	for {
		select {
		case <-t.C:
			break loop
		case <-events:
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_ = work(cctx)
		}
	}
}

func untilDone(ctx context.Context, events <-chan int) {
	tctx, stop := context.WithTimeout(ctx, time.Minute)
	defer stop()
	for {
		select {
		case <-tctx.Done():
			panic("too slow")
		case <-events:
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_ = work(cctx)
		}
	}
}

type delayed struct{ done <-chan struct{} }

// From client-go's tools/cache/wait_test.go: a context made to fire at its
// deadline and used only for its Done channel is a timer; cancelling it
// would fire it at once.
func (d *delayed) start(delay time.Duration) {
	ctx, _ := context.WithTimeout(context.Background(), delay)
	d.done = ctx.Done()
}

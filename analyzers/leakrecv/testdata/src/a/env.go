package a

import (
	"context"
	"errors"
	"io"
	"sync"
)

// A reader that sends what each Read returns until EOF: how many values
// it sends is the Reader's protocol (io.Pipe: EOF only after Close), which
// the engine does not see. Silent (io's TestPipe2).
func readSizes(r io.Reader, c chan<- int) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		if err == io.EOF {
			c <- 0
			return
		}
		c <- n
	}
}

func pipeSizes(r io.Reader, w io.WriteCloser, sizes []int) int {
	c := make(chan int)
	go readSizes(r, c)
	total := 0
	for _, n := range sizes {
		w.Write(make([]byte, n))
		total += <-c
	}
	w.Close()
	if <-c != 0 {
		return -1
	}
	return total
}

var errFetch = errors.New("fetch")

// A goroutine that returns on an error before it sends: the receiver
// waits forever whenever fetch fails. Reported: the failure path is the
// code's to handle.
func fetchOne(fetch func() (int, error)) int {
	ch := make(chan int)
	go func() {
		v, err := fetch()
		if err != nil {
			return
		}
		ch <- v
	}()
	return <-ch // want `receive from ch blocks forever if the goroutine started at line \d+ returns at line \d+ without sending on or closing ch, on the path a failed call \(an error, a cancellation\) takes`
}

// The same goroutine, fixed: it sends the error too.
func fetchOneFixed(fetch func() (int, error)) (int, error) {
	type res struct {
		v   int
		err error
	}
	ch := make(chan res)
	go func() {
		v, err := fetch()
		ch <- res{v, err}
	}()
	r := <-ch
	return r.v, r.err
}

// A handler the package stores and calls when its input asks for it
// (net/http/fcgi's child). Whether serve ever calls it is decided by what
// the reader holds; but when the first Read fails, serve returns and the
// handler is never called: serveOne waits forever. Reported. (The same
// code in a test, whose reader is made to succeed, is not: env_test.go.)
type child struct {
	r       io.Reader
	handler func()
}

func newChild(r io.Reader, h func()) *child { return &child{r: r, handler: h} }

func (c *child) serve() {
	buf := make([]byte, 1)
	for {
		n, err := c.r.Read(buf)
		if err != nil {
			return
		}
		c.handle(buf[:n])
	}
}

func (c *child) handle(rec []byte) {
	if len(rec) == 1 {
		go c.handler()
	}
}

func serveOne(r io.Reader) {
	done := make(chan struct{})
	c := newChild(r, func() { close(done) })
	c.serve()
	<-done // want `receive from done blocks forever: nothing sends on or closes done`
}

type timeoutError struct{}

func (timeoutError) Error() string { return "timeout" }

// A second receive only when the first value was the timer's
// (net/http's addTLS): whether it was is decided by what the handshake
// returned, which the engine does not know is never a timeoutError.
// Silent.
func handshake(do func() error, stop func() bool) error {
	errc := make(chan error, 2)
	go func() {
		err := do()
		stop()
		errc <- err
	}()
	if err := <-errc; err != nil {
		if err == (timeoutError{}) {
			<-errc
		}
		return err
	}
	return nil
}

type resume struct{ done chan struct{} }

// The channel goes, inside a struct value, into a container another
// package holds (grpc's balancers Put a resumePickerUpdates{done} on an
// unbounded buffer their run goroutine drains): whoever takes it out
// closes it. Silent.
func resumeLater(m *sync.Map) {
	done := make(chan struct{})
	m.Store("resume", resume{done: done})
	<-done
}

// parse does nothing concurrent and is too large to run step by step: the
// engine applies its summary, and what it returns is unknown.
func parse(b []byte) (kind int, err error) {
	if len(b) < 4 {
		return 0, errors.New("short")
	}
	switch b[0] {
	case 'a':
		kind = 1
	case 'b':
		kind = 2
	case 'c':
		kind = 3
	default:
		return 0, errors.New("kind")
	}
	if b[1] != ':' {
		return 0, errors.New("sep")
	}
	for _, c := range b[2:] {
		if c == 0 {
			return 0, errors.New("nul")
		}
	}
	return kind, nil
}

// Whether the stored handler runs depends on what parse makes of the
// record, which the caller chooses (net/http/fcgi's tests hand the child
// fixed records): what a summarised call returns is the environment's.
// Silent.
func serveParsed(rec []byte) {
	done := make(chan struct{})
	c := newChild(nil, func() { close(done) })
	k, err := parse(rec)
	if err != nil {
		return
	}
	if k == 2 {
		c.handle([]byte{1})
	}
	<-done
}

// A queue whose channels a constructor returns in a struct value
// (containerd's eventq.New): Send and Shutdown, called by whoever holds
// the queue, are the partners of its dispatcher. Silent.
type queue struct {
	events    chan<- int
	shutdownC chan struct{}
}

func newQueue(handle func(int)) queue {
	events := make(chan int)
	shutdownC := make(chan struct{})
	go func() {
		for {
			select {
			case <-shutdownC:
				return
			case ev := <-events:
				handle(ev)
			}
		}
	}()
	return queue{events: events, shutdownC: shutdownC}
}

func (q *queue) Send(ev int) { q.events <- ev }

func (q *queue) Shutdown() { close(q.shutdownC) }

// A handler that hands its conn to a writer unless the writer is done
// (etcd's rafthttp streamWriter.attach): whether done was closed first is
// the environment's choice. Silent.
type writer struct {
	connc chan *conn
	done  chan struct{}
}

type conn struct{ closed chan struct{} }

func (w *writer) attach(c *conn) bool {
	select {
	case w.connc <- c:
		return true
	case <-w.done:
		return false
	}
}

func (w *writer) serveConn() {
	c := &conn{closed: make(chan struct{})}
	w.attach(c)
	<-c.closed
}

func (w *writer) run() {
	defer close(w.done)
	for c := range w.connc {
		close(c.closed)
	}
}

// A producer that closes its channel only on success: its failure path
// leaves the range waiting. Reported.
func collectUntilFail(get func() (int, error)) []int {
	ch := make(chan int)
	go func() {
		v, err := get()
		if err != nil {
			return
		}
		ch <- v
		close(ch)
	}()
	var out []int
	for v := range ch { // want `range over ch never ends if the goroutine started at line \d+ returns at line \d+ without closing ch`
		out = append(out, v)
	}
	return out
}

// The same producer with the close deferred. Silent.
func collectDeferred(get func() (int, error)) []int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		v, err := get()
		if err != nil {
			return
		}
		ch <- v
	}()
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// A worker that returns when ctx is cancelled, before it sends, while its
// spawner waits only for the result. Reported.
func firstResult(ctx context.Context, work <-chan int) int {
	out := make(chan int)
	go func() {
		select {
		case <-ctx.Done():
			return
		case r := <-work:
			out <- r
		}
	}()
	return <-out // want `receive from out blocks forever if the goroutine started at line \d+ returns at line \d+ without sending on or closing out`
}

// The spawner waits on ctx too. Silent.
func firstResultCtx(ctx context.Context, work <-chan int) (int, error) {
	out := make(chan int)
	go func() {
		select {
		case <-ctx.Done():
			return
		case r := <-work:
			out <- r
		}
	}()
	select {
	case r := <-out:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The v1 exec protocol of client-go's remotecommand: the error-stream
// reader sends only when there is an error to report, and the loop waits
// for the copiers it started; with none started (no stdout, no stderr) a
// clean exit leaves it waiting. Not reported: whether the reader sends
// depends on what the stream held, a protocol the engine does not see (a
// limit: this one is a latent bug, for stdin-only sessions).
func streamV1(readErr func() ([]byte, error), stdout, stderr bool, cp func()) error {
	doneChan := make(chan struct{}, 2)
	errorChan := make(chan error)
	go func() {
		message, err := readErr()
		if err != nil {
			errorChan <- err
			return
		}
		if len(message) > 0 {
			errorChan <- errors.New(string(message))
		}
	}()
	waitCount, completed := 0, 0
	if stdout {
		waitCount++
		go func() { cp(); doneChan <- struct{}{} }()
	}
	if stderr {
		waitCount++
		go func() { cp(); doneChan <- struct{}{} }()
	}
	for {
		select {
		case <-doneChan:
			completed++
			if completed == waitCount {
				return nil
			}
		case err := <-errorChan:
			return err
		}
	}
}

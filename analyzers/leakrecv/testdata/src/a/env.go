package a

import (
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
// waits forever whenever fetch fails. Not reported: whether fetch fails is
// the environment's choice, and the same shape is a goroutine that returns
// when Accept fails on a listener nothing has closed yet (log/syslog's
// tests), which it never does. A limit (see doc.go).
func fetchOne(fetch func() (int, error)) int {
	ch := make(chan int)
	go func() {
		v, err := fetch()
		if err != nil {
			return
		}
		ch <- v
	}()
	return <-ch
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
// (net/http/fcgi's child): whether serve ever calls it is decided by what
// the reader holds. Silent.
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
	<-done
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

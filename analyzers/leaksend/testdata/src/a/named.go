package a

import "context"

// Named functions of this package started by F.

func produce(out chan<- int, xs []int) {
	defer close(out)
	for _, x := range xs {
		out <- x // want `send on out blocks forever if firstNamed stops receiving at line 19 before ch is closed: the loop receiving from ch returns there`
	}
}

func firstNamed(xs []int) int {
	ch := make(chan int)
	go produce(ch, xs)
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

type server struct{ addr string }

func (s *server) serve(errc chan<- error) {
	errc <- check() // want `send on errc blocks forever if start returns at line 38 first: the select there stops receiving \(make errc buffered: make\(chan error, 1\)\)`
}

func start(ctx context.Context, s *server) error {
	errc := make(chan error)
	go s.serve(errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Silent: the named producer sends in a select on a done channel that F
// closes on every return.
func tryProduce(out chan<- int, xs []int, done <-chan struct{}) {
	defer close(out)
	for _, x := range xs {
		select {
		case out <- x:
		case <-done:
			return
		}
	}
}

func firstTry(xs []int) int {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go tryProduce(ch, xs, done)
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

// Silent: buffered for the named sender.
func startBuffered(ctx context.Context, s *server) error {
	errc := make(chan error, 1)
	go s.serve(errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A pipeline stage that is a named function: twoStages returns early and
// relay blocks on its send to b (and produce on a, which relay no longer
// receives: not reported, relay is a receiver of a).
func relay(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v // want `send on out blocks forever if twoStages stops receiving at line 97 before b is closed: the loop receiving from b returns there`
	}
	close(out)
}

func twoStages(xs []int) int {
	a := make(chan int)
	b := make(chan int)
	go produce(a, xs)
	go relay(a, b)
	for v := range b {
		if v < 0 {
			return v
		}
	}
	return 0
}

func drain(ch <-chan int) {
	for range ch {
	}
}

// Silent: a named goroutine drains the rest.
func drainNamed(xs []int) int {
	ch := make(chan int)
	go produce(ch, xs)
	v := <-ch
	go drain(ch)
	return v
}

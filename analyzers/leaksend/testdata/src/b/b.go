// Package b starts producers of package prod.
package b

import (
	"context"

	"prod"
)

func check() error { return nil }

// The consumer loop returns early; prod.Produce keeps sending.
func first(xs []int) int {
	ch := make(chan int)
	go prod.Produce(ch, xs) // want `prod.Produce, started here, sends on ch and blocks forever if first stops receiving at line 18 before ch is closed: the loop receiving from ch returns there`
	for v := range ch {
		if v < 0 {
			return v
		}
	}
	return 0
}

// Shape 1 through a fact, with a fix.
func wait(ctx context.Context) error {
	errc := make(chan error)
	go prod.Forward(errc) // want `prod.Forward, started here, sends on errc and blocks forever if wait returns at line 32 first: the select there stops receiving \(make errc buffered: make\(chan error, 1\)\)`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Silent: buffered for the one send.
func waitBuffered(ctx context.Context) error {
	errc := make(chan error, 1)
	go prod.Result(errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Silent: the producer sends in a select on a done channel F closes.
func tryFirst(ctx context.Context) int {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go prod.TrySend(ch, done)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Silent: the goroutine also receives.
func echo(ctx context.Context) int {
	ch := make(chan int)
	go prod.Echo(ch)
	ch <- 1
	return <-ch
}

// Silent: received on every path.
func always() error {
	errc := make(chan error)
	go prod.Result(errc)
	err := <-errc
	if err != nil {
		return err
	}
	return check()
}

// A method of another package through its fact (the receiver is parameter
// 0).
func serve(ctx context.Context, s *prod.Server) error {
	errc := make(chan error)
	go s.Serve(errc) // want `prod.Serve, started here, sends on errc and blocks forever if serve returns at line 91 first: the select at line 86 stops receiving \(make errc buffered: make\(chan error, 1\)\)`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return ctx.Err()
}

// Silent: the filter handed to Set receives every error the goroutine
// sends, each time the package calls it (net's
// TestAcceptIgnoreAbortedConnRequest): Set's fact says only that it locks,
// so the filter is handed to code the engine does not see.
func filtered(sw *prod.Filters, errs []error) {
	syserr := make(chan error)
	go func() {
		defer close(syserr)
		for _, err := range errs {
			syserr <- err
		}
	}()
	sw.Set(func() error {
		if err, ok := <-syserr; ok {
			return err
		}
		return nil
	})
}

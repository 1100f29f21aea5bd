package a

import (
	"context"
	"sync"
	"time"
)

// A generic type whose method is started with go.
type Cache[K comparable, V any] struct {
	mu   sync.Mutex
	m    map[K]V
	stop chan struct{}
}

func (c *Cache[K, V]) janitor() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.mu.Lock()
			clear(c.m)
			c.mu.Unlock()
		}
	}
}

func NewCache[K comparable, V any]() *Cache[K, V] {
	c := &Cache[K, V]{m: map[K]V{}, stop: make(chan struct{})}
	go c.janitor()
	return c
}

// A generic type whose method never stops.
type Pump[T any] struct {
	ctx     context.Context
	in, out chan T
}

func (p *Pump[T]) run() {
	for { // want `goroutine never stops: the loop has no exit, so cancelling p.ctx`
		p.out <- <-p.in
	}
}

func NewPump[T any]() *Pump[T] {
	p := &Pump[T]{in: make(chan T), out: make(chan T)}
	go p.run()
	return p
}

// A goroutine running a function of another package: not examined.
func Other(ctx context.Context, wg *sync.WaitGroup) {
	go wg.Wait()
	go time.Sleep(time.Second)
}

// errgroup-style Go with a context captured and consulted through Err.
func Consulted(ctx context.Context, g interface{ Go(func() error) }) {
	g.Go(func() error {
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	})
}

// A loop that sleeps inside a select-free condition loop and checks a
// context stored in a struct it receives.
type job struct{ ctx context.Context }

func Job(j *job) {
	go func() {
		for j.ctx.Err() == nil {
			time.Sleep(time.Second)
		}
	}()
}

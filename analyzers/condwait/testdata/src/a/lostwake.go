package a

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// A lost wake-up: the goroutine may Signal before the Wait begins.
func lostSignal(work func()) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		work()
		c.Signal()
	}()
	mu.Lock()
	c.Wait() // want `c.Wait has no condition to re-check, and the goroutine started before it may call Signal first: a Signal with no waiter is lost, and this Wait blocks forever`
	mu.Unlock()
}

// The goroutine takes the lock to signal, but the spawner locks only
// after the go statement: the goroutine can lock, signal and unlock first.
type Job struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func NewJob() *Job {
	j := &Job{}
	j.cond = sync.NewCond(&j.mu)
	return j
}

func (j *Job) Run(work func()) {
	go j.finish(work)
	j.mu.Lock()
	j.cond.Wait() // want `j.cond.Wait has no condition to re-check, and the goroutine started before it may call Broadcast first`
	j.mu.Unlock()
}

func (j *Job) finish(work func()) {
	work()
	j.mu.Lock()
	j.cond.Broadcast()
	j.mu.Unlock()
}

// Silent: the spawner holds the lock from before the go statement to the
// Wait, and the goroutine signals holding it: it can only signal once
// the Wait has released the lock.
func heldAcross(work func()) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	go func() {
		work()
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	c.Wait()
	mu.Unlock()
}

// Silent: a condition set before the Signal, re-checked in a loop.
func withFlag(work func()) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		work()
		mu.Lock()
		done = true
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !done {
		c.Wait()
	}
	mu.Unlock()
}

// A Sleep before the Signal orders nothing in real time: reported.
func sleepFirst() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		time.Sleep(time.Millisecond)
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	c.Wait() // want `c.Wait has no condition to re-check`
	mu.Unlock()
}

// Silent: in a synctest bubble time is virtual, and the sleeping
// goroutine wakes only once the Wait blocks (std internal/synctest's
// TestCond).
func bubbleSleepFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		c := sync.NewCond(&mu)
		go func() {
			time.Sleep(time.Millisecond)
			mu.Lock()
			c.Signal()
			mu.Unlock()
		}()
		mu.Lock()
		c.Wait()
		mu.Unlock()
	})
}

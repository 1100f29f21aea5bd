package a

import "sync"

// Wait in a helper whose caller does not hold c.L.
type Buffer struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewBuffer() *Buffer {
	b := &Buffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Buffer) Put(v int) {
	b.mu.Lock()
	b.items = append(b.items, v)
	b.mu.Unlock()
	b.cond.Signal()
}

// awaitItems expects b.mu held.
func (b *Buffer) awaitItems() {
	for len(b.items) == 0 {
		b.cond.Wait() // want `b.cond.Wait without holding b.cond.L: Take calls awaitItems with b.mu unlocked, and Wait unlocks it, a fatal error \(lock b.mu before calling awaitItems\)`
	}
}

// Take locks b.mu only after the wait.
func (b *Buffer) Take() int {
	b.awaitItems()
	b.mu.Lock()
	defer b.mu.Unlock()
	v := b.items[0]
	b.items = b.items[1:]
	return v
}

// Two calls up: drainWait calls awaitAll, Drain calls drainWait unlocked.
func (b *Buffer) awaitAll(n int) {
	for len(b.items) < n {
		b.cond.Wait() // want `b.cond.Wait without holding b.cond.L: Drain calls drainWait \(which leads to awaitAll\) with b.mu unlocked`
	}
}

func (b *Buffer) drainWait(n int) { b.awaitAll(n) }

func (b *Buffer) Drain(n int) []int {
	b.drainWait(n)
	b.mu.Lock()
	out := b.items
	b.items = nil
	b.mu.Unlock()
	return out
}

// Silent: the caller holds b.mu at the call.
func (b *Buffer) awaitOne() {
	for len(b.items) == 0 {
		b.cond.Wait()
	}
}

func (b *Buffer) TakeLocked() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.awaitOne()
	v := b.items[0]
	b.items = b.items[1:]
	return v
}

// Silent: one caller holds it, the other is not known to (an exported
// helper other packages may call holding the lock).
func (b *Buffer) AwaitExported() {
	for len(b.items) == 0 {
		b.cond.Wait()
	}
}

// Silent: the helper is also used as a value: its other callers are not
// known.
func (b *Buffer) awaitValue() {
	for len(b.items) == 0 {
		b.cond.Wait()
	}
}

func (b *Buffer) Hooks() func() { return b.awaitValue }

func (b *Buffer) TakeValue() int {
	b.awaitValue()
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.items)
}

// Silent: the caller never locks b.mu and is itself called with it held.
func (b *Buffer) awaitInner() {
	for len(b.items) == 0 {
		b.cond.Wait()
	}
}

func (b *Buffer) middle() { b.awaitInner() }

func (b *Buffer) Outer() {
	b.mu.Lock()
	b.middle()
	b.mu.Unlock()
}

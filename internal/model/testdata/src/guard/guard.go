package guard

import "sync"

type T struct {
	mu sync.Mutex
	n  int
	m  map[string]int
}

func (t *T) Inc() {
	t.mu.Lock()
	t.n++ // want `read n guard=mu held=\[t.mu\] shared,entry` `write n guard=mu held=\[t.mu\] shared,entry`
	t.mu.Unlock()
}

// Held by its only caller.
func (t *T) bump() {
	t.n = 2 // want `write n guard=mu held=\[t.mu\(caller\)\] shared,entry`
}

func (t *T) Bump() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bump()
	t.m["x"] = 1 // want `mapwrite m guard=- held=\[t.mu\] shared,entry`
}

// Its caller's lock, released here.
func (t *T) finishAndUnlock() {
	t.n = 3 // want `write n guard=mu held=\[t.mu\(caller\)\] shared,entry`
	t.mu.Unlock()
}

func (t *T) Finish() {
	t.mu.Lock()
	t.finishAndUnlock()
}

// Not shared yet: made here, or only ever called on a fresh value.
func New() *T {
	t := &T{}
	t.n = 1 // want `write n guard=mu held=\[\] entry`
	t.setup()
	return t
}

func (t *T) setup() {
	t.m = map[string]int{} // want `write m guard=- held=\[\] entry`
}

// A lock held on some paths only, and a read after a receive: unknown.
func (t *T) Maybe(b bool, c chan int) int {
	if b {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	return t.n // want `read n guard=mu held=\[\] shared,entry,unknown`
}

func (t *T) After(c chan int) int {
	<-c
	return t.n // want `read n guard=mu held=\[\] shared,entry,unknown`
}

// Unexported and called by no exported function or goroutine: not entry.
func (t *T) unused() int {
	return t.n // want `read n guard=mu held=\[\] shared`
}

// A goroutine's body is an entry.
func (t *T) Start() {
	go func() {
		t.mu.Lock()
		t.n = 0 // want `write n guard=mu held=\[t.mu\] shared,entry`
		t.mu.Unlock()
	}()
}

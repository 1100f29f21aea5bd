package fixmismatch

import "sync"

type Index struct {
	mu   sync.RWMutex
	keys []string
}

func (x *Index) Add(k string) {
	x.mu.Lock()
	defer x.mu.Lock() // want `defer x.mu.Lock\(\) while x.mu is locked deadlocks at return`
	x.keys = append(x.keys, k)
}

func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.Unlock() // want `defer x.mu.Unlock\(\) while x.mu is read-locked crashes at return`
	return len(x.keys)
}

func (x *Index) Reset() {
	x.mu.Lock()
	defer x.mu.RUnlock() // want `defer x.mu.RUnlock\(\) while x.mu is locked crashes at return`
	x.keys = nil
}

func (x *Index) First() string {
	x.mu.RLock()
	defer x.mu.RLock() // want `defer x.mu.RLock\(\) while x.mu is read-locked leaves x.mu read-locked for good`
	if len(x.keys) == 0 {
		return ""
	}
	return x.keys[0]
}

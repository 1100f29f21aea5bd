package syncpkg

import "sync"

// The guide's sync examples with the mistake each check exists for.

// processAllLateAdd counts each goroutine from inside it: Wait can run
// before any Add and return at once.
func processAllLateAdd(items []Item) {
	var wg sync.WaitGroup

	for _, item := range items {
		go func(it Item) {
			wg.Add(1) // RACE(wgadd): Add races with Wait below // want `wgadd: wg.Add inside the goroutine it counts races with wg.Wait`
			defer wg.Done()
			process(it)
		}(item)
	}

	wg.Wait()
}

// processAllSelfCounted starts a named function that counts itself: the
// same race, out of reach of go vet's waitgroup check, which looks only at
// the first statement of a go func literal.
func processAllSelfCounted(items []Item) {
	var wg sync.WaitGroup
	for _, item := range items {
		go processCounted(item, &wg) // RACE(wgadd): processCounted's Add races with the Wait below // want `wgadd: processCounted calls wg.Add inside the goroutine it counts`
	}
	wg.Wait()
}

func processCounted(it Item, wg *sync.WaitGroup) {
	wg.Add(1) // the Add of processAllSelfCounted's goroutine: reported at its go statement
	defer wg.Done()
	process(it)
}

// processAllEarlyReturn skips Done for the zero item: Wait never returns.
func processAllEarlyReturn(items []Item) {
	var wg sync.WaitGroup

	for _, item := range items {
		wg.Add(1)
		go func(it Item) {
			if it.ID == 0 {
				return // DEADLOCK(wgadd): returns without wg.Done // want `wgadd: this return skips wg.Done`
			}
			process(it)
			wg.Done()
		}(item)
	}

	wg.Wait()
}

// IncIfBelow is SafeCounter.Inc with an early return that forgets Unlock:
// the next Lock deadlocks.
func (c *SafeCounter) IncIfBelow(limit int) bool {
	c.mu.Lock() // DEADLOCK(lockcheck): not unlocked on the early return below // want `lockcheck: c.mu stays locked on a path to a return`
	if c.count >= limit {
		return false
	}
	c.count++
	c.mu.Unlock()
	return true
}

// GetOrLoad upgrades the read lock to a write lock without releasing it.
func (c *Cache) GetOrLoad(key string, load func() string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[key]; ok {
		return v
	}
	c.mu.Lock() // DEADLOCK(lockcheck): Lock while this goroutine holds RLock // want `lockcheck: c.mu.Lock while this goroutine holds c.mu.RLock deadlocks`
	defer c.mu.Unlock()
	v := load()
	c.items[key] = v
	return v
}

// PopIf is Queue.Pop with `if` where the guide has `for`: after a wakeup
// another Pop may have taken the item, and items[0] panics.
func (q *Queue) PopIf() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait() // RACE(condwait): the condition is not re-checked after Wait // want `condwait: q.cond.Wait is not in a for loop that re-checks the condition`
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

// Notifier hands events to a goroutine that needs the same lock to take
// them.
type Notifier struct {
	mu     sync.Mutex
	events chan string
	seen   int
}

// Start runs the consumer.
func (n *Notifier) Start() {
	go func() {
		for ev := range n.events {
			n.mu.Lock()
			n.seen++
			n.mu.Unlock()
			_ = ev
		}
	}()
}

// Notify sends while holding mu; the consumer blocks on mu before it can
// receive the next event: both wait forever.
func (n *Notifier) Notify(ev string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events <- ev // DEADLOCK(holdblock): the receiver needs n.mu, held here // want `holdblock: send on n.events blocks while holding n.mu, and its receiver \(the goroutine started in Start\) locks n.mu before receiving`
}

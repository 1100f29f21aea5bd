// Package callers is the probe of Model.Callers: each function is
// reported with the number of its calls when they are all known.
package callers

import "sync"

var mu sync.Mutex

func helper() {} // want `helper: 2 calls, all known`

func Exported() { // exported: other packages call it too
	helper()
	helper()
}

func asValue() {} // used as a value: its other callers are not known

func hooks() func() { return asValue }

type T struct{}

func (T) run() {} // invoked through an interface by its name: not known

func (T) stop() {} // want `stop: 1 calls, all known`

type runner interface{ run() }

func use(r runner, t T) {
	r.run()
	t.run()
	t.stop()
	asValue()
	plain()
	go started()
	func() { // want `lit: 1 calls, all known`
		mu.Lock()
		mu.Unlock()
	}()
	defer func() {}() // deferred: runs later, not known
}

func plain() {} // want `plain: 1 calls, all known`

func started() {} // started as a goroutine: not known

func never() {} // no calls: not known

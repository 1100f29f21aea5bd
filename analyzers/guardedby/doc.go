// Package guardedby defines an Analyzer that reports a struct field or
// package variable accessed without the mutex that guards it everywhere
// else.
//
// # Analyzer guardedby
//
// guardedby: report fields accessed without the mutex that guards them elsewhere, a data race
//
// A type with a mutex usually means "hold mu to touch these fields", but Go
// has no annotation that says so and the compiler does not check it. One
// method that reads the field without the lock (a getter added later, a
// String method, a fast path) races with every write made under it: the
// read can see a torn or stale value, and the race detector reports it
// only when a test happens to run both at once. guardedby infers the guard
// from the code, as RacerD does for Java: the mutex held at most of the
// field's accesses. It reports an access made without it, from code that
// can run at the same time as the guarded ones (an exported function or
// method, or a goroutine's code, and what they call in the package), when
// the functions that access the field under the mutex are two or more and
// outnumber those that access it without, and the two can conflict (a
// write on one side):
//
//	type Counter struct {
//		mu sync.Mutex
//		n  int
//	}
//
//	func (c *Counter) Inc() {
//		c.mu.Lock()
//		c.n++
//		c.mu.Unlock()
//	}
//
//	func (c *Counter) Reset() {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.n = 0
//	}
//
//	func (c *Counter) Value() int {
//		return c.n // reported: c.n is read without holding c.mu, which guards it at 3 other accesses
//	}
//
// Take the lock for the read too (or make the field an atomic.Int64 and
// drop the mutex for it):
//
//	func (c *Counter) Value() int {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		return c.n
//	}
//
// An unguarded write is reported when it is made by a goroutine's code, or
// by a function that takes the mutex elsewhere in its body (it knows the
// lock and writes outside it). An exported method that writes the field
// and never takes the lock is most often set-up called before the value
// is shared (SetID, an initial state), and is not reported.
//
// It also reports a write made while holding the guard only for reading
// (RLock), when the field is read under RLock too and the mutex is locked
// for writing in two or more functions: read locks are shared, so the
// write races with those readers.
//
//	func (c *Cache) Get(k string) *Entry {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		c.hits++ // reported: c.hits is written while c.mu is held only for reading
//		return c.entries[k]
//	}
//
// And a check-then-act outside any lock in a goroutine's code, on a struct
// whose mutex evidently guards some of its fields (so the type is meant for
// concurrent use): two goroutines can both see the field unset and both
// set it.
//
//	func (c *Conn) send(p []byte) { // run by go c.send(p) for each request
//		if c.buf == nil { // reported: c.buf is checked and then set without a lock
//			c.buf = make([]byte, 0, 4096)
//		}
//		…
//	}
//
// Use sync.Once, or do the check and the set under the mutex.
//
// Across packages: an exported field that its package guards with a mutex
// importers can take (an exported or embedded mutex field) carries a
// Guarded fact, and is reported where an importing package reads or
// writes it without the mutex, in code that can run concurrently.
//
// The lock counts when it is held on every path to the access: by the
// function itself (Lock or RLock, until the Unlock, or to the end with
// defer), by the caller when the function unlocks a mutex it did not lock
// itself, and by every call of the function in the package (through up to
// three calls: an unexported helper always called with c.mu held is
// guarded). Accesses are counted by function and statement: c.n++ is one.
// A mutex field guards the fields of its value and of the values on its
// path (c.mu for c.n and c.stats.n); a package mutex guards package
// variables. An access is compared with a guard only when its path can
// hold it: a field reached through a value of a type with no such mutex
// on the way is another object.
//
// # What it does not report
//
// Accesses where the object cannot be shared yet: values made in the
// function (&T{}, new, a local variable, a value from a sync.Pool, or the
// result of a constructor of the package) until they are handed out (to a
// goroutine, a store, a capture, a channel, or a function of the package
// that keeps them; calls of other packages' functions, such as fmt's %p,
// are taken not to keep them), init functions, and unexported functions
// called only on fresh values (a newT that calls t.init()). Code the model
// cannot see run concurrently: test files, functions and literals used as
// values (callbacks, options, sync.Once.Do), unexported code no exported
// function or goroutine reaches. Accesses where a lock the model cannot
// name may be held: a lock helper, a mutex held on some paths only, a
// caller (up to three calls up, through interface calls too) that may
// hold a lock, a function whose name or documentation says its caller
// holds one or synchronises it ("fooLocked", "must hold mu", "externally
// synchronized", "not safe for concurrent use"), a method of a type whose
// methods release a lock they did not take (a transaction that lives
// inside its store's critical section), a method of a type handed as an
// interface where a lock may be held. Accesses ordered otherwise: after a
// receive, a select or a Wait in the function; on a branch taken on a
// sync/atomic result; a goroutine's read of a field written only before
// the go statement that starts it. Fields whose address is taken for
// anything but a load or a store (passed to sync/atomic, a method of the
// field's value, a pointer handed out), fields of sync and sync/atomic
// types, and fields only written before the value is shared. A field
// accessed under the mutex in only one function (one critical section is
// no evidence of a guard), or without it in as many functions as with it.
// Reads on both sides. A read without the lock in the function that makes
// every write of the field (it races only with another run of itself), or
// after a call of the only writing function (initialised once under the
// lock, then read). A write under RLock of a mutex locked for writing in
// one function only (a barrier against Close, as database/sql's
// Rows.closemu), under another mutex held for writing, or where a
// compare-and-swap lets one goroutine make it. A check-then-act in an
// exported method (set-up by contract) or after the if (if x { panic };
// x = true). A field whose declaration comment says it needs no lock
// ("no further synchronization", "only accessed from", "owned by"): the
// one rule keyed on a comment, for orderings the code does not show (a
// serialiser of callbacks, an owner goroutine). Map writes: mapsync
// reports those, from the same inference.
//
// # Limits
//
// Accesses are compared by field, not by value: a field guarded through
// one value and read through another of the same type is reported (two
// values of a type whose methods lock are usually both shared). Calls from
// other packages are not seen, except through the interfaces a value is
// handed as. Two goroutines running one function with no lock at all are
// not compared: a field no function guards has no guard to infer (mapsync
// and closurecapture cover goroutines of one function). Map and slice
// elements are not fields. The rules for set-up code (exported writers
// that never lock, lazy set-up in exported methods) trade races in set-up
// methods called concurrently for silence on the common case. A read of
// a value another package returned, made while that value is still being
// set up (caddy's ConnectionPolicies.Provision reading the new TLS app's
// ECH configs before the app starts), is reported: the model cannot see
// that the writers start later.
//
// On the corpus (the standard library and 15 modules, 4M lines): no
// finding on the standard library, 15 on the modules, 14 judged true
// (go-ethereum's smart-card wallet session and derivation channel,
// nats-server's varz flags written under a read lock, prometheus's
// discovery Providers, containerd's NRI handle read without the lock its
// Stop clears it under, caddy's certificate cache read after RUnlock) and
// 1 false (above).
package guardedby

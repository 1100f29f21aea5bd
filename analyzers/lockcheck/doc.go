// Package lockcheck defines an Analyzer that reports mutexes left locked on
// a return, locked twice by the same goroutine, upgraded from a read lock,
// released at return by a deferred call that does not match the lock, or
// unlocked when already unlocked.
//
// # Analyzer lockcheck
//
// lockcheck: report a mutex left locked at a return, locked or unlocked twice, upgraded, or misreleased by defer
//
// sync.Mutex and sync.RWMutex are not reentrant and have no owner: a
// goroutine that locks a mutex it already holds, or returns without
// unlocking one it meant to release, blocks forever the next goroutine
// that locks it — often itself. lockcheck tracks which mutexes a function
// holds at each point (the shared model's lock state, with defer honoured)
// and reports five mistakes.
//
// Forgotten unlock. A Lock or RLock from which one path reaches a return
// with the mutex released and another reaches a return with it still held:
//
//	func (c *Counter) IncIfBelow(limit int) bool {
//		c.mu.Lock() // reported: the early return leaves c.mu locked
//		if c.count >= limit {
//			return false
//		}
//		c.count++
//		c.mu.Unlock()
//		return true
//	}
//
// The same holds for a path that comes back to the Lock in the next
// iteration of a loop (a continue that skips the Unlock): that Lock blocks
// forever. Unlock on every path, or defer the unlock right after the lock:
//
//	c.mu.Lock()
//	defer c.mu.Unlock()
//
// When the function's only unlock of that mutex is its last statement (or is
// followed only by a return of plain values), the suggested fix does that:
// it adds `defer c.mu.Unlock()` after the Lock and removes the trailing
// Unlock.
//
// Double lock. A Lock or RLock of a mutex that the goroutine holds on every
// path to it: directly, or through a call of a function or method (of this
// package, or of another one through the fact concvet exports for it) that
// locks the same receiver's or argument's mutex on every path:
//
//	func (c *Cache) Total() int {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		return c.Len() + 1 // reported: Len locks c.mu too
//	}
//
// And through a helper of this package that locks only when told to, when
// the call tells it to with a boolean constant and, with that value, it
// locks the mutex on every path before it returns or releases it:
//
//	func (c *Cache) get(k string, locked bool) int {
//		if !locked {
//			c.mu.Lock()
//			defer c.mu.Unlock()
//		}
//		return c.m[k]
//	}
//
//	c.mu.Lock()
//	defer c.mu.Unlock()
//	v := c.get(k, false) // reported: get locks c.mu when locked=false
//
// This includes RLock while holding Lock, and a recursive RLock: an RLock
// while the goroutine already holds the read lock deadlocks as soon as a
// writer calls Lock between the two, since a waiting writer blocks new
// readers. A recursive RLock is reported only when such a writer can run:
// in a test (TestXxx, BenchmarkXxx, FuzzXxx), a goroutine the test starts
// (directly or through the package's functions it calls) locks the mutex,
// itself or through what it calls; elsewhere, the package locks that
// mutex (the same field) somewhere, or the mutex belongs to another
// package's type. Call a variant that expects the lock held (by convention
// named …Locked), or release the lock before the call. The calls of one
// function (or locks of one mutex) made while one Lock is held, such as the
// two branches of an if that both call it, are one finding, at the first,
// with the others as related positions.
//
// Upgrade. Lock on an RWMutex whose read lock the goroutine holds waits for
// all readers to leave, itself included:
//
//	c.mu.RLock()
//	defer c.mu.RUnlock()
//	if v, ok := c.items[k]; ok {
//		return v
//	}
//	c.mu.Lock() // reported
//
// RUnlock first, then Lock and check again.
//
// Deferred call that does not release the lock. A defer statement, reached
// with the mutex held on every path, whose call is not the release of the
// mode held, when nothing else in the function releases the mutex:
//
//	c.mu.Lock()
//	defer c.mu.Lock()    // reported: deadlocks at return
//
//	c.mu.RLock()
//	defer c.mu.Unlock()  // reported: a fatal error at return
//
// defer mu.Lock() or defer mu.RLock() runs at return while the goroutine
// still holds mu and blocks forever (or, RLock after RLock, leaves two read
// locks that are never released); defer mu.RUnlock() after mu.Lock() and
// defer mu.Unlock() after mu.RLock() end the program with a fatal error
// ("sync: RUnlock of unlocked RWMutex", "sync: Unlock of unlocked
// RWMutex"; not a panic, recover cannot catch it), and the lock taken is
// never released. The suggested fix replaces the
// deferred call with the release of the mode held: defer c.mu.Unlock() or
// defer c.mu.RUnlock().
//
// Unlock of an unlocked mutex. An Unlock or RUnlock (or a call of a
// function that releases the mutex, of this package or through a fact)
// reached with the mutex already released by the function on every path,
// with no Lock in between; or an early Unlock before a return under a
// deferred Unlock of the same mutex:
//
//	r.mu.Lock()
//	defer r.mu.Unlock()
//	if r.closed {
//		r.mu.Unlock() // reported: the deferred Unlock runs again at return
//		return errClosed
//	}
//
// sync ends the program with "fatal error: sync: unlock of unlocked mutex"
// (recover cannot catch it). Drop the early Unlock (the defer releases
// the mutex), or the defer. Only releases made by the function count: a
// function that unlocks a mutex its caller holds is not reported for that
// Unlock, and "on every path" means that a flag set next to the first
// Unlock, or two ifs on one condition, never make a finding; nor does an
// Unlock followed by defer mu.Lock() (the deferred Lock runs first at
// return and takes the mutex back for the deferred Unlock). In the same
// way, an Unlock of an RWMutex that the function holds only for reading
// on every path (RLock … Unlock), or an RUnlock of one it holds for
// writing, ends the program ("sync: Unlock of unlocked RWMutex") and is
// reported: call the release of the mode held.
//
// # What it does not report
//
// Lock followed by defer Unlock; an unlock on every path; a deferred
// literal or deferred helper that unlocks; calling a …Locked helper, or any
// function that does not lock the mutex on every path (a helper that locks
// only when told to) while holding it, unless a boolean constant the call
// passes makes it lock on every path (a value the call computes, or a
// helper that also releases the caller's lock first on some path, is not
// followed); TryLock and TryRLock; two
// instances of the same type (a.mu and b.mu, or two parameters, are never
// assumed to alias); a lock in a loop unlocked at the end of the body; a
// lock and an unlock guarded by the same condition (if shared { mu.Lock() }
// … if shared { mu.Unlock() }); a path that ends in a panic, os.Exit,
// log.Fatal or runtime.Goexit; a lock that is taken again only on some
// paths (the analysis reports a double lock only when the mutex is held on
// every path); a lock taken conditionally and released under a flag set
// next to it (locked := false; if !ok { mu.Lock(); locked = true } … if
// locked { mu.Unlock() }); a mutex used as a handoff (locked again after a
// goroutine, or another function of the package, unlocks it); a mutex
// local to the function that nothing else can see (a recursive RLock there
// has no writer to wait for; leaving it locked harms nobody); hand-over-hand
// locking (i.mu … i = i.parent), where the unlock names the mutex through
// the loop's variable; a lock taken through a helper (s.lock(),
// b.WriteMode()) and not released on some path: such helpers often switch
// a mode that stays on by design (the helper's lock still counts for double
// locks).
//
// A function returns holding a mutex by design, and is not reported, when:
// it returns holding it on every path (a lock helper: lock(), acquire());
// its name contains "lock", "acquire" or "begin" in any case (lockShard,
// acquireConn, beginTx); it returns a function (the caller gets the unlock);
// the unlock happens in a literal it creates (a goroutine, a callback), in
// a goroutine it starts (go c.resetAndUnlock()) or in a call that unlocks on
// some paths only; the mutex is passed to or stored by other code
// (sync.OnceFunc(mu.Unlock), unlock := mu.Unlock); it records the hold in a
// boolean field of the mutex's owner (rs.scanHold = true) for another
// method to release; or the returns that hold the lock report success (a
// nil error, true) while those that release it report failure (a non-nil
// error, false), the "returns locked on success" protocol. A function that
// unlocks a mutex before locking it (a …Locked helper that drops the lock
// around slow work) was called holding it and is not checked for that
// mutex. Double locks are not reported either when the mutex may be
// unlocked by code the lock state does not follow (a literal, a goroutine,
// an unlock handed to other code). A recursive RLock with no writer that
// can run in between (see above) is not reported.
//
// For deferred calls: a deferred Lock of a mutex not held at the defer
// (mu.Unlock(); defer mu.Lock(), which takes back at return a lock the
// caller held); a deferred call on another mutex; a function that also
// releases the mutex, or takes it in the other mode, before returning (a
// downgrade by hand: Unlock, then RLock before the deferred RUnlock); a
// mutex a literal or goroutine of the function unlocks. Empty critical
// sections (Lock immediately followed by Unlock, staticcheck's SA2001) are
// not reported: they are a legitimate way to wait for a holder.
//
// # Limits
//
// A path is followed as the control flow allows, except that two ifs on
// one boolean value (if fast { … } … if !fast { … }) take the same
// branch on a path, and boolean flags set to constants next to a lock are
// followed; other correlated conditions (two different values that are
// equal) are taken to be independent. A second Unlock is reported only
// when the first is on every path to it, so an Unlock twice on some paths
// only is not reported, nor one reached after a goroutine or literal of
// the function may have locked the mutex again (a handoff), nor an RUnlock
// of a mutex read-locked more than once on a path.
//
// A mutex is followed only when the lock and the unlock name it the same
// way (one variable, parameter or field path); mutexes in slices, maps or
// reached through interfaces are not followed, and two names for one mutex
// are never matched. Calls through interfaces and function values are not
// followed. Functions of other packages are seen through the facts concvet
// exports for them: "locks and releases (a field of) parameter i", "returns
// holding it", "releases it".
package lockcheck

// Package lockorder defines an Analyzer that reports two mutexes locked in
// opposite orders: a lock-order inversion, which deadlocks when two
// goroutines run the two sides at the same time.
//
// # Analyzer lockorder
//
// lockorder: report two mutexes locked in opposite orders, a deadlock when both orders run at once
//
// A goroutine that holds mutex A and locks B waits for whoever holds B. If
// another goroutine holds B and locks A, each waits for the other forever.
// Neither function looks wrong on its own, tests pass as long as the two
// never overlap, and the race detector says nothing: there is no race, only
// a schedule that hangs the process. The orders are usually far apart — one
// method takes its own lock and calls into another type, whose method takes
// its lock and calls back:
//
//	func (b *Bank) Deposit(s string) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		b.log.append(s) // reported: Log.mu is locked while holding Bank.mu, but Flush locks Bank.mu while holding Log.mu
//	}
//
//	func (l *Log) append(s string) { l.mu.Lock(); l.lines = append(l.lines, s); l.mu.Unlock() }
//
//	func (l *Log) Flush() {
//		l.mu.Lock()
//		defer l.mu.Unlock()
//		l.bank.audit() // audit locks b.mu
//	}
//
// Take the two mutexes in one order everywhere (document it next to the
// fields), or release the first before calling into code that takes the
// second:
//
//	func (l *Log) Flush() {
//		l.mu.Lock()
//		lines := l.lines
//		l.mu.Unlock()
//		l.bank.audit()
//		_ = lines
//	}
//
// What is reported, precisely: a function F that holds mutex A on every
// path to a Lock or RLock of mutex B — its own, or one that a function it
// calls makes on every path to its return, through up to three calls of
// functions of the package or a call of another package's function whose
// fact says so — while some
// function G of the package, or of a package it imports (through that
// package's facts), holds B on every path to a lock of A. Mutexes are
// named by class, not by value: the field of a named struct type (every
// Bank value's mu is Bank.mu), a package variable, a local variable shared
// by the function literals of one function. The finding is on F's Lock, or
// on the call that leads to it, once per pair of classes; Related
// positions show where A was locked, the calls down to B's Lock, and G's
// side.
//
// # What it does not report
//
// Two mutexes of one class (a.mu and b.mu of two Bank values: the order
// between values of one type is not a class order). A mutex F releases
// before the second lock, or that the callee unlocks without locking it
// first (a helper that drops its caller's lock around slow work), or that
// a function literal of F unlocks (the lock is handed to a goroutine), or
// that F may have released through another expression of the same class
// (s.locks[i] locked and unlocked through two indexings). A value F made
// itself and has not shared yet (nobody else can hold its mutex). Both
// sides under a third mutex held on every path to both (a gate lock
// orders them). A mutex read-locked on both sides (RLock held by one,
// RLock taken by the other): readers share it and deadlock only behind a
// writer that queues in between, which the analysis does not place — such
// three-goroutine deadlocks are missed. A callee that locks only on some
// paths (when a count drops to zero, say). TryLock, which does not wait.
// A Lock in a goroutine started while holding A, or in a deferred call.
// Generated files.
//
// On the corpus (the standard library and 15 modules, 4M lines) it reports
// 2 inversions, both judged true, both with one side in a test: grpc's
// TestUpdateAddresses_NoopIfCalledWithSameAddresses holds cc.mu while a
// connect attempt holds ac.mu and wants cc.mu, and a nats-server MQTT test
// takes c.mu then sess.mu against the server's order. Before the rules on
// handed-over and striped locks and on read locks, it reported 8; the
// false ones are silent cases in its testdata.
//
// # Limits
//
// Held means held on every path: a mutex held on some paths only is not an
// order. Calls through interfaces, function values and more than three
// calls deep are not followed, nor calls of packages that do not import
// sync, context or sync/atomic (they have no facts). Whether the two sides
// can run at the same time is not decided: an inversion between two
// functions only ever called one after the other by one goroutine is
// reported. A cond.Wait that releases and retakes its lock is not an
// acquisition. A side in another package is named by its function and
// file:line, not as a related position.
package lockorder

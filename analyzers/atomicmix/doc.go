// Package atomicmix defines an Analyzer that reports variables accessed
// both with sync/atomic functions and with plain loads and stores.
//
// # Analyzer atomicmix
//
// atomicmix: report variables accessed both with sync/atomic and with plain loads or stores
//
// A sync/atomic function makes one access atomic, not the variable: a plain
// read of a counter that other goroutines increment with atomic.AddInt64 is
// a data race (it may see a torn or stale value, and the race detector
// reports it), and a plain write races with every atomic access. atomicmix
// reports a package variable, a struct field, or a local variable shared
// with goroutines that is accessed with a sync/atomic function (Add, And,
// Or, Load, Store, Swap, CompareAndSwap) on &x somewhere in the package and
// with a plain load or store elsewhere:
//
//	var hits int64
//
//	func hit() { atomic.AddInt64(&hits, 1) }
//
//	func report() int64 {
//		return hits // reported: hits is read without sync/atomic but written with atomic.AddInt64 elsewhere; use atomic.Int64 for it
//	}
//
// Use the atomic types of Go 1.19 (atomic.Int32, atomic.Int64,
// atomic.Uint32, atomic.Uint64, atomic.Uintptr, atomic.Bool,
// atomic.Pointer[T]): their value can only be reached through atomic
// methods, so the compiler shows every plain access, and an atomic.Int64
// field is 64-bit aligned even on 32-bit platforms.
//
//	var hits atomic.Int64
//
//	func hit() { hits.Add(1) }
//
//	func report() int64 { return hits.Load() }
//
// In files for Go before 1.19 the message asks for sync/atomic on every
// access instead, and so it does for an exported variable or field, or a
// field with a struct tag: changing its type would change its exported API
// (other packages use it as a number) and its encoding (encoding/json
// marshals an atomic.Int64 as {}). Read it with atomic.LoadInt64(&x).
//
// When every racing plain access has a direct sync/atomic equivalent (a
// read x, x = v, x++, x--, x += v, x -= v on a variable of type exactly
// int32, int64, uint32, uint64 or uintptr, in files that import
// sync/atomic), the suggested fix rewrites them all: atomic.LoadInt64(&x),
// atomic.StoreInt64(&x, v), atomic.AddInt64(&x, 1)… It is not offered when
// a plain read sits inside a rewritten statement (x = x + 1) or for an
// unsigned decrement.
//
// A plain read is reported only when some atomic access writes (reads on
// both sides do not race); a plain write is reported against any atomic
// access. Each variable is reported once, at its first racing plain access
// (preferring one in a file that also has an atomic access), with the
// number of the others: changing the variable's type makes the compiler
// list them all. The related position is an atomic access.
//
// A field is one variable per struct type it is selected from: the fields
// of a struct embedded both in a type used atomically and in a type guarded
// by a mutex are two variables. Fields of generic types are one variable
// for every instantiation.
//
// A local variable is reported when it is shared with a goroutine literal
// that accesses it atomically and the declaring function accesses it
// plainly after starting that goroutine (and before any Wait, receive or
// select), or when a goroutine literal accesses it plainly (before any
// wait of its own) while code outside that literal accesses it atomically.
//
// # An atomic call's result stored back
//
// An assignment of a sync/atomic Add, And, Or or Swap call's result to the
// variable the call operates on, whatever the operand (a local, a field,
// a slice element, *p for atomic.AddInt64(p, 1)), also in tuple
// assignments and in short variable declarations that reuse the variable:
//
//	n = atomic.AddInt64(&n, 1) // reported
//
// The call updates n atomically, then the assignment stores its result with
// a plain write: the store races with every atomic access of n, and an add
// made by another goroutine between the call and the store is overwritten.
// For Swap, And and Or the result is the old value, so the store also undoes
// the call. This shape needs no second access anywhere else and is reported
// in every function, tests included. For Add the suggested fix drops the
// store: the call alone (atomic.AddInt64(&n, 1)), or the blank identifier
// in place of the variable in a tuple (_, _ = 1, atomic.AddInt64(&n, 1)),
// which in a single goroutine leaves n as the assignment did. Swap, And and
// Or get no fix: without the store the variable keeps the new value, which
// the code as written never leaves there. Not reported:
// the result assigned to another variable or element, and x :=
// atomic.AddUint64(&x, 1) declaring a new x in an inner scope.
//
// # A struct copied while its atomic field may be updated
//
// A copy of a whole struct value reads every field plainly, the fields
// that other goroutines update with sync/atomic functions included: the
// copy races with the atomic updates (the race detector reports it), and
// its counter is a torn or stale snapshot.
//
//	type stats struct{ hits, misses int64 }
//
//	func (s *stats) hit() { atomic.AddInt64(&s.hits, 1) }
//
//	func (s *stats) Snapshot() stats {
//		return *s // reported: copying *s reads stats.hits without sync/atomic: …
//	}
//
// Copy the fields one by one with atomic loads (into a type that is not
// itself updated atomically), or keep and share a pointer:
//
//	func (s *stats) Snapshot() statsView {
//		return statsView{hits: atomic.LoadInt64(&s.hits), misses: atomic.LoadInt64(&s.misses)}
//	}
//
// A copy is a struct value in shared memory (*p, x.f or s[i] reached
// through a pointer or a slice, a package variable) that is assigned,
// declared, returned, passed to a function (append included), sent, or
// put in a composite literal; the value of a range over a slice or array
// of such structs; and the receiver of a method with a value receiver
// called through a pointer (p.String() copies *p). An assignment to *p
// (*dst = *src) is a plain write of every field and is reported against
// any atomic access, a read only against an atomic write. The structs
// held by value in the copied one count (a counters field updated with
// atomic.AddUint64(&l.counters.sent, 1) and copied as part of *l). Each
// copy is reported once, naming the first such field and the number of
// the others; the related position is an atomic access.
//
// The rules of plain accesses below apply to the copy as to a plain read
// (or write) of each atomic field: not in constructors and init
// functions, tests, after a Wait, under a lock that every atomic write
// also holds, in a function that writes the field atomically itself, nor
// for types also built as snapshots of atomic loads; a copy of a value
// the function itself created (p := &T{…}; v := *p) is not reported
// either. Nor are: a field only loaded atomically (written plainly while
// the value is built), copies of local values and value receivers
// themselves (the atomic accesses, made through pointers to shared values,
// do not reach them), the elements of maps (they cannot be updated in
// place), unsafe.Sizeof(*p), &*p, (*p).f and comparisons. A struct that
// holds a lock or an atomic type (atomic.Int64, atomic.Bool,
// atomic.Pointer… hold a noCopy with Lock and Unlock methods) is left to go
// vet's copylocks, which reports its copies ("assignment copies lock value
// to v: T contains sync/atomic.Int64 contains sync/atomic.noCopy").
//
// On the corpus (the standard library and 15 concurrency-heavy modules)
// this shape reports nothing: the 14 copies of such structs there are
// made under the lock every atomic write holds (nats-server copies a
// subscription under the client lock), by the writer itself, in tests,
// or of snapshot types (grpc's outlier detection clears its inactive
// bucket with *ib = bucket{}).
//
// # What it does not report
//
// Accesses before the value is shared or after the goroutines are done:
// package variable initialisers and init functions; functions named new…,
// New…, init…, Init…, reset…, Reset… (constructors, in-place initialisers,
// the reset of a recycled value whose last reference is gone); func main
// before its first go statement; functions called only from those; fields of
// a value the function itself creates (&T{…}, T{…}, new(T), var v T) or
// copies (p = &copy, as nats-server does before setting a queue weight) and
// holds in a local variable or parameter; a local variable before the first
// go statement that shares it; anything in a function after it started a
// goroutine and then waited (Wait, receive, range over a channel, select),
// as in counting with atomic.AddInt64 in workers and reading the total after
// wg.Wait.
//
// Accesses that are not plain or not to the shared variable: &x (the
// address may be used atomically), keys of composite literals, fields of a
// local struct value (a copy, a value receiver or parameter) reached
// without a pointer (the copy itself is the shape above), and variables of type
// unsafe.Pointer (LoadPointer/StorePointer code orders its memory by hand,
// as sync.Pool's load-acquire of a size followed by a load-consume of the
// array).
//
// Accesses ordered by a lock. From the corpus: a field stored atomically
// under a mutex, read plainly under the same mutex and loaded lock-free
// elsewhere (nats-server's queue weights and message-block sequences) is
// correct: the plain reads only meet writes that hold the lock. So a plain
// access made while a lock may be held is not reported when every
// conflicting atomic access (every atomic write for a plain read, every
// atomic access for a plain write) is also made while an exclusive Lock
// (not RLock) may be held. A lock may be held after a Lock or RLock call
// earlier in the function (Unlock calls are not followed), in a function
// named …Locked, in one whose doc comment says its caller holds a lock
// ("Caller must hold b.mu"), and in one whose every call in the package is
// made while a lock may be held. A plain read under a lock is still
// reported when an atomic write happens without the lock or under a read
// lock (readers run together), as in nats-server's OCSP cache counters,
// added to with atomic.AddInt64 under RLock and read plainly under RLock.
//
// Deliberate exceptions: a plain read in a function that itself writes the
// variable atomically (a single writer reading its own value, the plain
// read that starts a compare-and-swap loop); an access preceded within
// three lines by a comment such as "no need for an atomic read", "no atomic
// needed", "non-atomic", "benign race" or "racy read"; functions documented
// as running alone ("called with the world stopped", "exclusive access",
// "not called concurrently"); fields of a struct type whose values are also
// built as snapshots of atomic loads (T{n: atomic.LoadUint32(&x.n)}), since
// a plain access may be to a snapshot (double-buffered counters as in
// grpc's outlier detection); callbacks and deferred literals, whose
// concurrency is not known; and, for fields and package variables, test
// files, which check state after synchronising in ways not seen here (the
// race detector sees them when the tests run). Generated files are not
// reported.
//
// # Limits
//
// The check is syntactic (go/types object identity over the inspector; it
// does not need SSA or concvet's model): ordering is read from the source
// order inside one function, not from the control-flow graph, so an access
// in a loop before the go statement that shares the variable counts as
// initialisation. Atomics reached through a pointer variable
// (atomic.AddInt64(p, 1)), on slice or array elements, or through helper
// functions taking *int64 are not matched to the variable. Another
// package's plain accesses to an exported variable are not seen. The field
// of one struct value is not told from the same field of another value of
// the same type: the lock, snapshot and single-writer rules exist to keep
// that conflation from producing false reports, at the price of missing
// some real races. Copies of a local struct shared with goroutine literals,
// copies made in other packages, and copies through interfaces (fmt's
// %v of a pointer to a type with a value String method) are not seen.
package atomicmix

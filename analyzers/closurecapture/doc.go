// Package closurecapture defines an Analyzer that reports variables a
// goroutine shares with its spawner by capture and that one side writes
// while the other may use them.
//
// # Analyzer closurecapture
//
// closurecapture: report captured variables written while a goroutine may use them
//
// A func literal captures the variables it uses by reference: a goroutine
// running a literal and the function that started it share those
// variables, and a write on one side while the other side reads or writes
// is a data race. closurecapture reports three shapes.
//
// Loop variables captured in old files. Before Go 1.22 a for or range
// statement declares its variables once for the whole loop: a goroutine,
// or a literal deferred in the loop, that uses one sees whatever value the
// loop holds when it runs (usually the last), and the loop's update races
// with the goroutine's read. Reported in files whose Go version (the
// module's go line, or a //go:build go1.N line) is before 1.22, for any
// use in the literal, not only in its last statement:
//
//	for _, u := range urls {
//		go func() {
//			fetch(u) // reported (Go 1.21 file)
//		}()
//	}
//
// Pass the variable as an argument (the suggested fix), or copy it
// (u := u) in the loop body:
//
//	for _, u := range urls {
//		go func(u string) {
//			fetch(u)
//		}(u)
//	}
//
// One finding covers all the loop variables a literal captures, at the
// first use; the uses of the others are related positions.
//
// The same in parallel subtests: a subtest literal passed to t.Run in the
// loop that calls t.Parallel() on its *testing.T pauses until the test
// function has returned, so it runs after the loop is over. A loop
// variable used after the Parallel call (on every path to the use: in a
// nested block, in a serial subtest it starts, after a label reached only
// through the call) sees the last iteration's value in every subtest:
//
//	for _, tc := range tests {
//		t.Run(tc.name, func(t *testing.T) {
//			t.Parallel()
//			check(t, tc) // reported (Go 1.21 file)
//		})
//	}
//
// Copy it in the loop body before t.Run (tc := tc, the suggested fix when
// the body neither declares tc again nor writes it afterwards); a copy made
// inside the subtest after t.Parallel() is too late and is reported.
//
// Package-level iteration variables, in every Go version. A loop that
// assigns a package variable as its iteration variable (for cur = range
// names, for idx = 0; …; idx++) updates that one variable on every
// iteration, whatever the Go version: goroutines, deferred literals and
// parallel subtests started in the loop that use it are reported as above.
//
// A captured variable written concurrently. A goroutine writes (=, op=,
// ++) a captured variable, without a mutex held, while another access to
// it can run: the goroutine is started in a loop (every instance writes),
// or the spawning function reads or writes the variable after the go
// statement and before waiting for the goroutine (Wait on its WaitGroup,
// errgroup's Wait, a receive of what it sends or closes), or another
// goroutine of the same function uses it at the same time:
//
//	var total int
//	for _, n := range nums {
//		wg.Go(func() {
//			total += n // reported
//		})
//	}
//	wg.Wait()
//
// Guard the variable with a sync.Mutex, use an atomic.Int64, or let each
// goroutine write its own slice element and sum after Wait. When each
// goroutine reads back the value it wrote (err = f(); if err != nil …), a
// mutex or an atomic would silence the race and keep the bug, since
// another goroutine may overwrite the value in between: the message then
// asks to declare the variable inside the goroutine.
//
// A variable the spawner writes while the goroutine reads it. After the go
// statement the spawner assigns a variable the goroutine reads: the
// goroutine sees either value, and the two accesses race. When the write
// stores nil and the goroutine dereferences the variable (wg.Done() on a
// *sync.WaitGroup, a field access, a call), the message says that the
// goroutine may panic (an error return that sets a named result wg to nil
// while a goroutine still calls wg.Done()).
//
//	go func() { log.Print(status) }()
//	status = "done" // reported
//
// Pass the value to the goroutine as an argument, or synchronize.
//
// # What it does not report
//
// Per-iteration loop variables (Go 1.22 and later, or a file whose version
// is not known); serial subtests, uses before t.Parallel() or on a path
// that may skip it, a Parallel call on another *testing.T, a parallel
// subtest nested in a serial one (the serial parent waits for it, within
// the iteration); values passed as arguments; a single writer whose result
// is read after Wait or a receive; writes with a common mutex held (or
// where both sides may hold a lock the check cannot name); variables whose
// address is taken (sync/atomic, pointers: see atomicmix); element writes
// (out[i] = v writes an element, not the variable out); variables only read
// by the goroutines; accesses of the spawner before the go statement; a
// goroutine of a loop whose write runs only where a call's bool result
// allowed it (if tryClaim() {…}, a CompareAndSwap: one winner); a
// goroutine that receives or waits before its access (the spawner may
// order its write with a send); a loop variable whose goroutine or
// deferred call is followed by return, break or panic, or whose goroutine
// is waited for in the same iteration.
//
// Orders it understands: code before the go statement runs before the
// goroutine; Wait, errgroup's Wait, synctest.Wait, a receive from what the
// goroutine sends on or closes (also in a counting loop, from a callback
// the goroutine hands to a helper, or through a helper the spawner hands
// the channel) order the goroutine before what follows; a receive from a
// channel that only callbacks send on (literals handed to other code, such
// as a test server's interceptor) orders what the goroutine did before a
// call the model cannot see (through an interface or a function value:
// an RPC that reaches the server); a call through an interface waits when
// a type of the package implementing it has a method of that name that
// waits (a fake limiter whose Accept waits until Stop); goroutines of one
// loop that take turns through per-instance channels (a token ring) are
// not taken to run in parallel; an Unlock of a mutex the function did not
// lock, a name like startLocked or documentation about holding a lock mean
// the caller holds it.
//
// # Limits
//
// Only the goroutine's literal (and literals it calls) and the spawning
// function's own code are compared; accesses in helper functions, and in
// literals the spawner defers, are not. A struct variable's fields are not
// tracked. For Go-method spawns (errgroup.Go, WaitGroup.Go) no fix is
// offered: the literal takes no arguments. A receive counts as waiting for
// the goroutine even when the goroutine keeps going after its send. In a
// parallel subtest only the literal's own statements are ordered against
// t.Parallel(): a deferred call or a t.Cleanup registered before it (which
// runs after it) is not reported, nor is a subtest function that is not a
// literal.
package closurecapture

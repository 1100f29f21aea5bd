// Package wgadd defines an Analyzer that reports sync.WaitGroup misuse that
// makes Wait return early or never.
//
// # Analyzer wgadd
//
// wgadd: report WaitGroup misuse that makes Wait return early or never
//
// A WaitGroup counts goroutines: Add before starting one, Done when it ends,
// Wait until the count is zero. The count must rise before the goroutine
// starts and must fall on every path out of it. wgadd reports six
// mistakes.
//
// Add inside the goroutine it counts. The spawner may reach Wait before the
// goroutine has run its Add: Wait sees a zero counter and returns while the
// goroutine still runs.
//
//	for _, u := range urls {
//		go func() {
//			wg.Add(1) // reported
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// Call Add before the go statement (the suggested fix moves it when it is
// the literal's first statement), or use wg.Go (Go 1.25):
//
//	for _, u := range urls {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// The Add may also be in a named function or method started with go, in
// this package or, through its exported fact, in another one; then the go
// statement is reported. A literal started by several go statements is
// reported once, at its Add, with every go statement as related
// information.
//
// A goroutine is counted by an Add of the spawner that comes before the go
// statement on every path, unless the goroutines started in between use up
// that Add's count (Add(1), then two go statements: the Add counts the
// first goroutine only):
//
//	wg.Add(1)
//	go func() { defer wg.Done(); a() }()
//	go func() {
//		wg.Add(1) // reported: the Add above counted the first goroutine
//		defer wg.Done()
//		b()
//	}()
//	wg.Wait()
//
// An Add whose argument is not a constant (Add(len(xs))) counts every
// goroutine after it.
//
// Counted twice. An Add inside a goroutine literal that the spawner's Add
// already counts, when the goroutine starts no goroutine of its own for the
// extra count and calls Done fewer times than it is counted: the counter
// never returns to zero, so Wait never returns.
//
//	wg.Add(1)
//	go func() {
//		wg.Add(1) // reported
//		defer wg.Done()
//		work()
//	}()
//	wg.Wait()
//
// Reported only for a local WaitGroup of the spawner that no code this
// check cannot see can reach (nothing else could call Done for the extra
// count), also when the spawner does not wait on it.
//
// Done skipped on some path. A goroutine counted before it starts whose
// function can return (or call runtime.Goexit) without calling Done leaves
// the counter above zero: Wait never returns.
//
//	wg.Add(1)
//	go func() {
//		if err := step(); err != nil {
//			return // reported: skips wg.Done
//		}
//		wg.Done()
//	}()
//
// Defer Done as the goroutine's first statement (the suggested fix):
//
//	wg.Add(1)
//	go func() {
//		defer wg.Done()
//		if err := step(); err != nil {
//			return
//		}
//	}()
//
// The fix is offered only when the goroutine does nothing else another
// goroutine may wait for: when it also sends, receives (other than from a
// context's Done channel), closes or operates on another WaitGroup, the
// return skips that too (a receiver that stops early leaves its senders
// blocked, and a Done alone does not end the hang), and the message says
// so instead.
//
// Wait inside a counted goroutine. A goroutine counted by a WaitGroup that
// calls Wait on it before its own Done waits for itself: Wait never returns.
// Waiting after Done (a barrier) is fine.
//
// Done without Add. A goroutine calls Done on a WaitGroup of its spawner on
// which no Add (or Go) ever happens: the counter goes negative and the
// program panics.
//
// A WaitGroup passed by value. A goroutine calls Done on a sync.WaitGroup
// parameter: the go statement copied the spawner's WaitGroup, and the Done
// decrements the copy. The original, which counted the goroutine, never
// returns to zero, and its Wait blocks forever.
//
//	wg.Add(1)
//	go func(wg sync.WaitGroup) {
//		wg.Done() // reported: the copy's Done never reaches the original
//	}(wg)
//	wg.Wait()
//
// Pass a *sync.WaitGroup (vet's copylocks reports the copy too, without
// saying what it does to Wait).
//
// # What it does not report
//
// wg.Go and errgroup.Group (they count for you); Add before the go
// statement or before the loop; a goroutine already counted by the same
// WaitGroup that calls Add for the children it starts (the counter cannot
// reach zero in between), for work it hands to another goroutine that
// calls Done (a worker the spawner does not count), or with a WaitGroup it
// hands to other code; an Add inside a goroutine whose spawner, before
// calling Wait, receives from a channel the goroutine sends on or closes, or
// waits on another WaitGroup that counts the goroutine; an Add made while a
// mutex may be held (a long-lived server whose Serve adds under its lock
// after checking that Shutdown has not begun, as net/http and grpc do);
// WaitGroups whose Wait is not in the spawning function (struct fields
// waited on by a Close method); a Wait in a goroutine that does not call
// Done on that WaitGroup itself (it waits for the others); Done calls inside
// a loop of the goroutine (the counter counts units of work, or the loop only
// ends through them); Done skipped only by a panic.
//
// The last four rules come from the real-world corpus, where each was a
// false finding of an earlier version; each is a test case.
//
// # Limits
//
// The WaitGroup must be named the same way at the Add and the Wait (one
// variable, parameter or field path): WaitGroups reached through slices,
// maps or interfaces are not followed. Functions of other packages are seen
// only through the facts concvet exports for them.
package wgadd

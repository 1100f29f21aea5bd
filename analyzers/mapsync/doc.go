// Package mapsync defines an Analyzer that reports map writes in goroutines
// that can run at the same time as another access to the same map.
//
// # Analyzer mapsync
//
// mapsync: report concurrent map writes, which crash the program
//
// A Go map is not safe for concurrent use: a write that runs while another
// goroutine reads or writes the same map makes the runtime abort with
// "fatal error: concurrent map writes" (or "concurrent map read and map
// write"), which recover cannot catch. The race detector finds it only on
// the paths a test exercises; mapsync finds it from the code.
//
// It reports a write (m[k] = v, m[k] op= v, m[k]++, delete, clear) made by
// a goroutine, with no common lock held, when another access to the same
// map can run at the same time:
//
// the goroutine is started in a loop, so several instances write; the
// function that starts it reads or writes the map after the go statement,
// before a synchronisation that waits for the goroutine (Wait on a
// WaitGroup the goroutine calls Done on or that started it with Go,
// errgroup's Wait, a receive of a value the goroutine sends, or a receive
// or range that ends at a close it performs); or another goroutine started
// by the same function accesses it and the two can run at the same time.
//
//	counts := make(map[string]int)
//	var wg sync.WaitGroup
//	for _, w := range words {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			counts[w]++ // reported: every goroutine of the loop writes counts
//		}()
//	}
//	wg.Wait()
//
// Guard the map with a mutex (or give each goroutine its own map and merge
// them after Wait; or use sync.Map for keys written once):
//
//	var mu sync.Mutex
//	for _, w := range words {
//		wg.Go(func() {
//			mu.Lock()
//			defer mu.Unlock()
//			counts[w]++
//		})
//	}
//	wg.Wait()
//
// The same holds the other way round: a map the spawning function writes
// after the go statement while the goroutine reads it is reported at the
// spawner's write.
//
// It also infers which mutex guards a map field, without annotations: in a
// struct with a sync.Mutex or sync.RWMutex field, a map field written with
// the mutex held at two or more places, and less often without it, is
// reported where it is written without it, when that write is in code an
// exported function or method, or a goroutine, reaches:
//
//	func (c *Cache) Put(k, v string) {
//		c.mu.Lock()
//		c.m[k] = v
//		c.mu.Unlock()
//	}
//
//	func (c *Cache) Forget(k string) {
//		delete(c.m, k) // reported: c.mu guards c.m elsewhere
//	}
//
// # What it does not report
//
// Writes with a common mutex held (Lock, and for the other access Lock or
// RLock, including through defer mu.Unlock()); sync.Map; maps made in the
// goroutine; a map filled by one goroutine and read after waiting for it; a
// map filled before the goroutines start and only read by them; each
// goroutine writing its own map, merged after Wait; writes inside methods
// or functions the goroutine calls (a method that locks internally is the
// usual case); accesses the spawner makes before the go statement; a
// goroutine of a loop whose write runs only where a call's bool result
// allowed it (if tryClaim() {…}, a CompareAndSwap: one winner); a
// goroutine that receives or waits before its write (it may be ordered by
// the spawner's send); two accesses that may each hold a lock the check
// cannot name (a custom Lock method, a lock taken by a caller).
//
// The guarded-by inference is the one guardedby uses (see there): a write
// counts as guarded when the mutex is held on every path to it, by the
// function or by every caller in the package; objects made in the function
// and not yet handed out, init functions, functions called only on such
// fresh values, callbacks and code that no exported function or goroutine
// reaches are not reported, nor writes where a lock the check cannot name
// may be held (a function whose name or documentation says its caller
// holds the lock: fooLocked, "must hold mu"), or after a receive or Wait,
// and writes under RLock.
//
// Orders it understands: code before the go statement runs before the
// goroutine; Wait, errgroup's Wait, synctest.Wait, a receive from what the
// goroutine sends on or closes (also in a counting loop, or through a
// helper handed the channel) order the goroutine before what follows; a
// goroutine started in a loop whose instances take turns through a
// per-instance channel (a token ring) is not taken to run in parallel with
// itself; an Unlock of a mutex the function did not lock means its caller
// holds it.
//
// # Limits
//
// Only accesses in the goroutine's own function and the literals it calls,
// and in the spawning function's own code, are compared: a map written in
// a helper the goroutine calls is not followed. The map must be named the
// same way on both sides (a variable, parameter, package variable or field
// path, through captures and the go statement's arguments). A goroutine
// spawned from several places, or a function whose calls run concurrently
// (an HTTP handler), is not known to run in several instances. A receive
// counts as waiting for the goroutine even when the goroutine keeps
// writing after its send.
package mapsync

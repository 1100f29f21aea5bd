// Package races holds the "Race Condition Debugging" section of the
// concurrency guide: the two races it names (a shared counter, a map) and
// their fixes, the atomic operations, and a mixed atomic/plain access.
package races

import "time"

func settle() { time.Sleep(10 * time.Millisecond) }

// Package largefunc generates Go source with one very long function full of
// goroutines, channels, locks, WaitGroups and contexts, the shape generated
// parsers, table-driven tests and code generators produce. It measures how
// concvet's run time grows with a function's length (BenchmarkLargeFunc in
// package analyzers; cmd/largefunc writes the module to disk for timing the
// binary).
//
// The function is a sequence of units, each a few lines of a common idiom
// (a WaitGroup fan-out under a mutex, a goroutine answering on a buffered
// channel read with a select on ctx.Done(), a context with its cancel, a
// loop of sends closed after Wait, a captured variable written before Wait,
// a lock held over a branch), cycled so that every kind occurs throughout
// the function. The Shape says how the units are laid out: wrapped by the
// unit's index in conditions and loops (Mixed), all inside one retry loop
// (InLoop), or one after the other (Flat). The units are correct code, a
// check should report nothing on them, unless Options.Bugs adds two units
// with bugs: a goroutine's send stranded by an early return (leaksend) and
// a captured variable written by a goroutine while the spawner reads it
// (closurecapture).
package largefunc

import (
	"bytes"
	"fmt"
	"go/format"
)

// units are the idioms, each a format with %[1]d standing for the unit's
// index (which makes its names unique).
var units = []string{
	// A WaitGroup fan-out writing a map under a mutex.
	`	wg%[1]d := new(sync.WaitGroup)
	for i := 0; i < n; i++ {
		wg%[1]d.Add(1)
		go func() {
			defer wg%[1]d.Done()
			mu.Lock()
			m[i+%[1]d]++
			mu.Unlock()
		}()
	}
	wg%[1]d.Wait()
`,
	// A goroutine answering on a buffered channel, read with a select.
	`	ch%[1]d := make(chan int, 1)
	go func() { ch%[1]d <- work(%[1]d) }()
	select {
	case v := <-ch%[1]d:
		total += v
	case <-ctx.Done():
		return total, ctx.Err()
	}
`,
	// A context with a timeout and its cancel.
	`	ctx%[1]d, cancel%[1]d := context.WithTimeout(ctx, time.Second)
	if err := step(ctx%[1]d, %[1]d); err != nil {
		cancel%[1]d()
		return total, err
	}
	cancel%[1]d()
`,
	// Producers closed after Wait, drained by the spawner.
	`	out%[1]d := make(chan int)
	var pw%[1]d sync.WaitGroup
	for i := range 3 {
		pw%[1]d.Add(1)
		go func() {
			defer pw%[1]d.Done()
			out%[1]d <- i * %[1]d
		}()
	}
	go func() {
		pw%[1]d.Wait()
		close(out%[1]d)
	}()
	for v := range out%[1]d {
		total += v
	}
`,
	// A captured variable written before Wait, read after.
	`	var r%[1]d int
	var cw%[1]d sync.WaitGroup
	cw%[1]d.Add(1)
	go func() {
		defer cw%[1]d.Done()
		r%[1]d = work(%[1]d)
	}()
	cw%[1]d.Wait()
	total += r%[1]d
`,
	// A lock held over a branch, released on every path.
	`	mu.Lock()
	if total%%7 == %[1]d%%7 {
		m[%[1]d] = total
	} else {
		delete(m, %[1]d)
	}
	mu.Unlock()
`,
	// A done channel closed once and a worker that stops on it.
	`	done%[1]d := make(chan struct{})
	res%[1]d := make(chan int, 1)
	go func() {
		for {
			select {
			case <-done%[1]d:
				res%[1]d <- %[1]d
				return
			default:
				if work(%[1]d) > 0 {
					continue
				}
			}
		}
	}()
	close(done%[1]d)
	total += <-res%[1]d
`,
	// A sync.Once and an atomic counter.
	`	var once%[1]d sync.Once
	for i := 0; i < n; i++ {
		once%[1]d.Do(func() { hits.Add(int64(i)) })
	}
`,
}

// bugs are the units Options.Bugs adds.
var bugs = []string{
	// A send stranded when the function returns before receiving.
	`	lk%[1]d := make(chan int)
	go func() { lk%[1]d <- work(%[1]d) }()
	if n < 0 {
		return total, nil
	}
	total += <-lk%[1]d
`,
	// A captured variable written by the goroutine and read meanwhile.
	`	var rc%[1]d int
	var rw%[1]d sync.WaitGroup
	rw%[1]d.Add(1)
	go func() {
		defer rw%[1]d.Done()
		rc%[1]d = work(%[1]d)
	}()
	total += rc%[1]d
	rw%[1]d.Wait()
`,
}

// Shape is how the units are laid out in the function.
type Shape int

const (
	// Mixed wraps every fourth unit in a condition and every ninth in a
	// loop of its own, so that the graph branches and loops throughout.
	Mixed Shape = iota
	// InLoop puts every unit inside one loop (a retry loop around the
	// whole body), so that every block lies on one cycle.
	InLoop
	// Flat lays the units one after the other.
	Flat
)

// Options are the variations of Generate.
type Options struct {
	Shape Shape
	Bugs  bool // add the two units with bugs to the cycle
}

// Generate returns the source of package name with one function, Big, of
// about lines lines (at least one unit).
func Generate(name string, lines int, opts Options) []byte {
	kinds := units
	if opts.Bugs {
		kinds = append(append([]string(nil), units...), bugs...)
	}
	var body bytes.Buffer
	nl := 0
	for i := 0; nl < lines || i == 0; i++ {
		u := fmt.Sprintf(kinds[i%len(kinds)], i)
		if opts.Shape == Mixed {
			switch {
			case i%9 == 8:
				u = fmt.Sprintf("\tfor k%d := 0; k%d < 2; k%d++ {\n%s\t}\n", i, i, i, u)
			case i%4 == 3:
				u = fmt.Sprintf("\tif n > %d {\n%s\t}\n", i%5, u)
			}
		}
		body.WriteString(u)
		nl += bytes.Count([]byte(u), []byte("\n"))
	}
	text := body.String()
	if opts.Shape == InLoop {
		text = "\tfor attempt := 0; attempt < n; attempt++ {\n" + text + "\t}\n"
	}
	var src bytes.Buffer
	fmt.Fprintf(&src, `// Written by internal/largefunc to measure concvet; deliberately without a
// generated-code header, which would make the checks skip the file.

package %s

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

var hits atomic.Int64

func work(i int) int { return i %% 3 }

func step(ctx context.Context, i int) error { return ctx.Err() }

// Big is one long function made of the idioms of internal/largefunc.
func Big(ctx context.Context, n int) (int, error) {
	var mu sync.Mutex
	m := map[int]int{}
	total := 0
%s	return total + len(m), nil
}
`, name, text)
	out, err := format.Source(src.Bytes())
	if err != nil {
		panic(fmt.Sprintf("largefunc: generated source does not parse: %v", err))
	}
	return out
}

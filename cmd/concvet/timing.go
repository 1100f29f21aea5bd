package main

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/tools/go/analysis"
)

// timeRuns, for development, appends to the file named by
// CONCVET_TIMING one line per analyzer run: the unit's kind (F for a
// facts-only run of a dependency, R for a package vetted), the analyzer,
// the package and the run's own time in microseconds (what it requires
// is timed on its own line). Each line is one write to a file opened for
// appending, so go vet's parallel units do not interleave them.
func timeRuns(suite []*analysis.Analyzer, factsOnly bool) {
	name := os.Getenv("CONCVET_TIMING")
	if name == "" {
		return
	}
	kind := "R"
	if factsOnly {
		kind = "F"
	}
	seen := map[*analysis.Analyzer]bool{}
	var wrap func(a *analysis.Analyzer)
	wrap = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			wrap(r)
		}
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			start := time.Now()
			res, err := run(pass)
			line := fmt.Sprintf("%s\t%s\t%s\t%d\n", kind, a.Name, pass.Pkg.Path(), time.Since(start).Microseconds())
			if f, ferr := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666); ferr == nil {
				f.WriteString(line)
				f.Close()
			}
			return res, err
		}
	}
	for _, a := range suite {
		wrap(a)
	}
}

package main

import (
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/timing"
)

// timeRuns, for development, records every analyzer run with
// internal/timing when CONCVET_TIMING is set: kind F for a facts-only run
// of a dependency, R for a package vetted. A run's time is its own (what
// it requires is timed on its own line), waits on shared model queries
// included.
func timeRuns(suite []*analysis.Analyzer, factsOnly bool) {
	if !timing.Enabled() {
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
			timing.Record(kind, a.Name, pass.Pkg.Path(), start)
			return res, err
		}
	}
	for _, a := range suite {
		wrap(a)
	}
}

package main

import (
	"fmt"
	"go/types"
	"os"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/timing"
)

// timeRuns, for development, records every analyzer run with
// internal/timing when CONCVET_TIMING is set: kind F for a facts-only run
// of a dependency, R for a package vetted. A run's time is its own (what
// it requires is timed on its own line), waits on shared model queries
// included. When CONCVET_FACTS_DUMP names a file, it also appends there
// every fact exported, one line each (package, object, fact), so that two
// builds' facts can be compared over the corpus.
func timeRuns(suite []*analysis.Analyzer, factsOnly bool) {
	dump := os.Getenv("CONCVET_FACTS_DUMP")
	if !timing.Enabled() && dump == "" {
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
			if dump != "" {
				dumpFacts(pass, dump)
			}
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

// dumpFacts makes pass's exports also append a line to the file name.
func dumpFacts(pass *analysis.Pass, name string) {
	write := func(obj string, f analysis.Fact) {
		line := fmt.Sprintf("%s\t%s\t%s\t%T %+v\n", pass.Pkg.Path(), pass.Analyzer.Name, obj, f, f)
		if out, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666); err == nil {
			out.WriteString(line)
			out.Close()
		}
	}
	exportObj, exportPkg := pass.ExportObjectFact, pass.ExportPackageFact
	pass.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
		exportObj(obj, f)
		write(obj.String(), f)
	}
	pass.ExportPackageFact = func(f analysis.Fact) {
		exportPkg(f)
		write("package", f)
	}
}

package analyzers_test

import (
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/suite/vet"
	"golang.org/x/tools/go/packages"

	"github.com/concvet/concvet/analyzers"
)

// benchPackages is the fixed set of standard-library packages both
// benchmarks analyse (with all their dependencies, as the analyzers that use
// facts run on those too). Changing it changes every recorded number.
var benchPackages = []string{
	"net/http",
	"encoding/json",
	"go/types",
	"runtime",
	"sync",
	"context",
	"os/exec",
}

// loadBench loads benchPackages from source once per test binary, so that
// BenchmarkSuite and BenchmarkVet analyse the very same *packages.Package
// values and only analysis is timed.
var loadBench = sync.OnceValues(func() ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: false}
	pkgs, err := packages.Load(cfg, benchPackages...)
	if err != nil {
		return nil, err
	}
	var errs []packages.Error
	packages.Visit(pkgs, nil, func(p *packages.Package) { errs = append(errs, p.Errors...) })
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return pkgs, nil
})

// BenchmarkSuite times analyzers.Suite over benchPackages; BenchmarkVet
// times go vet's own suite over the same packages in the same run. Their
// ns/op ratio is the "speed" figure of the README:
//
//	go test -run='^$' -bench=. -benchtime=3x ./analyzers/
func BenchmarkSuite(b *testing.B) { benchmarkAnalyze(b, analyzers.Suite) }

// BenchmarkVet is go vet's analyzer suite (golang.org/x/tools/go/analysis/suite/vet)
// over benchPackages, the baseline for BenchmarkSuite.
func BenchmarkVet(b *testing.B) { benchmarkAnalyze(b, vet.Suite) }

func benchmarkAnalyze(b *testing.B, suite []*analysis.Analyzer) {
	pkgs, err := loadBench()
	if err != nil {
		b.Fatalf("loading %v: %v", benchPackages, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		graph, err := checker.Analyze(suite, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, act := range graph.Roots {
			if act.Err != nil {
				b.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			}
		}
	}
}

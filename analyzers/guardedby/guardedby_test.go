package guardedby_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/guardedby"
	"github.com/concvet/concvet/internal/model"
)

func TestGuardedby(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer, "a", "lib", "user", "private")
}

// In go vet's facts-only run of a dependency the check skips packages
// that cannot export a fact: lib, whose Stats has an exported mutex,
// still exports the same facts (its want comments), and private, whose
// mutex no importer can lock, is skipped: its finding is not made.
func TestFactsOnly(t *testing.T) {
	model.FactsOnly = true
	defer func() { model.FactsOnly = false }()
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer, "lib")
	results := analysistest.Run(&quiet{t}, analysistest.TestData(), guardedby.Analyzer, "private")
	if len(results) != 1 || results[0].Err != nil {
		t.Fatalf("facts-only run of private: %d results, want 1 without error (%v)", len(results), results)
	}
	for _, r := range results {
		if len(r.Facts) != 0 {
			t.Errorf("facts-only run of private: %d facts, want none", len(r.Facts))
		}
		if len(r.Diagnostics) != 0 {
			t.Errorf("facts-only run of private: %d diagnostics: the check did the work its diagnostics need", len(r.Diagnostics))
		}
	}
}

// quiet is a testing.T for analysistest.Run whose unmatched want
// comments are expected (private's finding is skipped on purpose).
type quiet struct{ *testing.T }

func (q *quiet) Errorf(string, ...any) {}

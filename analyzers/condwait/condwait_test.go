package condwait_test

import (
	"fmt"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/condwait"
	"github.com/concvet/concvet/internal/model"
)

func TestCondwait(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), condwait.Analyzer, "a", "permanent", "condlib", "condmid", "condcross")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), condwait.Analyzer, "fixfor")
}

// TestFactsOnly checks that go vet's facts-only run of a dependency, in
// which the model builds only the functions a fact can come from,
// exports the same WaitsUnheld facts as a full run: condmid's Hold gets
// its fact only from a call of condlib's helper.
func TestFactsOnly(t *testing.T) {
	facts := func(factsOnly bool) []string {
		model.FactsOnly = factsOnly
		defer func() { model.FactsOnly = false }()
		var out []string
		for _, r := range analysistest.Run(&quiet{t}, analysistest.TestData(), condwait.Analyzer, "condlib", "condmid") {
			for obj, fs := range r.Facts {
				for _, f := range fs {
					out = append(out, fmt.Sprintf("%v: %v", obj, f))
				}
			}
		}
		slices.Sort(out)
		return out
	}
	full, only := facts(false), facts(true)
	if !slices.Equal(full, only) {
		t.Errorf("facts-only run exports\n\t%v\nfull run\n\t%v", only, full)
	}
	if len(full) < 4 {
		t.Errorf("full run exports %v, want at least 4 facts", full)
	}
}

// quiet is a testing.T for analysistest.Run that drops its errors: a
// facts-only run reports nothing, so the // want comments fail. A package
// that did not load exports no fact, which the count above catches.
type quiet struct{ t *testing.T }

func (q *quiet) Errorf(format string, args ...any) {}

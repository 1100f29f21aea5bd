package closurecapture_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/closurecapture"
)

func TestClosurecapture(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), closurecapture.Analyzer, "a", "old", "subtests", "order")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), closurecapture.Analyzer, "fix", "fixsubtest")
}

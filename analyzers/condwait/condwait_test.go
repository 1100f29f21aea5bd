package condwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/condwait"
)

func TestCondwait(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), condwait.Analyzer, "a", "permanent")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), condwait.Analyzer, "fixfor")
}

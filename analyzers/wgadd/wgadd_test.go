package wgadd_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/wgadd"
)

func TestWgadd(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgadd.Analyzer, "a")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), wgadd.Analyzer, "fixadd", "fixdone")
}

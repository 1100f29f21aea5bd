package leaksend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/leaksend"
)

func TestLeaksend(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leaksend.Analyzer, "a", "mainpkg", "b")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), leaksend.Analyzer, "fixone", "fixrange", "fixloop")
}

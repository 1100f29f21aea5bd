package ctxcancel_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/ctxcancel"
)

func TestCtxcancel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxcancel.Analyzer, "a", "ctxlib", "uselib", "odd", "cmdmain")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), ctxcancel.Analyzer, "fixdefer", "fixname")
}

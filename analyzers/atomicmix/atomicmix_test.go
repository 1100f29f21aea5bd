package atomicmix_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/atomicmix"
)

func TestAtomicmix(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomicmix.Analyzer, "a", "mainpkg", "example", "selfassign")
}

// A module for Go 1.18 has no atomic types: the advice changes.
func TestOldModule(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "oldmod"), atomicmix.Analyzer, "./...")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomicmix.Analyzer, "fix", "fixselfassign")
}

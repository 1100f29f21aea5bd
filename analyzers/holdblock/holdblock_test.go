package holdblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/holdblock"
)

func TestHoldblock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), holdblock.Analyzer, "a", "hub")
}

package loopctx_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/loopctx"
)

func TestLoopctx(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), loopctx.Analyzer, "a", "daemon", "leaktest")
}

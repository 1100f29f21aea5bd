package guardedby_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/guardedby"
)

func TestGuardedby(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), guardedby.Analyzer, "a", "lib", "user")
}

package chanclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/chanclose"
)

func TestChanclose(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanclose.Analyzer, "a", "scan")
}

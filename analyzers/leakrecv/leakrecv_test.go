package leakrecv_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/leakrecv"
)

func TestLeakrecv(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leakrecv.Analyzer, "a", "mainpkg", "scan")
}

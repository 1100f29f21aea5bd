package mapsync_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/mapsync"
)

func TestMapsync(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mapsync.Analyzer, "a")
}

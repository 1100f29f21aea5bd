package engine_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// TestProbe runs the stuck reporter over another testdata tree
// (CONCVET_PROBE=dir:pkg), for development.
func TestProbe(t *testing.T) {
	spec := os.Getenv("CONCVET_PROBE")
	if spec == "" {
		t.Skip("CONCVET_PROBE not set")
	}
	var dir, pkg string
	for i := range spec {
		if spec[i] == ':' {
			dir, pkg = spec[:i], spec[i+1:]
		}
	}
	analysistest.Run(t, dir, stuckReporter, pkg)
}

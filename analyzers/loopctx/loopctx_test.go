package loopctx_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/loopctx"
)

func TestLoopctx(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), loopctx.Analyzer, "a", "daemon", "leaktest")
}

// TestDaemons runs with -loopctx.daemons: library daemons are reported.
func TestDaemons(t *testing.T) {
	if err := loopctx.Analyzer.Flags.Set("daemons", "true"); err != nil {
		t.Fatal(err)
	}
	defer loopctx.Analyzer.Flags.Set("daemons", "false")
	analysistest.Run(t, analysistest.TestData(), loopctx.Analyzer, "daemonlib")
}

// TestDaemonsOff: without the flag the library daemon is silent.
func TestDaemonsOff(t *testing.T) {
	var found bool
	results := analysistest.Run(&quietT{t}, analysistest.TestData(), loopctx.Analyzer, "daemonlib")
	for _, r := range results {
		found = found || len(r.Diagnostics) > 0
	}
	if found {
		t.Error("a library daemon was reported without -loopctx.daemons")
	}
}

// quietT ignores the // want comments analysistest would miss.
type quietT struct{ *testing.T }

func (quietT) Errorf(string, ...any) {}

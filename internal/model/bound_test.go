package model

import (
	"bytes"
	"flag"
	"log"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestGaveUp checks the bound's two halves with a bound of one: every
// function with an operation is over it, and under -v only the first
// says so, once for the check.
func TestGaveUp(t *testing.T) {
	var over []string
	probe := &analysis.Analyzer{
		Name:     "boundprobe",
		Doc:      "report functions over a bound of one",
		Requires: []*analysis.Analyzer{Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			m := pass.ResultOf[Analyzer].(*Model)
			for _, f := range m.Funcs {
				if m.oversized(pass, "boundprobe", f.Fn, 1) {
					over = append(over, f.Fn.Name())
				}
				if m.Oversized(pass, "boundprobe", f.Fn) {
					t.Errorf("%s is over the real bound", f.Fn)
				}
			}
			return nil, nil
		},
	}
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(flag.CommandLine.Output())
	run := func() {
		over = nil
		analysistest.Run(unexpectedOnly{t}, analysistest.TestData(), probe, "basic")
	}
	run()
	if len(over) < 2 {
		t.Fatalf("want several functions over a bound of one, got %v", over)
	}
	if buf.Len() != 0 {
		t.Errorf("without -v, want nothing logged, got %q", buf.String())
	}
	v := flag.CommandLine.Lookup("v")
	if v == nil {
		flag.Bool("v", false, "verbose, as the multichecker defines it")
		v = flag.CommandLine.Lookup("v")
	}
	v.Value.Set("true")
	defer v.Value.Set("false")
	gaveUp.Delete("boundprobe")
	run()
	run() // a second package run: still said once
	if n := strings.Count(buf.String(), "\n"); n != 1 || !strings.Contains(buf.String(), "boundprobe: gave up on ") || !strings.Contains(buf.String(), "exceed the bound") {
		t.Errorf("under -v, want one line for the check, got %q", buf.String())
	}
}

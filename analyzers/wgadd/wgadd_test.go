package wgadd_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/wgadd"
)

func TestWgadd(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgadd.Analyzer, "a")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), wgadd.Analyzer, "fixadd", "fixdone")
}

// TestOneFindingPerLiteral checks that the producer literal of a/bad.go,
// started by three go statements (nats-server's
// jetstream_cluster_4_test.go:1056), is one finding whose related
// positions name every go statement.
func TestOneFindingPerLiteral(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), wgadd.Analyzer, "a")
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	r := results[0]
	want := map[int]bool{} // lines of go producer(...)
	var addLine int
	for _, f := range r.Pass.Files {
		tf := r.Pass.Fset.File(f.Pos())
		if filepath.Base(tf.Name()) != "bad.go" {
			continue
		}
		src, err := os.ReadFile(tf.Name())
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for i, l := range lines {
			if strings.Contains(l, "go producer(") {
				want[i+1] = true
			}
			if strings.Contains(l, "producer := func(name string) {") {
				addLine = i + 2
			}
		}
	}
	if len(want) != 3 || addLine == 0 {
		t.Fatalf("a/bad.go: found %d go producer statements and Add line %d", len(want), addLine)
	}
	n := 0
	for _, d := range r.Diagnostics {
		if r.Pass.Fset.Position(d.Pos).Line != addLine {
			continue
		}
		n++
		got := map[int]bool{}
		for _, rel := range d.Related {
			if rel.Message == "the go statement" {
				got[r.Pass.Fset.Position(rel.Pos).Line] = true
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("related go statements at lines %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
	if n != 1 {
		t.Errorf("%d findings at line %d, want 1", n, addLine)
	}
}

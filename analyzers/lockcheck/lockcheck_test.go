package lockcheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/lockcheck"
)

func TestLockcheck(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockcheck.Analyzer, "a", "rtest", "readonly")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), lockcheck.Analyzer, "fixdefer", "fixmismatch")
}

// TestOneFindingPerHeldLock checks that the two calls of Step made under
// one held b.lock in a/bad.go's Backoff (apimachinery's wait/backoff.go:313
// and :315) are one finding, at the first, with the second as a related
// position.
func TestOneFindingPerHeldLock(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockcheck.Analyzer, "a")
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	r := results[0]
	var first, second int // lines of the two Step calls
	for _, f := range r.Pass.Files {
		tf := r.Pass.Fset.File(f.Pos())
		if filepath.Base(tf.Name()) != "bad.go" {
			continue
		}
		src, err := os.ReadFile(tf.Name())
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(src), "\n") {
			switch {
			case strings.Contains(l, "d := b.Step()"):
				first = i + 1
			case strings.Contains(l, "*b.timer = b.Step()"):
				second = i + 1
			}
		}
	}
	if first == 0 || second == 0 {
		t.Fatalf("a/bad.go: Step calls at lines %d and %d", first, second)
	}
	var n int
	for _, d := range r.Diagnostics {
		switch r.Pass.Fset.Position(d.Pos).Line {
		case second:
			t.Errorf("a second finding at line %d: %s", second, d.Message)
		case first:
			n++
			var again []int
			for _, rel := range d.Related {
				if rel.Message == "and called here" {
					again = append(again, r.Pass.Fset.Position(rel.Pos).Line)
				}
			}
			if len(again) != 1 || again[0] != second {
				t.Errorf("related calls at lines %v, want [%d]", again, second)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d findings at line %d, want 1", n, first)
	}
}

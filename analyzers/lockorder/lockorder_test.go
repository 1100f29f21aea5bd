package lockorder_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers/lockorder"
)

func TestLockorder(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a", "lib", "user")
}

// TestRelated checks the other half of a finding through calls: where the
// first mutex was locked, the call down to the second Lock, and the other
// side's Lock and call.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.Contains(d.Message, "Log.mu is locked while holding Bank.mu") {
				continue
			}
			for _, rel := range d.Related {
				p := r.Pass.Fset.Position(rel.Pos)
				got = append(got, filepath.Base(p.Filename)+":"+strconv.Itoa(p.Line)+": "+rel.Message)
			}
		}
	}
	want := []string{
		"a.go:42: Bank.mu is locked here",
		"a.go:45: calls (*Log).append, which locks Log.mu",
		"a.go:49: Log.mu is locked here",
		"a.go:55: Flush locks Log.mu here",
		"a.go:57: then calls (*Bank).audit, which locks Bank.mu",
		"a.go:61: Bank.mu is locked here",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("related positions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

package checkdoc

import (
	"strings"
	"testing"
)

func TestMustExtract(t *testing.T) {
	src := "// Package x defines x.\n//\n// # Analyzer x\n//\n// x: find the bug\n//\n// The bug is bad.\n//\n//\tcode()\npackage x\n"
	got := MustExtract(src, "x")
	want := "find the bug\n\nThe bug is bad.\n\n\tcode()"
	if got != want {
		t.Errorf("MustExtract = %q, want %q", got, want)
	}
}

func TestMustExtractMissing(t *testing.T) {
	for _, src := range []string{
		"package x\n",
		"// Package x.\npackage x\n",
		"// Package x.\n//\n// # Analyzer x\n//\n// no summary prefix\npackage x\n",
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "checkdoc: x:") {
					t.Errorf("MustExtract(%q) did not panic with a checkdoc error: %v", src, r)
				}
			}()
			MustExtract(src, "x")
		}()
	}
}

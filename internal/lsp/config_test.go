package lsp

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func fakeSuite() ([]*analysis.Analyzer, *int, *string) {
	a := &analysis.Analyzer{Name: "alpha", Doc: "alpha"}
	depth := a.Flags.Int("maxDepth", 3, "depth")
	b := &analysis.Analyzer{Name: "beta", Doc: "beta"}
	names := b.Flags.String("names", "", "names")
	c := &analysis.Analyzer{Name: "ignore", Doc: "ignore"}
	return []*analysis.Analyzer{a, b, c}, depth, names
}

func TestConfig(t *testing.T) {
	suite, depth, names := fakeSuite()
	for _, tc := range []struct {
		settings string
		checks   string // names of the checks to run
		depth    int
		names    string
		problems []string // substrings, one per problem
	}{
		{settings: ``, checks: "alpha beta ignore", depth: 3},
		{settings: `null`, checks: "alpha beta ignore", depth: 3},
		{settings: `{"disable": ["ignore"]}`, checks: "alpha beta", depth: 3},
		{settings: `{"enable": {}, "disable": null}`, checks: "alpha beta ignore", depth: 3},
		{settings: `{"enable": ["beta", "ignore"], "disable": ["ignore"]}`, checks: "beta", depth: 3},
		// The same block as the golangci-lint plugin's, or under "concvet".
		{settings: `{"concvet": {"alpha": {"maxdepth": 5}, "beta": {"names": ["x", "y"]}}}`, checks: "alpha beta ignore", depth: 5, names: "x,y"},
		// The next configuration resets what it does not name.
		{settings: `{"alpha": {"maxDepth": "7"}}`, checks: "alpha beta ignore", depth: 7},
		{settings: `{}`, checks: "alpha beta ignore", depth: 3},
		{
			settings: `{"enable": ["gamma"], "delta": {}, "alpha": {"maxDepth": "deep", "nope": 1}, "beta": [1]}`,
			checks:   "alpha beta ignore", depth: 3,
			problems: []string{`enable: unknown check "gamma"`, `alpha.maxDepth: parse error`, `alpha: unknown option "nope"`, `beta: want a map of options`, `unknown setting "delta"`},
		},
	} {
		cfg, err := parseConfig(json.RawMessage(tc.settings))
		if err != nil {
			t.Fatalf("%s: %v", tc.settings, err)
		}
		checks, problems := cfg.apply(suite)
		var got []string
		for _, a := range checks {
			got = append(got, a.Name)
		}
		if strings.Join(got, " ") != tc.checks || *depth != tc.depth || *names != tc.names {
			t.Errorf("%s: checks %v, maxDepth %d, names %q; want %s, %d, %q", tc.settings, got, *depth, *names, tc.checks, tc.depth, tc.names)
		}
		if len(problems) != len(tc.problems) {
			t.Errorf("%s: problems %q, want %q", tc.settings, problems, tc.problems)
			continue
		}
		for _, want := range tc.problems {
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, want) }) {
				t.Errorf("%s: problems %q lack %q", tc.settings, problems, want)
			}
		}
	}
	if _, err := parseConfig(json.RawMessage(`[1]`)); err == nil {
		t.Error("parseConfig([1]) succeeded")
	}
}

func TestMapper(t *testing.T) {
	text := "ab\n\tx := \"é😀\"; y\n\nlast"
	m := newMapper([]byte(text))
	for _, tc := range []struct {
		offset int
		pos    Position
	}{
		{0, Position{0, 0}},
		{2, Position{0, 2}}, // at the newline
		{3, Position{1, 0}},
		{strings.Index(text, "é"), Position{1, 7}},
		{strings.Index(text, "😀"), Position{1, 8}},        // é is one unit
		{strings.Index(text, "; y"), Position{1, 11}},     // 😀 is two
		{strings.Index(text, "\n\n") + 1, Position{2, 0}}, // empty line
		{len(text), Position{3, 4}},
	} {
		if got := m.position(tc.offset); got != tc.pos {
			t.Errorf("position(%d) = %v, want %v", tc.offset, got, tc.pos)
		}
		if got := m.offset(tc.pos); got != tc.offset {
			t.Errorf("offset(%v) = %d, want %d", tc.pos, got, tc.offset)
		}
	}
	// Past the end of a line: its end; past the last line: the end.
	if got := m.offset(Position{0, 99}); got != 2 {
		t.Errorf("offset past the line's end = %d, want 2", got)
	}
	if got := m.offset(Position{9, 0}); got != len(text) {
		t.Errorf("offset past the last line = %d, want %d", got, len(text))
	}
}

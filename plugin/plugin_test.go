package plugin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/analyzers"
	"github.com/concvet/concvet/internal/suppress"
	"github.com/concvet/concvet/plugin"
)

// build is what golangci-lint does with a module plugin: look it up by name,
// construct it with the linter's settings, build its analyzers.
func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatalf("GetPlugin(%q): %v", plugin.Name, err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func suiteNames(except ...string) []string {
	var out []string
	for _, a := range analyzers.Suite {
		if !slices.Contains(except, a.Name) {
			out = append(out, a.Name)
		}
	}
	return out
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // analyzer names, in Suite order
		err      string   // substring of the error, if any
	}{
		{name: "none", settings: nil, want: suiteNames()},
		{name: "empty", settings: map[string]any{}, want: suiteNames()},
		{name: "disable", settings: map[string]any{"disable": []any{"wgadd"}}, want: suiteNames("wgadd")},
		{name: "enable", settings: map[string]any{"enable": []any{"wgadd"}}, want: []string{"wgadd"}},
		{name: "enable and disable", settings: map[string]any{"enable": []any{"wgadd", "ignore"}, "disable": []any{"ignore"}}, err: "both enabled and disabled"},
		{name: "disable all", settings: map[string]any{"disable": toAny(suiteNames())}, err: "disable every check"},
		{name: "options of a check without options", settings: map[string]any{"wgadd": map[string]any{}}, want: suiteNames()},
		{name: "unknown key", settings: map[string]any{"wgadd-x": true}, err: `unknown setting "wgadd-x"`},
		{name: "unknown check", settings: map[string]any{"disable": []any{"wgad"}}, err: `disable: unknown check "wgad": checks are `},
		{name: "unknown enabled check", settings: map[string]any{"enable": []any{"nosuch"}}, err: `enable: unknown check "nosuch"`},
		{name: "list expected", settings: map[string]any{"disable": "wgadd"}, err: "disable: want a list of check names"},
		{name: "unknown option", settings: map[string]any{"wgadd": map[string]any{"strict": true}}, err: `wgadd: unknown option "strict"`},
		{name: "options must be a map", settings: map[string]any{"wgadd": true}, err: "wgadd: want a map of options"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as, err := build(t, tc.settings)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				if !strings.HasPrefix(err.Error(), "concvet: ") {
					t.Errorf("error %q does not name the plugin", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(as); !slices.Equal(got, tc.want) {
				t.Errorf("analyzers = %v, want %v", got, tc.want)
			}
			// Copies of the Suite's analyzers, requiring each other's
			// copies, never the originals.
			for _, a := range as {
				if slices.Contains(analyzers.Suite, a) {
					t.Errorf("analyzer %s is the Suite's, not a copy", a.Name)
				}
				for _, r := range a.Requires {
					if slices.Contains(analyzers.Suite, r) {
						t.Errorf("analyzer %s requires the Suite's %s, not its copy", a.Name, r.Name)
					}
				}
			}
		})
	}
}

func toAny(ss []string) []any {
	var out []any
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

// TestRun runs the plugin's analyzers as golangci-lint does (it reports
// the diagnostics of the analyzers the plugin returns, each run as a root),
// with the default settings and with wgadd disabled: a real wgadd finding
// with its fix, a finding silenced by //concvet:ignore, and a directive that
// silences nothing, reported by ignore. Messages have no "wgadd: " (which
// golangci-lint adds) and carry the related positions.
func TestRun(t *testing.T) {
	as, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), find(t, as, "wgadd"), "wgadd")
	analysistest.Run(t, analysistest.TestData(), find(t, as, "ignore"), "ignore")

	// With wgadd disabled, ignore still requires it, so directives for
	// wgadd are still judged by its findings; wgadd reports nothing.
	as, err = build(t, map[string]any{"disable": []any{"wgadd"}})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names(as), "wgadd") {
		t.Fatalf("wgadd disabled but built: %v", names(as))
	}
	analysistest.Run(t, analysistest.TestData(), find(t, as, "ignore"), "ignore")
}

func find(t *testing.T, as []*analysis.Analyzer, name string) *analysis.Analyzer {
	t.Helper()
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no analyzer %s among %v", name, names(as))
	return nil
}

// A check with flags, standing in for future checks: options map onto
// flags without changes to the plugin.
var (
	flagged  = &analysis.Analyzer{Name: "flagged", Doc: "a check with flags", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	depth    = flagged.Flags.Int("maxDepth", 3, "an int flag")
	strict   = flagged.Flags.Bool("strict", false, "a bool flag")
	funcs    = flagged.Flags.String("funcs", "a,b", "a list flag")
	ratio    = flagged.Flags.Float64("ratio", 0.5, "a float flag")
	flagSuit = suppress.Wrap(flagged)
)

func TestOptions(t *testing.T) {
	newFlagged := func(settings any) error {
		p, err := plugin.NewForSuite(flagSuit, settings)
		if err == nil {
			_, err = p.BuildAnalyzers()
		}
		return err
	}
	check := func(wantDepth int, wantStrict bool, wantFuncs string, wantRatio float64) {
		t.Helper()
		if *depth != wantDepth || *strict != wantStrict || *funcs != wantFuncs || *ratio != wantRatio {
			t.Errorf("flags = %d %v %q %v, want %d %v %q %v", *depth, *strict, *funcs, *ratio, wantDepth, wantStrict, wantFuncs, wantRatio)
		}
	}

	// As golangci-lint passes them (YAML through viper: keys lower-cased,
	// numbers as int or float64, lists as []any).
	err := newFlagged(map[string]any{"flagged": map[string]any{"maxdepth": 7, "strict": true, "funcs": []any{"x", "y"}, "ratio": 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	check(7, true, "x,y", 0.25)
	if got := flagSuit[0].Flags.Lookup("maxDepth").Value.String(); got != "7" {
		t.Errorf("-flagged.maxDepth = %s, want 7", got)
	}

	// A bad value is an error and leaves the flags as they were.
	err = newFlagged(map[string]any{"flagged": map[string]any{"maxdepth": "deep", "strict": false}})
	if err == nil || !strings.Contains(err.Error(), `flagged.maxDepth: invalid value "deep"`) {
		t.Errorf("error = %v, want an invalid value for flagged.maxDepth", err)
	}
	check(7, true, "x,y", 0.25)

	err = newFlagged(map[string]any{"flagged": map[string]any{"depth": 1}})
	if err == nil || !strings.Contains(err.Error(), `unknown option "depth": options of flagged are funcs, maxDepth, ratio, strict`) {
		t.Errorf("error = %v, want unknown option depth", err)
	}
	err = newFlagged(map[string]any{"flagged": map[string]any{"funcs": map[string]any{"a": 1}}})
	if err == nil || !strings.Contains(err.Error(), "want a string, number, boolean or a list of them") {
		t.Errorf("error = %v, want a type error", err)
	}

	// A new instance sets the options it does not name back to their
	// defaults: flags are process-wide, the last instance decides.
	if err := newFlagged(map[string]any{"flagged": map[string]any{"strict": true}}); err != nil {
		t.Fatal(err)
	}
	check(3, true, "a,b", 0.5)
	if err := newFlagged(nil); err != nil {
		t.Fatal(err)
	}
	check(3, false, "a,b", 0.5)

	// Options of a disabled check are still checked and set.
	if err := newFlagged(map[string]any{"disable": []any{"flagged"}, "flagged": map[string]any{"maxdepth": 4}}); err != nil {
		t.Fatal(err)
	}
	check(4, false, "a,b", 0.5)
	_ = newFlagged(nil)
}

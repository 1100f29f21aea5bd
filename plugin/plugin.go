// Package plugin registers concvet as a golangci-lint v2 module plugin named
// concvet (github.com/golangci/plugin-module-register). Blank-import it from a
// custom golangci-lint build (golangci-lint custom with a .custom-gcl.yml, see
// the README) and enable the linter concvet in .golangci.yml.
//
// # Settings
//
// Under linters.settings.custom.concvet.settings:
//
//	enable: [wgadd]          # run only these checks (default or []: every check)
//	disable: [ignore]        # do not run these checks
//	wgadd:                   # options of one check: its analyzer flags
//	  someflag: value        # as -wgadd.someflag=value on the command line
//
// Check names are those of analyzers.Suite, including ignore, which reports
// //concvet:ignore directives that silence nothing. A check's options are
// exactly the flags its analyzer defines (concvet -flags lists them), so an
// option added to a check works here without changes to this package. An
// unknown setting, check or option is an error, and golangci-lint stops.
// With no settings the plugin runs what concvet ./... runs.
//
// # What golangci-lint shows
//
// golangci-lint prints each finding as "<analyzer>: <message> (concvet)" and
// turns each related position of a finding into a finding of its own
// ("wgadd(related information): the Wait"), which //nolint on the finding's
// line does not silence and --fix does not remove. So the plugin gives
// golangci-lint copies of the Suite's analyzers that report the message
// without the "<check>: " that suppress.Wrap adds for the other drivers (no
// "wgadd: wgadd: ..."), and with the related positions folded into the
// message ("... [the go statement: line 13; the Wait: line 19]") instead of
// attached. The copies are made per plugin instance; the ignore analyzer's
// copy requires the checks' copies and reads their results as the
// originals'.
//
// # Analyzer flags are process-wide
//
// golangci-lint ignores Analyzer.Flags and runs the analyzers in its own
// process, so the plugin sets each option on the check's FlagSet. A check's
// flags are bound to its package's variables, which its Run reads, so a
// copy of the analyzer cannot have options of its own, and an option holds
// for the whole process: the plugin instance constructed or built last
// decides (options it does not name go back to their defaults).
// golangci-lint builds one instance per process, so this is only visible to
// code that builds several with different settings.
package plugin

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/concvet/concvet/internal/driver"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/analyzers"
)

// Name is the plugin's name: the key under linters.settings.custom in
// .golangci.yml, the linter golangci-lint reports findings under, and the
// name //nolint:concvet takes.
const Name = "concvet"

func init() {
	register.Plugin(Name, New)
}

// New is the plugin's constructor, called by golangci-lint with the linter's
// settings. It checks them against analyzers.Suite.
func New(settings any) (register.LinterPlugin, error) {
	return newPlugin(analyzers.Suite, settings)
}

type linter struct {
	suite     []*analysis.Analyzer // every check, for resetting flags
	analyzers []*analysis.Analyzer // copies of the enabled checks
	options   []option
}

// option is one analyzer flag to set: check.flag = value.
type option struct {
	check *analysis.Analyzer
	flag  *flag.Flag
	value string
}

func (l *linter) GetLoadMode() string { return register.LoadModeTypesInfo }

// BuildAnalyzers sets the options on the checks' flags (the others go back
// to their defaults) and returns the enabled checks, in Suite order.
func (l *linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	if err := setFlags(l.suite, l.options); err != nil {
		return nil, err
	}
	return slices.Clone(l.analyzers), nil
}

func newPlugin(suite []*analysis.Analyzer, settings any) (*linter, error) {
	raw, err := register.DecodeSettings[map[string]json.RawMessage](settings)
	if err != nil {
		return nil, fmt.Errorf("%s: settings: %w", Name, err)
	}
	byName := make(map[string]*analysis.Analyzer, len(suite))
	var names []string
	for _, a := range suite {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	checks := func(key string) ([]*analysis.Analyzer, error) {
		msg, ok := raw[key]
		if !ok {
			return nil, nil
		}
		var list []string
		if err := json.Unmarshal(msg, &list); err != nil {
			return nil, fmt.Errorf("%s: %s: want a list of check names: %s", Name, key, strings.Join(names, ", "))
		}
		var out []*analysis.Analyzer
		for _, n := range list {
			a, ok := byName[n]
			if !ok {
				return nil, fmt.Errorf("%s: %s: unknown check %q: checks are %s", Name, key, n, strings.Join(names, ", "))
			}
			out = append(out, a)
		}
		return out, nil
	}
	enable, err := checks("enable")
	if err != nil {
		return nil, err
	}
	disable, err := checks("disable")
	if err != nil {
		return nil, err
	}

	l := &linter{suite: suite}
	for i, c := range forGolangci(suite) {
		a := suite[i]
		if (len(enable) == 0 || slices.Contains(enable, a)) && !slices.Contains(disable, a) {
			l.analyzers = append(l.analyzers, c)
		}
	}
	for _, a := range enable {
		if slices.Contains(disable, a) {
			return nil, fmt.Errorf("%s: check %s is both enabled and disabled", Name, a.Name)
		}
	}
	if len(l.analyzers) == 0 {
		return nil, fmt.Errorf("%s: the settings disable every check: disable the linter %s instead", Name, Name)
	}

	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic errors
	for _, key := range keys {
		if key == "enable" || key == "disable" {
			continue
		}
		a, ok := byName[key]
		if !ok {
			return nil, fmt.Errorf("%s: unknown setting %q: settings are enable, disable and the options of a check under its name (%s)", Name, key, strings.Join(names, ", "))
		}
		opts, err := checkOptions(a, raw[key])
		if err != nil {
			return nil, err
		}
		l.options = append(l.options, opts...)
	}
	// Fail now on a value the flag rejects, not when golangci-lint builds
	// the analyzers.
	if err := setFlags(suite, l.options); err != nil {
		return nil, err
	}
	return l, nil
}

// checkOptions decodes the options of check a, one per flag of a.
func checkOptions(a *analysis.Analyzer, msg json.RawMessage) ([]option, error) {
	var flagNames []string
	a.Flags.VisitAll(func(f *flag.Flag) { flagNames = append(flagNames, f.Name) })
	known := a.Name + " has no options"
	if len(flagNames) > 0 {
		known = "options of " + a.Name + " are " + strings.Join(flagNames, ", ")
	}

	var m map[string]json.RawMessage
	if err := json.Unmarshal(msg, &m); err != nil {
		return nil, fmt.Errorf("%s: %s: want a map of options: %s", Name, a.Name, known)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []option
	for _, k := range keys {
		// golangci-lint's configuration lower-cases keys, so a flag
		// maxDepth arrives as maxdepth.
		var f *flag.Flag
		a.Flags.VisitAll(func(g *flag.Flag) {
			if f == nil && strings.EqualFold(g.Name, k) {
				f = g
			}
		})
		if f == nil {
			return nil, fmt.Errorf("%s: %s: unknown option %q: %s", Name, a.Name, k, known)
		}
		v, err := driver.FlagValue(m[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %s.%s: %v", Name, a.Name, f.Name, err)
		}
		out = append(out, option{check: a, flag: f, value: v})
	}
	return out, nil
}

// forGolangci returns a copy of each analyzer of suite that reports as
// golangci-lint needs (see the package documentation). A copy requires the
// copies of the analyzers of suite that the original requires, and its Run
// sees their results under the originals.
func forGolangci(suite []*analysis.Analyzer) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer, len(suite))
	for _, a := range suite {
		c := *a // shares a's flags, bound to its package's variables
		copies[a] = &c
	}
	out := make([]*analysis.Analyzer, len(suite))
	for i, a := range suite {
		c := copies[a]
		type dep struct{ orig, copy *analysis.Analyzer }
		var deps []dep
		c.Requires = slices.Clone(a.Requires)
		for j, r := range a.Requires {
			if rc, ok := copies[r]; ok {
				c.Requires[j] = rc
				deps = append(deps, dep{r, rc})
			}
		}
		run, name := a.Run, a.Name
		c.Run = func(pass *analysis.Pass) (any, error) {
			inner := *pass
			if len(deps) > 0 {
				inner.ResultOf = maps.Clone(pass.ResultOf)
				for _, d := range deps {
					inner.ResultOf[d.orig] = pass.ResultOf[d.copy]
				}
			}
			inner.Report = func(d analysis.Diagnostic) { pass.Report(forGolangciDiagnostic(pass.Fset, name, d)) }
			return run(&inner)
		}
		out[i] = c
	}
	return out
}

// forGolangciDiagnostic drops the "<check>: " prefix, which golangci-lint
// adds itself, and folds the related positions into the message.
func forGolangciDiagnostic(fset *token.FileSet, check string, d analysis.Diagnostic) analysis.Diagnostic {
	d.Message = strings.TrimPrefix(d.Message, check+": ")
	if len(d.Related) == 0 {
		return d
	}
	at := fset.Position(d.Pos)
	parts := make([]string, 0, len(d.Related))
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		where := fmt.Sprintf("line %d", p.Line)
		if !p.IsValid() {
			parts = append(parts, r.Message)
			continue
		}
		if p.Filename != at.Filename {
			where = fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
		}
		parts = append(parts, r.Message+": "+where)
	}
	d.Message += " [" + strings.Join(parts, "; ") + "]"
	d.Related = nil
	return d
}

// flagsMu serialises changes to the checks' flags.
var flagsMu sync.Mutex

// setFlags sets every flag of the analyzers in suite (and of the analyzers
// they require) to the value in options, or back to its default. On error
// the flags are left as they were.
func setFlags(suite []*analysis.Analyzer, options []option) error {
	flagsMu.Lock()
	defer flagsMu.Unlock()

	type saved struct {
		f     *flag.Flag
		value string
	}
	var all []saved
	seen := make(map[*flag.Flag]bool)
	var visit func(a *analysis.Analyzer)
	visitedA := make(map[*analysis.Analyzer]bool)
	visit = func(a *analysis.Analyzer) {
		if visitedA[a] {
			return
		}
		visitedA[a] = true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !seen[f] {
				seen[f] = true
				all = append(all, saved{f, f.Value.String()})
			}
		})
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range suite {
		visit(a)
	}
	for _, o := range options {
		visit(o.check)
	}

	want := make(map[*flag.Flag]option)
	for _, o := range options {
		want[o.flag] = o
	}
	restore := func() {
		for _, s := range all {
			if s.f.Value.String() != s.value {
				_ = s.f.Value.Set(s.value)
			}
		}
	}
	for _, s := range all {
		o, ok := want[s.f]
		if !ok {
			if s.f.Value.String() != s.f.DefValue {
				if err := s.f.Value.Set(s.f.DefValue); err != nil {
					restore()
					return fmt.Errorf("%s: resetting flag %s to its default %q: %v", Name, s.f.Name, s.f.DefValue, err)
				}
			}
			continue
		}
		if err := s.f.Value.Set(o.value); err != nil {
			restore()
			return fmt.Errorf("%s: %s.%s: invalid value %q: %v", Name, o.check.Name, o.flag.Name, o.value, err)
		}
	}
	return nil
}

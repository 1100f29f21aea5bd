package lsp

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/concvet/concvet/internal/driver"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Config is the server's settings, given as initializationOptions, in
// workspace/didChangeConfiguration or as the answer to a
// workspace/configuration request for the section "concvet". It has the
// shape of the golangci-lint plugin's settings, so one block serves both:
//
//	{
//	  "enable":  ["wgadd"],               // run only these checks (default: every check)
//	  "disable": ["ignore"],              // do not run these checks
//	  "<check>": {"<option>": <value>}    // the check's analyzer flags, as -<check>.<option>=<value>
//	}
//
// A value is a string, number or boolean as written, or a list of them
// passed comma-separated. Each configuration replaces the previous one
// whole: options it does not name return to their defaults. A setting that
// cannot be applied is reported to the user (window/showMessage) and
// skipped; the rest applies.
//
// Analyzer flags belong to the analyzers' FlagSets, which are
// process-global: the server sets them between analyses, and they hold for
// every package it analyses.
type Config struct {
	raw map[string]json.RawMessage
}

// parseConfig decodes settings, which may be the configuration itself or
// an object holding it under "concvet" (clients often send their whole
// settings tree in didChangeConfiguration). Null is the default.
func parseConfig(raw json.RawMessage) (Config, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return Config{}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return Config{}, fmt.Errorf("concvet settings: want an object: %v", err)
	}
	if inner, ok := m["concvet"]; ok {
		return parseConfig(inner)
	}
	return Config{raw: m}, nil
}

// apply sets the flags of suite's analyzers from cfg, after resetting every
// flag to its default, and returns the checks to run, in suite order, and
// one message per setting it skipped. The caller must not run analyses
// meanwhile.
func (cfg Config) apply(suite []*analysis.Analyzer) (checks []*analysis.Analyzer, problems []string) {
	byName := make(map[string]*analysis.Analyzer)
	var names []string
	for _, a := range suite {
		byName[a.Name] = a
		names = append(names, a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) { f.Value.Set(f.DefValue) })
	}
	list := func(key string) []string {
		msg, ok := cfg.raw[key]
		if !ok {
			return nil
		}
		var l []string
		if t := bytes.TrimSpace(msg); bytes.Equal(t, []byte("{}")) || bytes.Equal(t, []byte("null")) {
			return nil // an empty Lua table arrives as {}
		}
		if err := json.Unmarshal(msg, &l); err != nil {
			problems = append(problems, fmt.Sprintf("%s: want a list of check names: %s", key, strings.Join(names, ", ")))
			return nil
		}
		var known []string
		for _, n := range l {
			if byName[n] == nil {
				problems = append(problems, fmt.Sprintf("%s: unknown check %q: checks are %s", key, n, strings.Join(names, ", ")))
				continue
			}
			known = append(known, n)
		}
		return known
	}
	enable, disable := list("enable"), list("disable")
	for _, a := range suite {
		if (len(enable) == 0 || slices.Contains(enable, a.Name)) && !slices.Contains(disable, a.Name) {
			checks = append(checks, a)
		}
	}

	keys := make([]string, 0, len(cfg.raw))
	for k := range cfg.raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		if key == "enable" || key == "disable" {
			continue
		}
		a := byName[key]
		if a == nil {
			problems = append(problems, fmt.Sprintf("unknown setting %q: settings are enable, disable and the options of a check under its name (%s)", key, strings.Join(names, ", ")))
			continue
		}
		var opts map[string]json.RawMessage
		if err := json.Unmarshal(cfg.raw[key], &opts); err != nil {
			problems = append(problems, fmt.Sprintf("%s: want a map of options", key))
			continue
		}
		optNames := make([]string, 0, len(opts))
		for k := range opts {
			optNames = append(optNames, k)
		}
		slices.Sort(optNames)
		for _, name := range optNames {
			var f *flag.Flag
			a.Flags.VisitAll(func(g *flag.Flag) {
				if f == nil && strings.EqualFold(g.Name, name) {
					f = g
				}
			})
			if f == nil {
				problems = append(problems, fmt.Sprintf("%s: unknown option %q", key, name))
				continue
			}
			value, err := driver.FlagValue(opts[name])
			if err == nil {
				err = f.Value.Set(value)
			}
			if err != nil {
				f.Value.Set(f.DefValue) // a failed Set may have stored a zero
				problems = append(problems, fmt.Sprintf("%s.%s: %v", key, f.Name, err))
			}
		}
	}
	return checks, problems
}

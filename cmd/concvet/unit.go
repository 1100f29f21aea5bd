package main

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/vetrun"
)

// depDiags is -depdiags: in go vet's facts-only run of a dependency, also
// report the diagnostics (see vetrun). go vet lists the flag (through
// -flags) and passes it to every unit; only concvet's standalone mode sets
// it.
var depDiags = flag.Bool(vetrun.DepDiagsFlag, false, "report diagnostics in facts-only runs too (concvet's standalone mode sets this; it keeps go vet's result cache complete)")

// unitArgs returns args with the unit's .cfg file replaced, when -depdiags
// is given and go vet asks for facts only, by a copy that asks for
// diagnostics too: unitchecker then writes the facts as before and prints
// the diagnostics to the stdout file go vet caches. Anything unexpected
// leaves args alone.
func unitArgs(args []string) []string {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") || !hasTrue(args, vetrun.DepDiagsFlag) {
		return args
	}
	file := args[len(args)-1]
	data, err := os.ReadFile(file)
	if err != nil {
		return args
	}
	var cfg map[string]any
	if json.Unmarshal(data, &cfg) != nil || cfg["VetxOnly"] != true {
		return args
	}
	cfg["VetxOnly"] = false
	// go vet names a unit by its import path alone, the same for a
	// package and the variants of it built for another package's tests;
	// the prefix tells standalone concvet that this output is a
	// dependency's (vetrun.Run).
	id, _ := cfg["ID"].(string)
	cfg["ID"] = vetrun.DepIDPrefix + id
	data, err = json.Marshal(cfg)
	if err != nil {
		return args
	}
	copyFile := strings.TrimSuffix(file, ".cfg") + ".depdiags.cfg"
	if os.WriteFile(copyFile, data, 0o666) != nil {
		return args
	}
	out := append([]string(nil), args...)
	out[len(out)-1] = copyFile
	return out
}

// hasTrue reports whether the boolean flag name is set true in args.
func hasTrue(args []string, name string) bool {
	set := false
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if n != name {
			continue
		}
		set = true
		if hasValue {
			set, _ = strconv.ParseBool(v)
		}
	}
	return set
}

// factsOnlyUnit reports whether args ask go vet's unit checker for a
// dependency's facts only.
func factsOnlyUnit(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// factsOnly makes the checks that no fact depends on do nothing. The unit
// checker runs, in a facts-only run, every analyzer that has facts or
// requires one that has (the model): so every check of the suite would run
// on every dependency, the standard library included, for diagnostics it
// then throws away. A check is needed when it has facts or a needed one
// requires it; the others are closed under "required by", so none of them
// is required by a check that still runs, and their zero results are never
// read.
func factsOnly(suite []*analysis.Analyzer) {
	model.FactsOnly = true
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if needed[a] {
			return
		}
		needed[a] = true
		for _, r := range a.Requires {
			need(r)
		}
	}
	all := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if all[a] {
			return
		}
		all[a] = true
		if len(a.FactTypes) > 0 {
			need(a)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range suite {
		visit(a)
	}
	for a := range all {
		if needed[a] {
			continue
		}
		var zero any
		if a.ResultType != nil {
			zero = reflect.Zero(a.ResultType).Interface()
		}
		a.Run = func(*analysis.Pass) (any, error) { return zero, nil }
	}
}

package main

import (
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"strings"

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

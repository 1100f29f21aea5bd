// Command concvet runs concvet's concurrency checks (analyzers.Suite).
//
// One binary serves every mode:
//
//	concvet [flags] [packages]                 standalone; packages default to ./...
//	concvet -json | -fix [-diff] [packages]    JSON on stdout, or apply/show fixes
//	concvet -sarif [packages]                  SARIF 2.1.0 on stdout
//	go vet -vettool=$(command -v concvet) [flags] [packages]
//	go fix -fixtool=$(command -v concvet) [flags] [packages]
//	concvet help [check]                       the modes, or a check's documentation and flags
//	concvet version                            version, commit and Go release
//	concvet lsp                                language server on stdio (internal/lsp)
//
// Standalone runs (text, -json, -fix, -fix -diff, -sarif) go through the
// go command: concvet runs `go vet -vettool=<itself> -json`, which analyses
// one package per process in dependency order and caches each package's
// facts and output, and prints the result in the multichecker's forms with
// its exit status (internal/vetrun says why and how). Everything else is
// x/tools' multichecker, unchanged: go vet's protocol (-flags, a .cfg
// file), help about a check, and the in-process flags (-test=false, -debug
// and the profiles), which load and analyse every package in one process.
// concvet answers lsp, version, help and -V=full itself (ownCommand); a go
// command of a newer Go than concvet's stops -V=full, which go vet asks
// first, and the standalone modes with one line saying how to rebuild
// (checkToolchain).
//
// Text output is the multichecker's "file:line:col: message"; it has no
// place for the check's name, so every message begins with it
// ("file:line:col: wgadd: ..."), which suppress.Wrap adds. The same
// message therefore names the check under go vet and golangci-lint too.
//
// Exit status (each is checked by main_test.go):
//
//	standalone text, -fix [-diff]  0 no findings (left), 3 findings, 1 load, type or analysis error
//	-json, -sarif                0 even with findings, 1 load, type or analysis error
//	go vet -vettool              0 no findings, 1 findings or errors (go vet's own status)
//	go vet -vettool -json        0 even with findings
//	go vet -fix -diff, go fix -diff  1 when there is a diff, like gofmt -d
//	go fix -fixtool              0 after applying fixes
//	a go command newer than concvet's Go   1, with one line saying how to rebuild
//	bad flag                     2
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concvet/concvet/analyzers"
	"github.com/concvet/concvet/internal/lsp"
)

func main() {
	if code, done := ownCommand(os.Args[1:], analyzers.Suite); done {
		os.Exit(code)
	}
	flags, rest := splitFlags(os.Args[1:], analyzers.Suite)
	if !inProcess(flags, rest) {
		if hasSARIF(flags) {
			os.Exit(runSARIF(os.Args[1:], analyzers.Suite))
		}
		os.Exit(runStandalone(os.Args[1:], analyzers.Suite))
	}
	if len(rest) == 0 {
		os.Args = append(os.Args, "./...")
	}
	os.Args = append(os.Args[:1], unitArgs(os.Args[1:])...)
	facts := factsOnlyUnit(os.Args[1:])
	if facts {
		factsOnly(analyzers.Suite)
	}
	timeRuns(analyzers.Suite, facts)
	multichecker.Main(analyzers.Suite...)
}

// ownCommand runs what concvet answers itself before any driver: the
// language server, version, help without a check (help about a check is
// the multichecker's), and -V=full, which go vet asks before anything else
// and which therefore stops with one line when the go command is a newer
// Go than concvet's, instead of every package failing.
func ownCommand(args []string, suite []*analysis.Analyzer) (int, bool) {
	if len(args) > 0 {
		switch args[0] {
		case "lsp":
			return lsp.Main(args[1:], suite), true
		case "version":
			fmt.Println(readBuildInfo().long())
			return 0, true
		case "help":
			if len(args) == 1 {
				usage(os.Stdout, standaloneFlagSet(suite), suite)
				return 0, true
			}
		}
	}
	flags, _ := splitFlags(args, suite)
	for _, f := range flags {
		if name, value, _ := strings.Cut(strings.TrimLeft(f, "-"), "="); name == "V" {
			if value != "full" {
				fmt.Fprintf(os.Stderr, "concvet: -V=%s: use -V=full, or concvet version\n", value)
				return 2, true
			}
			if !checkToolchain() {
				return 1, true
			}
			if err := printVersionFull(os.Stdout); err != nil {
				fmt.Fprintln(os.Stderr, "concvet:", err)
				return 1, true
			}
			return 0, true
		}
	}
	return 0, false
}

// valueFlags are the multichecker's flags that take a separate value
// ("-c 3"); every other driver flag is boolean. splitFlags must know them
// to find where the package arguments start, since flag parsing happens
// inside multichecker.Main.
var valueFlags = map[string]bool{
	"c": true, "tags": true, "debug": true, "cpuprofile": true, "memprofile": true, "trace": true,
}

// splitFlags splits args as the flag package would, into flags and the
// arguments after them.
func splitFlags(args []string, suite []*analysis.Analyzer) (flags, rest []string) {
	takesValue := func(name string) bool {
		if valueFlags[name] {
			return true
		}
		check, fname, ok := strings.Cut(name, ".")
		if !ok {
			return false
		}
		for _, a := range suite {
			if a.Name == check {
				if f := a.Flags.Lookup(fname); f != nil {
					b, isBool := f.Value.(interface{ IsBoolFlag() bool })
					return !isBool || !b.IsBoolFlag()
				}
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return args[:i], args[i+1:]
		}
		if len(arg) < 2 || arg[0] != '-' {
			return args[:i], args[i:]
		}
		name := strings.TrimLeft(arg, "-")
		if !strings.Contains(name, "=") && takesValue(name) {
			i++
		}
	}
	return args, nil
}

func hasSARIF(flags []string) bool {
	for _, f := range flags {
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if name == "sarif" && (!hasValue || value != "false") {
			return true
		}
	}
	return false
}

// triState is a check's enable flag: unset, or explicitly true or false,
// with the multichecker's meaning (any -x=true runs only those named true;
// otherwise any -x=false drops those).
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }
func (ts *triState) Get() any         { return *ts != setFalse }
func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}
func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

// registerCheckFlags defines -<check> and -<check>.<flag> on fs as the
// multichecker does, and returns a function giving the enabled checks once
// fs has been parsed.
func registerCheckFlags(fs *flag.FlagSet, suite []*analysis.Analyzer) func() []*analysis.Analyzer {
	enabled := make([]*triState, len(suite))
	for i, a := range suite {
		enabled[i] = new(triState)
		fs.Var(enabled[i], a.Name, "enable "+a.Name+" analysis")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return func() []*analysis.Analyzer {
		var hasTrue, hasFalse bool
		for _, ts := range enabled {
			hasTrue = hasTrue || *ts == setTrue
			hasFalse = hasFalse || *ts == setFalse
		}
		var keep []*analysis.Analyzer
		for i, a := range suite {
			if hasTrue && *enabled[i] == setTrue || !hasTrue && *enabled[i] != setFalse {
				keep = append(keep, a)
			}
		}
		return keep
	}
}

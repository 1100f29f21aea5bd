package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"log"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/vetrun"
)

// inProcess reports whether the multichecker must handle the command line
// itself: go vet's protocol (-V=full, -flags, a .cfg file), help, and the
// flags that only make sense in one process (profiling, -debug, and
// -test=false, which go vet cannot do: it always vets a package with its
// tests).
func inProcess(flags, rest []string) bool {
	if len(rest) == 1 && strings.HasSuffix(rest[0], ".cfg") || len(rest) > 0 && rest[0] == "help" {
		return true
	}
	for _, f := range flags {
		name, value, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		switch name {
		case "V", "flags", "debug", "cpuprofile", "memprofile", "trace":
			return true
		case "test":
			if value == "false" || value == "0" || value == "f" || value == "F" || value == "FALSE" || value == "False" {
				return true
			}
		}
	}
	return false
}

// A standalone run: the flags of the multichecker that concvet keeps, and
// the check flags to pass through go vet.
type standalone struct {
	json, fix, diff, verbose bool
	context                  int
	passFlags                []string
	patterns                 []string
}

// standaloneFlags defines the standalone modes' flags on a new flag set:
// the multichecker's that concvet keeps, -sarif, and a flag per check and
// check option.
func standaloneFlags(s *standalone, suite []*analysis.Analyzer) *flag.FlagSet {
	fs := flag.NewFlagSet("concvet", flag.ExitOnError)
	fs.Usage = func() { usage(fs.Output(), fs, suite) }
	fs.BoolVar(&s.json, "json", false, "write the findings as JSON on stdout")
	fs.Bool("sarif", false, "write SARIF 2.1.0 on stdout, for code scanning")
	fs.BoolVar(&s.fix, "fix", false, "apply the suggested fixes, and print the findings left unfixed")
	fs.BoolVar(&s.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of applying them")
	fs.IntVar(&s.context, "c", -1, "print each finding's source line with this many lines of context")
	fs.Bool("test", true, "analyse test files too (-test=false analyses in one process, without go vet)")
	fs.BoolVar(&s.verbose, "v", false, "say where a check gave up at one of its bounds")
	fs.Bool(vetrun.DepDiagsFlag, false, "no effect outside go vet")
	for _, name := range []string{"source", "all"} {
		fs.Bool(name, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect: set build tags with GOFLAGS=-tags=...")
	fs.String("debug", "", `debug flags, any of "fpstv" (in one process, without go vet)`)
	fs.String("cpuprofile", "", "write a CPU profile to this file (in one process, without go vet)")
	fs.String("memprofile", "", "write a memory profile to this file (in one process, without go vet)")
	fs.String("trace", "", "write an execution trace to this file (in one process, without go vet)")
	registerCheckFlags(fs, suite)
	return fs
}

// standaloneFlagSet is the flag set help describes.
func standaloneFlagSet(suite []*analysis.Analyzer) *flag.FlagSet {
	return standaloneFlags(new(standalone), suite)
}

// parseStandalone parses args as the multichecker would; a bad flag exits
// with status 2.
func parseStandalone(args []string, suite []*analysis.Analyzer) *standalone {
	s := new(standalone)
	fs := standaloneFlags(s, suite)
	fs.Parse(args)
	isCheck := func(name string) bool {
		check, _, _ := strings.Cut(name, ".")
		return slices.ContainsFunc(suite, func(a *analysis.Analyzer) bool { return a.Name == check })
	}
	fs.Visit(func(f *flag.Flag) {
		if isCheck(f.Name) {
			s.passFlags = append(s.passFlags, "-"+f.Name+"="+f.Value.String())
		}
	})
	if s.verbose {
		// go vet passes -v to the tool, whose checks then say where they
		// gave up (model.GaveUp); go vet prints what the tool says.
		s.passFlags = append(s.passFlags, "-v")
	}
	s.patterns = fs.Args()
	if len(s.patterns) == 0 {
		s.patterns = []string{"./..."}
	}
	return s
}

// vet runs go vet over the patterns with this executable as the vettool.
func (s *standalone) vet() (*vetrun.Result, error) {
	tool, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return vetrun.Run(context.Background(), vetrun.Options{Tool: tool, Flags: s.passFlags, Patterns: s.patterns})
}

// A found diagnostic, resolved, with its check.
type found struct {
	check string
	diag  analysis.Diagnostic
}

// collect resolves the units' diagnostics, drops the duplicates of a file
// seen in two units, and sorts them by position; it also returns the
// analysis errors as "check: error".
func collect(files *vetrun.Files, units []*vetrun.Unit) ([]found, []string) {
	type key struct {
		pos, end token.Position
		check    string
		message  string
	}
	seen := make(map[key]bool)
	var out []found
	var errs []string
	for _, u := range units {
		for check, diags := range u.Diags {
			for _, d := range diags {
				ad, ok := files.Diagnostic(d)
				if !ok {
					continue
				}
				k := key{files.Fset.Position(ad.Pos), files.Fset.Position(ad.End), check, ad.Message}
				if !seen[k] {
					seen[k] = true
					out = append(out, found{check, ad})
				}
			}
		}
		for check, e := range u.Errors {
			errs = append(errs, check+": "+e)
		}
	}
	slices.SortFunc(out, func(a, b found) int {
		pa, pb := files.Fset.Position(a.diag.Pos), files.Fset.Position(b.diag.Pos)
		return cmp.Or(
			cmp.Compare(pa.Filename, pb.Filename),
			cmp.Compare(pa.Offset, pb.Offset),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.diag.Message, b.diag.Message),
		)
	})
	slices.Sort(errs)
	return out, slices.Compact(errs)
}

// runStandalone is `concvet [flags] [patterns]` in text, -json, -fix and
// -fix -diff form, through go vet, with the multichecker's output and exit
// status.
func runStandalone(args []string, suite []*analysis.Analyzer) int {
	log.SetFlags(0)
	log.SetPrefix("concvet: ")
	s := parseStandalone(args, suite)
	if !checkToolchain() {
		return 1
	}
	res, err := s.vet()
	if err != nil {
		log.Print(err)
		return 1
	}
	exit := 0
	if res.Failed {
		exit = 1
	}

	if s.json && !s.fix {
		// One tree of all units, as the multichecker prints it.
		tree := make(map[string]map[string]json.RawMessage)
		for _, u := range res.Units {
			tree[u.ID] = u.Raw
		}
		data, err := json.MarshalIndent(tree, "", "\t")
		if err != nil {
			log.Print(err)
			return 1
		}
		fmt.Printf("%s\n", data)
		for _, u := range res.Units {
			if len(u.Errors) > 0 {
				exit = 1
			}
		}
		return exit
	}

	files := vetrun.NewFiles()
	all, errs := collect(files, res.Units)
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, e)
		exit = 1
	}

	if s.fix {
		diags := make([]analysis.Diagnostic, len(all))
		for i, f := range all {
			diags[i] = f.diag
			for _, alt := range f.diag.SuggestedFixes[min(1, len(f.diag.SuggestedFixes)):] {
				log.Printf("%s: ignoring alternative fix %q", f.check, alt.Message)
			}
		}
		fixed, err := vetrun.ApplyFixes(files, diags, s.diff, os.Stdout)
		if err != nil {
			log.Print(err)
			return 1
		}
		// The findings left are printed as the plain run prints them,
		// with why a fix was not applied, and count as the plain run's
		// findings do.
		for _, l := range fixed.Left {
			d := all[l.Index].diag
			if l.Why != "" {
				d.Related = append(slices.Clone(d.Related), analysis.RelatedInformation{Pos: d.Pos, Message: "not fixed: " + l.Why})
			}
			printPlain(files, s.context, d)
		}
		if exit == 0 && len(fixed.Left) > 0 {
			exit = 3
		}
		return exit
	}

	for _, f := range all {
		printPlain(files, s.context, f.diag)
	}
	if exit == 0 && len(all) > 0 {
		exit = 3
	}
	return exit
}

// printPlain prints d as the x/tools drivers do: "posn: message", each
// related position on a line of its own with its message indented, and
// with -c=N the lines of the position and N around it.
func printPlain(files *vetrun.Files, contextLines int, d analysis.Diagnostic) {
	print := func(pos, end token.Pos, msg string) {
		posn := files.Fset.Position(pos)
		fmt.Fprintf(os.Stderr, "%s: %s\n", posn, msg)
		if contextLines < 0 {
			return
		}
		stop := files.Fset.Position(end)
		if !stop.IsValid() {
			stop = posn
		}
		data, _ := files.Content(posn.Filename)
		lines := strings.Split(string(data), "\n")
		for i := posn.Line - contextLines; i <= stop.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(os.Stderr, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	print(d.Pos, d.End, d.Message)
	for _, r := range d.Related {
		print(r.Pos, r.End, "\t"+r.Message)
	}
}

// Package vetrun is standalone concvet's engine: it runs the suite through
// `go vet -vettool=<this executable> -json` and turns what go vet prints
// back into diagnostics, so that the text, -json, -fix, -diff and -sarif
// outputs of `concvet PATTERNS` come from the go command's build graph.
//
// Why go vet and not an in-process driver: go vet analyses one package per
// process, in parallel, in dependency order, each process holding one
// package's syntax, types and SSA and reading its dependencies' facts from
// files, so memory stays at that of the largest package; and it caches each
// package's facts and output in GOCACHE, so a run over an unchanged tree
// replays instead of analysing. An in-process driver holds every package
// at once (9.4 GiB on std) or must reimplement both the dropping and a
// persistent cache. Findings are go vet mode's by construction.
//
// One defect of Go 1.26's vet cache is avoided here: the cache key of a
// package does not say whether it was vetted only for its facts (as a
// dependency), so a package with no in-package test files that was first
// vetted as a dependency replays an empty result when later vetted as a
// root (Go 1.27 adds "vetxonly" to the key). Run passes the tool
// -depdiags, with which it reports diagnostics in facts-only runs too,
// under the unit's ID prefixed by DepIDPrefix: each package's cached output
// is then complete whichever way it was first vetted. go vet names a unit
// by its import path only, so the prefix is what tells a root's own output
// from that of the same package vetted for another's facts (the plain
// package beside its test variant, or a variant built for another
// package's tests). Run keeps, for each root unit go list names, its own
// output, or, for a root that is a plain package (no in-package tests),
// whose own run is the one that can be a replay, the dependency output
// under its name when its own printed nothing. The flag is part of the
// cache key, so plain go vet runs, which lack it, share no results with
// these.
package vetrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
)

// DepDiagsFlag is the vettool flag with which a facts-only run (a
// dependency's) reports its diagnostics too.
const DepDiagsFlag = "depdiags"

// DepIDPrefix marks the output of a facts-only run made with -depdiags.
const DepIDPrefix = "concvet-dependency:"

// Options say what to vet and how.
type Options struct {
	Tool     string   // the vettool: this executable
	Flags    []string // tool flags passed through go vet (-<check>, -<check>.<flag>)
	Patterns []string
	Dir      string    // where to run go; "" is the current directory
	Env      []string  // environment of go; nil is the process's
	Stderr   io.Writer // where go vet's own messages (build and type errors) go
}

// A Diagnostic is one finding as unitchecker's -json prints it.
type Diagnostic struct {
	Category       string `json:"category,omitempty"`
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	SuggestedFixes []Fix  `json:"suggested_fixes,omitempty"`
	Related        []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related,omitempty"`
}

// A Fix is a suggested fix as unitchecker's -json prints it.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// An Edit replaces the bytes [Start, End) of Filename by New.
type Edit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// A Unit is what go vet printed for one vetted root unit (a package, its
// test variant or its external test package): by check, either its
// diagnostics or the error that stopped it.
type Unit struct {
	ID     string
	Diags  map[string][]Diagnostic
	Errors map[string]string
	Raw    map[string]json.RawMessage // as printed, for -json
}

// A Result is one run.
type Result struct {
	Units []*Unit // the roots with something to say, sorted by ID
	// Failed is set when go vet or go list exited non-zero: a package
	// did not load, build or type-check; go vet said why on Stderr.
	Failed bool
}

// Run vets opts.Patterns and collects what go vet prints for the root
// units.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	var (
		wg       sync.WaitGroup
		roots    map[string]bool // by unit ID: whether it is a plain package
		listFail bool
		listErr  error
	)
	wg.Go(func() { roots, listFail, listErr = rootUnits(ctx, opts) })
	units, failed, err := vet(ctx, opts)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if listErr != nil {
		return nil, listErr
	}
	res := &Result{Failed: failed || listFail}
	own := make(map[string]*Unit)
	dep := make(map[string]*Unit)
	for _, u := range units {
		if id, ok := strings.CutPrefix(u.ID, DepIDPrefix); ok {
			if plain, root := roots[id]; root && plain && dep[id] == nil {
				u.ID = id
				dep[id] = u
			}
			continue
		}
		if _, root := roots[u.ID]; root {
			own[u.ID] = u
		}
	}
	for id, u := range dep {
		if own[id] == nil {
			own[id] = u
		}
	}
	for _, u := range own {
		res.Units = append(res.Units, u)
	}
	slices.SortFunc(res.Units, func(a, b *Unit) int { return strings.Compare(a.ID, b.ID) })
	return res, nil
}

// vet runs go vet -json and returns every unit that printed something,
// dependencies included.
func vet(ctx context.Context, opts Options) (units []*Unit, failed bool, err error) {
	args := []string{"vet", "-vettool=" + opts.Tool, "-json", "-" + DepDiagsFlag}
	args = append(args, opts.Flags...)
	args = append(args, "--")
	args = append(args, opts.Patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, opts.Stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, false, fmt.Errorf("go vet: %v", runErr)
	}
	failed = runErr != nil
	dec := json.NewDecoder(&stdout)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return nil, false, fmt.Errorf("go vet -json printed something else than JSON: %v", err)
		}
		for id, byCheck := range tree {
			u := &Unit{ID: id, Diags: make(map[string][]Diagnostic), Errors: make(map[string]string), Raw: byCheck}
			for check, raw := range byCheck {
				var diags []Diagnostic
				if err := json.Unmarshal(raw, &diags); err == nil {
					u.Diags[check] = diags
					continue
				}
				var e struct {
					Err string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, false, fmt.Errorf("go vet -json: %s: %s: neither diagnostics nor an error: %s", id, check, raw)
				}
				u.Errors[check] = e.Err
			}
			units = append(units, u)
		}
	}
	return units, failed, nil
}

// rootUnits returns the IDs of the root units go vet vets for
// opts.Patterns, by go vet's rule: a package's test variant if it has
// files, which is the package itself (plain) when it has no in-package
// tests, and its external test package. go vet names a unit by its import
// path alone.
func rootUnits(ctx context.Context, opts Options) (ids map[string]bool, failed bool, err error) {
	args := append([]string{"list", "-e", "-json=ImportPath,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles", "--"}, opts.Patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, false, fmt.Errorf("go list: %v", runErr)
	}
	// go vet reports the same errors; do not print them twice.
	failed = runErr != nil
	ids = make(map[string]bool)
	dec := json.NewDecoder(&stdout)
	for {
		var p struct {
			ImportPath                                   string
			GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, false, fmt.Errorf("go list: %v", err)
		}
		if len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles) > 0 {
			ids[p.ImportPath] = len(p.TestGoFiles) == 0
		}
		if len(p.XTestGoFiles) > 0 {
			ids[p.ImportPath+"_test"] = false
		}
	}
	return ids, failed, nil
}

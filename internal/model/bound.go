package model

import (
	"flag"
	"go/token"
	"log"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The checks' searches over one function are answered from the function's
// index (graph.go) at a cost of one walk of its blocks per distinct
// source, and their pairwise questions (this send against that close, this
// write against that read) cost one lookup each. A function's work is
// therefore bounded by its operations times its blocks. Past maxWork a
// check does not analyse the function at all, and says so (Oversized): a
// generated parser of a hundred thousand lines is not worth minutes of
// analysis, and a partial answer could be wrong.
//
// maxWork is about four times the work of a 50,000-line function of
// internal/largefunc (14,700 blocks, 11,000 operations), which the suite
// analyses in under 20 seconds on the development machine.
const maxWork = 600_000_000

// workOf is the bound's measure of f: its operations and spawns times its
// blocks.
func workOf(f *Func) int {
	if f == nil || f.Fn == nil {
		return 0
	}
	ops := len(f.Spawns) + len(f.ChanOps) + len(f.LockOps) + len(f.WGOps) + len(f.Contexts) + len(f.Calls)
	return ops * len(f.Fn.Blocks)
}

// Oversized reports whether check must leave fn alone because its work
// exceeds the bound (see maxWork). The first time a check of the process
// gives up, and only under -v, it says so on the driver's log.
func (m *Model) Oversized(pass *analysis.Pass, check string, fn *ssa.Function) bool {
	return m.oversized(pass, check, fn, maxWork)
}

func (m *Model) oversized(pass *analysis.Pass, check string, fn *ssa.Function, bound int) bool {
	f := m.Func(fn)
	if w := workOf(f); w > bound {
		GaveUp(pass, check, fn.Pos(), fn.String(), "its "+strconv.Itoa(len(f.Fn.Blocks))+" blocks and "+strconv.Itoa(w/len(f.Fn.Blocks))+" concurrency operations exceed the bound of the analysis")
		return true
	}
	return false
}

// gaveUp records the checks that have said they gave up, so that each says
// so once per process.
var gaveUp sync.Map

// GaveUp is what a check calls when it stops analysing something (what,
// at pos) at one of its bounds, for the reason why: it reports nothing
// there. Under -v (or -debug=v), the first call for a check in the process
// logs one line saying so; every other call is silent.
func GaveUp(pass *analysis.Pass, check string, pos token.Pos, what, why string) {
	if !Verbose() {
		return
	}
	if _, said := gaveUp.LoadOrStore(check, true); said {
		return
	}
	if pass != nil && pos.IsValid() {
		what += " (" + pass.Fset.Position(pos).String() + ")"
	}
	log.Printf("%s: gave up on %s: %s; nothing is reported there (later cases are not listed)", check, what, why)
}

// Verbose reports whether the driver was started with -v or -debug=v (the
// multichecker's and go vet's flag, on the process's command line).
func Verbose() bool {
	if f := flag.CommandLine.Lookup("v"); f != nil && f.Value.String() == "true" {
		return true
	}
	if f := flag.CommandLine.Lookup("debug"); f != nil && strings.Contains(f.Value.String(), "v") {
		return true
	}
	return false
}

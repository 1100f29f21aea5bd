// Package analyzers names concvet's checks: Suite is the one list that the
// binary, the golangci-lint plugin, the documentation and the tests read.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/analyzers/atomicmix"
	"github.com/concvet/concvet/analyzers/chanclose"
	"github.com/concvet/concvet/analyzers/closurecapture"
	"github.com/concvet/concvet/analyzers/condwait"
	"github.com/concvet/concvet/analyzers/ctxcancel"
	"github.com/concvet/concvet/analyzers/guardedby"
	"github.com/concvet/concvet/analyzers/holdblock"
	"github.com/concvet/concvet/analyzers/leakrecv"
	"github.com/concvet/concvet/analyzers/leaksend"
	"github.com/concvet/concvet/analyzers/lockcheck"
	"github.com/concvet/concvet/analyzers/lockorder"
	"github.com/concvet/concvet/analyzers/loopctx"
	"github.com/concvet/concvet/analyzers/mapsync"
	"github.com/concvet/concvet/analyzers/wgadd"
	"github.com/concvet/concvet/internal/suppress"
)

// Suite is every concvet check, in the order of the README's table, each
// wrapped so that //concvet:ignore directives silence it, followed by the
// analyzer that reports directives that silence nothing.
var Suite []*analysis.Analyzer = suppress.Wrap(
	wgadd.Analyzer,
	loopctx.Analyzer,
	ctxcancel.Analyzer,
	leaksend.Analyzer,
	leakrecv.Analyzer,
	chanclose.Analyzer,
	mapsync.Analyzer,
	closurecapture.Analyzer,
	atomicmix.Analyzer,
	guardedby.Analyzer,
	lockcheck.Analyzer,
	lockorder.Analyzer,
	holdblock.Analyzer,
	condwait.Analyzer,
)

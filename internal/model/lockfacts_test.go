package model_test

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/model"
)

// TestLockEffects checks the LockEffects facts the model exports.
func TestLockEffects(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), model.Analyzer, "lockfx")
}

// TestHeldThroughHelpers checks that HeldAt counts calls of lock helpers,
// of this package and, through their facts, of another one.
func TestHeldThroughHelpers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), heldProbe, "lockfxuse")
}

// lockCallProbe reports every LockCall.
var lockCallProbe = &analysis.Analyzer{
	Name:     "lockcallprobe",
	Doc:      "report the calls of lock helpers",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, f := range m.Funcs {
			for _, c := range m.LockCalls(f) {
				msg := fmt.Sprintf("%s %s %s", c.Callee.Name(), c.Effect, c.Mutex)
				if c.Read {
					msg += " read"
				}
				if c.Deferred {
					msg += " deferred"
				}
				pass.Reportf(c.Pos, "%s", msg)
			}
		}
		return nil, nil
	},
}

func TestLockCalls(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockCallProbe, "lockcalls")
}

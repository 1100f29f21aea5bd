package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concvet/concvet/internal/engine"
)

// stuckReporter reports every stuck operation the engine finds, as
// "stuck <kind>" (with "victim" for one that another stuck goroutine could
// complete, "fed" for a goroutine the environment sent to or received
// from on the path, "envfork" for one that branched on an unknown call's
// result, "partnerenv" when another that could have completed the
// operation did, each followed by "proto" when that was not only on
// whether an error is nil), for `// want` comments.
var stuckReporter = &analysis.Analyzer{
	Name:     "stuck",
	Doc:      "report the engine's stuck operations",
	Requires: []*analysis.Analyzer{engine.Explorer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[engine.Explorer].(*engine.Result)
		for _, e := range res.Errors {
			return nil, fmt.Errorf("%s", e)
		}
		for _, st := range res.Stuck {
			msg := "stuck " + st.Kind.String()
			if !st.Primary {
				msg += " victim"
			}
			if st.Fed {
				msg += " fed"
			}
			if st.EnvFork {
				msg += " envfork"
			}
			if st.EnvProto {
				msg += " proto"
			}
			if st.EnvPartner {
				msg += " partnerenv"
			}
			if st.PartnerProto {
				msg += " proto"
			}
			pass.Reportf(st.Op.Pos, "%s", msg)
		}
		return nil, nil
	},
}

func TestStuck(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), stuckReporter, "basic")
	// The semantics of what else blocks (a Cond, a context, a nil
	// channel) from roots that make no channel.
	defer engine.ExploreAllRoots()()
	analysistest.Run(t, analysistest.TestData(), stuckReporter, "sem")
}

func TestDump(t *testing.T) {
	if testing.Verbose() {
		stuckReporter.Run = func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[engine.Explorer].(*engine.Result)
			var b strings.Builder
			for _, f := range res.Prog.Funcs() {
				f.Dump(&b)
			}
			for _, st := range res.Stuck {
				fmt.Fprintf(&b, "STUCK %s at %v primary=%v root=%s\n", st.Kind, pass.Fset.Position(st.Op.Pos), st.Primary, st.Root.Name)
				for _, s := range st.Path {
					fmt.Fprintf(&b, "   g%d %v choice=%d obj=%d term=%v\n", s.G, s.Op, s.Choice, s.Obj, s.Term)
				}
			}
			t.Log(b.String())
			return nil, nil
		}
		analysistest.Run(t, analysistest.TestData(), stuckReporter, "basic", "sem")
	}
}

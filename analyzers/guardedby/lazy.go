package guardedby

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// lazyInit reports a check-then-act on a field outside any lock,
// if c.x == nil { c.x = … }, in a goroutine's code, on a struct
// whose mutex evidently guards one of its fields (the type is meant for
// concurrent use), and the same on a package variable when a package mutex
// evidently guards a package variable.
func lazyInit(pass *analysis.Pass, m *model.Model, reported map[token.Pos]bool) {
	vars := m.Guarded()
	concurrent := map[types.Type]bool{} // struct types with an evident guard; the nil key for package variables
	for _, gv := range vars {
		if gv.Guard != nil && gv.Var.Pkg() == pass.Pkg && evident(gv) {
			concurrent[model.OwnerType(gv.Accesses[0].Ref)] = true
		}
	}
	for _, gv := range vars {
		if gv.Var.Pkg() != pass.Pkg || !concurrent[model.OwnerType(gv.Accesses[0].Ref)] {
			continue
		}
		for _, r := range gv.Accesses {
			// Only in goroutines' code: an exported method's lazy set-up
			// (a Provision, a balancer's first update) is most often
			// called by one goroutine, by contract.
			if r.Write || !plain(r) || !r.Spawned {
				continue
			}
			then := zeroTest(r.Instr)
			if then == nil {
				continue
			}
			for _, w := range gv.Accesses {
				if !w.Write || !plain(w) || !w.Ref.Same(r.Ref) || w.Instr.Parent() != r.Instr.Parent() || !then.Dominates(w.Instr.Block()) {
					continue
				}
				pos, ok := claim(pass, reported, r)
				if !ok {
					break
				}
				name := varName(pass, r)
				pass.Report(analysis.Diagnostic{
					Pos: pos,
					Message: fmt.Sprintf("%s is checked and then set without a lock: two goroutines can both see it unset and both set it, a data race (use sync.Once, or hold the mutex for the check and the set)",
						name),
					Related: []analysis.RelatedInformation{{Pos: srcedit.StmtStart(pass, accessPos(w)), Message: name + " is set here"}},
				})
				break
			}
		}
	}
}

// evident reports whether gv's guard is held in at least two functions, and
// in more functions than the variable is accessed without it.
func evident(gv *model.GuardedVar) bool {
	var guarded, unguarded []*model.VarAccess
	for _, a := range gv.Accesses {
		if !a.Shared {
			continue
		}
		if _, ok := a.Holds(gv.Guard); ok {
			guarded = append(guarded, a)
		} else if plain(a) {
			unguarded = append(unguarded, a)
		}
	}
	ng := funcs(guarded)
	return ng >= 2 && funcs(unguarded) < ng
}

// plain reports whether a is an access of shared state by concurrent code,
// with no lock held or possibly held.
func plain(a *model.VarAccess) bool {
	return a.Shared && a.Entry && !a.Unknown && len(a.Held) == 0
}

// zeroTest returns the body of an if entered when the value loaded by ld
// equals nil or its zero value (if x == nil, if x == 0, if !x); nil
// otherwise.
func zeroTest(ld ssa.Instruction) *ssa.BasicBlock {
	v, ok := ld.(ssa.Value)
	if !ok {
		return nil
	}
	// Only the body of the if: if x != nil { return x }; x = … is left
	// alone (its set is not inside the test).
	branch := func(iff *ssa.If, onTrue bool) *ssa.BasicBlock {
		if len(iff.Block().Succs) != 2 {
			return nil
		}
		then := iff.Block().Succs[1]
		if onTrue {
			then = iff.Block().Succs[0]
		}
		if len(then.Preds) != 1 || then.Comment != "if.then" {
			return nil
		}
		return then
	}
	for _, u := range *v.Referrers() {
		switch u := u.(type) {
		case *ssa.If: // if !c.started, its branches swapped by the SSA builder
			return branch(u, false)
		case *ssa.UnOp: // if !c.started
			if u.Op == token.NOT {
				for _, nu := range *u.Referrers() {
					if iff, ok := nu.(*ssa.If); ok {
						return branch(iff, true)
					}
				}
			}
		case *ssa.BinOp:
			if u.Op != token.EQL && u.Op != token.NEQ {
				continue
			}
			c, ok := u.Y.(*ssa.Const)
			if !ok {
				c, ok = u.X.(*ssa.Const)
			}
			if !ok || !c.IsNil() && !isZero(c) {
				continue
			}
			for _, bu := range *u.Referrers() {
				if iff, ok := bu.(*ssa.If); ok {
					return branch(iff, u.Op == token.EQL)
				}
			}
		}
	}
	return nil
}

func isZero(c *ssa.Const) bool {
	if c.Value == nil {
		return true
	}
	switch c.Value.String() {
	case "0", `""`, "false":
		return true
	}
	return false
}

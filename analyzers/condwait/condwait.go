package condwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "condwait",
	Doc:       checkdoc.MustExtract(doc, "condwait"),
	URL:       "https://pkg.go.dev/github.com/concvet/concvet/analyzers/condwait",
	Requires:  []*analysis.Analyzer{model.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(WaitsUnheld)},
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil || !importsSync(pass.Pkg) {
		return nil, nil
	}
	c := &checker{pass: pass, m: m}
	c.computeFacts()
	if model.FactsOnly {
		return nil, nil // go vet's facts-only run: nothing reads a diagnostic
	}
	for _, fn := range m.SourceFuncs() {
		c.helperCalls(fn)
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !model.IsCondMethod(call.Call.StaticCallee(), "Wait") || len(call.Call.Args) != 1 {
					continue
				}
				c.wait(fn, call)
			}
		}
	}
	c.neverSignalled()
	return nil, nil
}

func importsSync(p *types.Package) bool {
	if p.Path() == "sync" {
		return false
	}
	return slices.ContainsFunc(p.Imports(), func(i *types.Package) bool { return i.Path() == "sync" })
}

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	local map[*ssa.Function]int // this package's functions that wait unheld, by parameter
}

func (c *checker) wait(fn *ssa.Function, call *ssa.Call) {
	file := srcedit.FileOf(c.pass, call.Pos())
	if file == nil || srcedit.Generated(file) || fn.Syntax() == nil || c.m.Oversized(c.pass, c.pass.Analyzer.Name, fn) {
		return
	}
	syntax := c.m.CallSyntax(call)
	if syntax == nil {
		return
	}
	name := "c"
	if sel, ok := ast.Unparen(syntax.Fun).(*ast.SelectorExpr); ok {
		name = types.ExprString(sel.X)
	}
	path := srcedit.Enclosing(file, syntax.Pos(), syntax.End())
	var ifStmt *ast.IfStmt
	inLoop := false
	for _, n := range path {
		if n == fn.Syntax() {
			break
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			inLoop = true
		case *ast.IfStmt:
			if ifStmt == nil {
				ifStmt = n
			}
		case *ast.FuncLit:
			// fn.Syntax() is this literal for a literal's own Wait.
		}
	}
	if !inLoop && ifStmt != nil && !c.permanentWait(ifStmt, syntax) {
		d := analysis.Diagnostic{
			Pos: syntax.Pos(),
			Message: fmt.Sprintf("%s.Wait is not in a for loop that re-checks the condition: when Wait returns, another goroutine may have made it false again (wait in a loop: for !condition { %s.Wait() })",
				name, name),
		}
		if fix, ok := ifToFor(ifStmt, syntax); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.pass.Report(d)
	}
	c.unlocked(fn, call, syntax, name)
	c.invariantLoop(fn, call, syntax, name)
	if !inLoop && ifStmt == nil {
		c.lostWakeup(fn, call, syntax, name)
	}
}

// ifToFor turns `if cond { c.Wait() }` into `for cond { c.Wait() }` when
// the Wait is the if's only statement and the if has no init or else.
func ifToFor(ifStmt *ast.IfStmt, wait *ast.CallExpr) (analysis.SuggestedFix, bool) {
	if ifStmt.Init != nil || ifStmt.Else != nil || len(ifStmt.Body.List) != 1 {
		return analysis.SuggestedFix{}, false
	}
	es, ok := ifStmt.Body.List[0].(*ast.ExprStmt)
	if !ok || es.X != wait {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Wait in a for loop",
		TextEdits: []analysis.TextEdit{{Pos: ifStmt.If, End: ifStmt.If + token.Pos(len("if")), NewText: []byte("for")}},
	}, true
}

// unlocked reports a Wait whose c.L is a mutex the function locks but
// holds on no path to the Wait, or, in a helper that never locks it, whose
// callers do the same (unheld).
func (c *checker) unlocked(fn *ssa.Function, call *ssa.Call, syntax *ast.CallExpr, name string) {
	mu, ok := c.m.CondLock(call.Call.Args[0])
	if !ok {
		return
	}
	via, lock, ok := c.unheld(fn, call, mu)
	if !ok {
		return
	}
	if via != nil {
		c.unlockedByCallers(fn, syntax, name, mu, via, lock)
		return
	}
	muName := lockName(lock, mu)
	c.pass.Report(analysis.Diagnostic{
		Pos: syntax.Pos(),
		Message: fmt.Sprintf("%s.Wait without holding %s (%s.L): Wait unlocks %s, and unlocking an unlocked mutex is a fatal error (lock %s before the loop that calls Wait)",
			name, muName, name, muName, muName),
		Related: []analysis.RelatedInformation{{Pos: lock.Pos, Message: muName + " is locked only here"}},
	})
}

// unheld reports whether mu is not held at at, an instruction of fn that
// waits on a Cond whose L is mu: fn locks mu elsewhere but holds it on no
// path to at (lock is that Lock, via nil), or fn never locks mu and every
// call of it, through up to maxCallerDepth calls, comes from such a
// function (via is the first such call, lock a Lock of its function). A
// function that unlocks mu before it locks it was called holding it, and
// one that locks through c.L.Lock() is not followed.
func (c *checker) unheld(fn *ssa.Function, at ssa.Instruction, mu model.Ref) (via ssa.CallInstruction, lock *model.LockOp, ok bool) {
	if locksThroughL(fn) {
		return nil, nil, false
	}
	if f := c.m.Func(fn); f != nil {
		if releasedFirst(c.m, f, mu) || slices.ContainsFunc(c.m.MayHeldAt(at), func(h model.Held) bool { return h.Mutex.Same(mu) }) {
			return nil, nil, false
		}
		for _, op := range f.LockOps {
			if !op.Deferred && (op.Kind == model.Lock || op.Kind == model.RLock) && op.Mutex.Same(mu) {
				return nil, op, true
			}
		}
	}
	// fn never locks mu: its callers must hold it.
	return c.callersUnheld(fn, mu, 1)
}

// lockName names mu as its Lock does (q.mu for q.mu.Lock()).
func lockName(lock *model.LockOp, mu model.Ref) string {
	if lock.Syntax != nil {
		if sel, ok := ast.Unparen(lock.Syntax.Fun).(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return mu.String()
}

// releasedFirst reports whether some path from the function's entry
// unlocks mu before locking it: the caller held it.
func releasedFirst(m *model.Model, f *model.Func, mu model.Ref) bool {
	ev := map[ssa.Instruction]bool{}
	var releases []ssa.Instruction
	for _, op := range f.LockOps {
		if op.Deferred || !op.Mutex.Same(mu) {
			continue
		}
		ev[op.Instr] = true
		if op.Kind == model.Unlock || op.Kind == model.RUnlock {
			releases = append(releases, op.Instr)
		}
	}
	return slices.ContainsFunc(releases, m.EntryReacher(f.Fn, ev, nil))
}

// locksThroughL reports whether fn calls Lock or RLock through an
// interface (c.L.Lock()): a lock the model does not track.
func locksThroughL(fn *ssa.Function) bool {
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok && call.Common().IsInvoke() {
				if n := call.Common().Method.Name(); n == "Lock" || n == "RLock" {
					return true
				}
			}
		}
	}
	return false
}

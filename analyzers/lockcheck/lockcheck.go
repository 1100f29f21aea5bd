package lockcheck

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concvet/concvet/internal/checkdoc"
	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "lockcheck",
	Doc:      checkdoc.MustExtract(doc, "lockcheck"),
	URL:      "https://pkg.go.dev/github.com/concvet/concvet/analyzers/lockcheck",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	if m.SSA == nil {
		return nil, nil
	}
	c := &checker{pass: pass, m: m}
	for _, f := range m.Funcs {
		if f.File == nil || srcedit.Generated(f.File) || f.Fn == nil || len(f.Fn.Blocks) == 0 || f.Syntax == nil || m.Oversized(pass, pass.Analyzer.Name, f.Fn) {
			continue
		}
		c.doubleLocks(f)
		c.forgotten(f)
		c.deferredMismatch(f)
		c.unlockedTwice(f)
		c.mismatchedReleases(f)
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
}

// acquires reports whether k takes the mutex (TryLock is not a blocking
// acquisition and is not checked).
func acquires(k model.LockKind) bool { return k == model.Lock || k == model.RLock }

func releases(k model.LockKind) bool { return k == model.Unlock || k == model.RUnlock }

// mutexName returns how the source names the mutex of a lock operation:
// the receiver of the call (c.mu of c.mu.Lock()).
func (c *checker) mutexName(op *model.LockOp) string {
	if op.Syntax != nil {
		if sel, ok := ast.Unparen(op.Syntax.Fun).(*ast.SelectorExpr); ok {
			// For a method promoted from an embedded mutex (d.mu.Lock()
			// on a struct embedding sync.Mutex) this is d.mu, as the
			// source spells the calls.
			return exprName(sel.X)
		}
	}
	return op.Mutex.String()
}

func exprName(e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if s, ok := e.(*ast.StarExpr); ok {
		e = ast.Unparen(s.X)
	}
	return types.ExprString(e)
}

// heldName names a held mutex: as its acquiring operation spells it.
func (c *checker) heldName(h model.Held) string {
	if h.Call != nil {
		return c.callMutexName(h.Call)
	}
	if h.Lock != nil {
		return c.mutexName(h.Lock)
	}
	return h.Mutex.String()
}

// callMutexName names the mutex a lock helper's call acts on: the
// argument's expression and the fact's path (c.mu of c.Value()).
func (c *checker) callMutexName(lc *model.LockCall) string {
	if lc.Syntax == nil || lc.Callee == nil {
		return lc.Mutex.String()
	}
	var args []ast.Expr
	if lc.Callee.Signature().Recv() != nil {
		sel, ok := ast.Unparen(lc.Syntax.Fun).(*ast.SelectorExpr)
		if !ok {
			return lc.Mutex.String()
		}
		args = append(args, sel.X)
	}
	args = append(args, lc.Syntax.Args...)
	// The argument whose Ref is a prefix of the mutex's.
	for i, a := range args {
		ar := c.argRef(lc, i)
		if ar.Root == lc.Mutex.Root && len(ar.Fields) <= len(lc.Mutex.Fields) && slices.Equal(ar.Fields, lc.Mutex.Fields[:len(ar.Fields)]) {
			name := exprName(a)
			for _, f := range lc.Mutex.Fields[len(ar.Fields):] {
				name += "." + f.Name()
			}
			return name
		}
	}
	return lc.Mutex.String()
}

// argRef returns the Ref of the i-th argument of lc's call, the receiver
// first.
func (c *checker) argRef(lc *model.LockCall, i int) model.Ref {
	common := lc.Instr.Common()
	args := common.Args
	if mc, ok := common.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == 1 && lc.Callee.Signature().Recv() != nil {
		args = append([]ssa.Value{mc.Bindings[0]}, args...)
	}
	if i >= len(args) {
		return model.Ref{}
	}
	return c.m.Ref(args[i])
}

func calleeName(lc *model.LockCall) string {
	if lc.Syntax != nil {
		return types.ExprString(ast.Unparen(lc.Syntax.Fun))
	}
	return lc.Callee.Name()
}

// doubleLocks reports a Lock or RLock, or a call of a function that locks,
// of a mutex the goroutine holds on every path to it.
func (c *checker) doubleLocks(f *model.Func) {
	// One bug, one finding: the calls of one helper (or locks of one
	// mutex) made while one Lock is held, on different paths (both
	// branches of an if), are one report at the first, with the others as
	// related positions.
	type key struct {
		held ssa.Instruction
		what string
	}
	var order []key
	found := map[key]*analysis.Diagnostic{}
	report := func(k key, d analysis.Diagnostic, again string) {
		if e := found[k]; e != nil {
			e.Related = append(e.Related, analysis.RelatedInformation{Pos: d.Pos, Message: again})
			return
		}
		found[k] = &d
		order = append(order, k)
	}
	defer func() {
		for _, k := range order {
			c.pass.Report(*found[k])
		}
	}()
	for _, op := range f.LockOps {
		if op.Deferred || !acquires(op.Kind) || !op.Mutex.Valid() {
			continue
		}
		for _, h := range c.m.HeldAt(op.Instr) {
			if !h.Mutex.Same(op.Mutex) || c.handedOff(f, op.Mutex) || c.unlockedElsewhere(f, op.Mutex) {
				continue
			}
			name := c.mutexName(op)
			read := op.Kind == model.RLock
			if h.Read && read && (unshared(op.Mutex) || !c.writerMayRun(f, op.Mutex)) {
				continue // no writer can come in between
			}
			var msg string
			switch {
			case !h.Read && !read:
				msg = fmt.Sprintf("%s.Lock while this goroutine already holds %s deadlocks: a mutex is not reentrant (unlock it first, or do not lock it again)", name, name)
			case !h.Read && read:
				msg = fmt.Sprintf("%s.RLock while this goroutine holds %s.Lock deadlocks: the read lock waits for the write lock this goroutine holds (do not lock it again)", name, name)
			case h.Read && read:
				msg = fmt.Sprintf("%s.RLock while this goroutine already holds %s.RLock deadlocks when a writer calls Lock between the two: a waiting writer blocks new readers (do not read-lock it twice)", name, name)
			default:
				msg = fmt.Sprintf("%s.Lock while this goroutine holds %s.RLock deadlocks: a read lock cannot be upgraded, Lock waits for every reader to leave, this one included (RUnlock first, then Lock and check again)", name, name)
			}
			var held ssa.Instruction
			if h.Lock != nil {
				held = h.Lock.Instr
			}
			report(key{held, op.Kind.String() + " " + name}, analysis.Diagnostic{Pos: op.Pos, Message: msg, Related: c.heldRelated(h)}, "and locked again here")
			break
		}
	}
	c.boundLocks(f, func(held ssa.Instruction, what string, d analysis.Diagnostic) {
		report(key{held, what}, d, "and called here")
	})
	for _, lc := range c.m.LockCalls(f) {
		if lc.Deferred || (lc.Effect != model.EffectLocks && lc.Effect != model.EffectHolds) {
			continue
		}
		if lockedConvention(lc.Callee.Name()) {
			continue
		}
		for _, h := range c.m.HeldAt(lc.Instr) {
			if !h.Mutex.Same(lc.Mutex) || c.handedOff(f, lc.Mutex) || c.unlockedElsewhere(f, lc.Mutex) || (h.Read && lc.Read && (unshared(lc.Mutex) || !c.writerMayRun(f, lc.Mutex))) {
				continue
			}
			name := c.heldName(h)
			verb := "locks"
			if lc.Read {
				verb = "read-locks"
			}
			holds := "holds"
			if h.Read {
				holds = "read-locks"
			}
			var why string
			switch {
			case h.Read && lc.Read:
				why = "a writer calling Lock in between blocks it forever (call a variant that expects the lock held, or release it first)"
			case h.Read:
				why = "a read lock cannot be upgraded, the call deadlocks (release the read lock first)"
			default:
				why = "the call deadlocks (call a variant that expects the lock held, or release it first)"
			}
			msg := fmt.Sprintf("%s %s %s, which this goroutine already %s: %s", calleeName(lc), verb, name, holds, why)
			var held ssa.Instruction
			if h.Lock != nil {
				held = h.Lock.Instr
			}
			report(key{held, calleeName(lc) + " " + name}, analysis.Diagnostic{Pos: lc.Pos, Message: msg, Related: c.heldRelated(h)}, "and called here")
			break
		}
	}
}

// handedOff reports whether another function of the package (a goroutine's
// literal, the enclosing function of a literal) or a goroutine f starts
// unlocks mu: locking it again waits for that goroutine, a handoff.
func (c *checker) handedOff(f *model.Func, mu model.Ref) bool {
	for _, g := range c.m.Funcs {
		if g == f {
			continue
		}
		for _, op := range g.LockOps {
			if releases(op.Kind) && op.Mutex.Same(mu) {
				return true
			}
		}
		for _, call := range g.Calls {
			if call.Has(model.OpUnlock, mu) || call.Has(model.OpRUnlock, mu) {
				return true
			}
		}
	}
	return false
}

func (c *checker) heldRelated(h model.Held) []analysis.RelatedInformation {
	if h.Lock == nil {
		return nil
	}
	msg := c.heldName(h) + " is locked here"
	if h.Call != nil {
		msg = c.heldName(h) + " is locked here by " + calleeName(h.Call)
	}
	return []analysis.RelatedInformation{{Pos: h.Lock.Pos, Message: msg}}
}

// lockedConvention reports whether a function's name says that its caller
// holds the lock (fooLocked, foo_locked).
func lockedConvention(name string) bool {
	return strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "_locked") || strings.HasSuffix(name, "LOCKED")
}

// lockerName reports whether a function's name says that it returns
// holding a lock: lock, acquire, begin in any case.
func lockerName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "lock") || strings.Contains(n, "acquire") || strings.Contains(n, "begin")
}

// declName returns the name of f's declared function (for a literal, of
// the function that encloses it).
func declName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

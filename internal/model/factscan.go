package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// mayHaveFacts reports whether the package's syntax holds anything a fact
// of the suite can come from, for go vet's facts-only run of a dependency,
// where facts are all that is read. Every fact describes what a function
// does with channels, mutexes, WaitGroups, contexts or the function values
// it is given, directly or through a call of a function that has a fact:
//
//   - ParamOps: a send, receive, range, select or close; a method of
//     sync's Mutex, RWMutex, Locker, WaitGroup or Cond, or errgroup; a call
//     of a function value (a parameter's cancel); a call of a function
//     with a fact;
//   - LockEffects, LockAcquires, LockOrder and guardedby's Guarded: a lock
//     operation, or a call of a function with a lock fact;
//   - ctxcancel's ReturnsCancel: a context constructor, or a function
//     returning a function value it got from a call (the model cannot read
//     ctxcancel's facts, so any such call counts).
//
// A package with none of these exports no fact when its SSA is built, so
// the facts-only run skips building it. This is a syntactic
// over-approximation: a false answer must mean "no fact", a true one only
// "maybe".
func mayHaveFacts(pass *analysis.Pass) bool {
	info := pass.TypesInfo
	returnsFunc := false // a declared function has a function-typed result
	callsFuncResult := false
	found := false
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{
		(*ast.GoStmt)(nil), (*ast.SendStmt)(nil), (*ast.SelectStmt)(nil),
		(*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil),
		(*ast.FuncDecl)(nil),
	}, func(n ast.Node) {
		if found {
			return
		}
		switch n := n.(type) {
		case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.ARROW
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				// A channel, or an iterator: ranging over a function
				// calls it (ParamOps' OpCall).
				_, iter := t.Underlying().(*types.Signature)
				found = iter || hasChanCore(t)
			}
		case *ast.FuncDecl:
			if obj, ok := info.Defs[n.Name].(*types.Func); ok && hasFuncResult(obj.Signature()) {
				returnsFunc = true
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
				return // a conversion
			}
			switch callee := typeutil.Callee(info, n).(type) {
			case *types.Builtin:
				found = callee.Name() == "close"
			case *types.Func:
				found = concurrencyFunc(callee) || hasModelFact(pass, callee)
				if callee.Pkg() != pass.Pkg && hasFuncResult(callee.Signature()) {
					callsFuncResult = true
				}
			case *types.Var, nil:
				// A call of a function value (a variable, a field, any
				// other expression): its caller's cancel, stop or cleanup
				// function (ParamOps' OpCall).
				found = true
			}
		}
	})
	return found || returnsFunc && callsFuncResult
}

// concurrencyFunc reports whether fn is a function or method the model
// records an operation for: sync's lock, WaitGroup and Cond methods,
// errgroup's, context's functions (constructors, AfterFunc) and
// signal.NotifyContext.
func concurrencyFunc(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case pathContext, pathErrgroup:
		return true
	case pathSignal:
		return fn.Name() == "NotifyContext"
	case pathSync:
		switch RecvName(fn) { // "" for sync.OnceFunc and friends
		case "Mutex", "RWMutex", "Locker", "WaitGroup", "Cond":
			return true
		}
	}
	return false
}

// hasModelFact reports whether another package's fn has one of the
// model's object facts.
func hasModelFact(pass *analysis.Pass, fn *types.Func) bool {
	if fn.Pkg() == pass.Pkg {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	var po ParamOps
	var le LockEffects
	var la LockAcquires
	return pass.ImportObjectFact(fn, &po) || pass.ImportObjectFact(fn, &le) || pass.ImportObjectFact(fn, &la)
}

// hasFuncResult reports whether sig returns a function value.
func hasFuncResult(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// hasChanCore reports whether t is a channel, or a type parameter one of
// whose types is.
func hasChanCore(t types.Type) bool {
	if tp, ok := t.(*types.TypeParam); ok {
		iface, _ := tp.Underlying().(*types.Interface)
		if iface == nil {
			return true
		}
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			if u, ok := iface.EmbeddedType(i).(*types.Union); ok {
				for j := 0; j < u.Len(); j++ {
					if _, ok := u.Term(j).Type().Underlying().(*types.Chan); ok {
						return true
					}
				}
			}
		}
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

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
//     ctxcancel's facts, so any such call counts);
//   - condwait's WaitsUnheld: a Cond method, or a call that hands a
//     *sync.Cond to another package's function (the same).
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
		case *ast.FuncDecl:
			if obj, ok := info.Defs[n.Name].(*types.Func); ok && hasFuncResult(obj.Signature()) {
				returnsFunc = true
			}
		case *ast.CallExpr:
			if callee, ok := typeutil.Callee(info, n).(*types.Func); ok && callee.Pkg() != pass.Pkg && hasFuncResult(callee.Signature()) {
				callsFuncResult = true
			}
			found = factSyntax(pass, n, false)
		default:
			found = factSyntax(pass, n, false)
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

// factFuncs gives, for go vet's facts-only run of a package that may have
// facts, the declared functions whose SSA can matter to one: those whose
// body holds what mayHaveFacts looks for, and every function that refers
// to one of them (a call, a method value, an interface call of a method
// of that name), to a fixed point, since facts pass up through calls. The
// other functions are built without their bodies: nothing they do reaches
// a fact. It returns nil, meaning all, when guardedby may export a
// Guarded fact (MayExportGuard): that fact counts the accesses of every
// function, a fact-free one too.
func factFuncs(pass *analysis.Pass) map[*ast.FuncDecl]bool {
	if MayExportGuard(pass.Pkg) {
		return nil
	}
	info := pass.TypesInfo
	declOf := map[*types.Func]*ast.FuncDecl{}
	byName := map[string][]*ast.FuncDecl{} // methods, for interface calls
	var decls []*ast.FuncDecl
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			decls = append(decls, fd)
			if obj, ok := info.Defs[fd.Name].(*types.Func); ok {
				declOf[obj] = fd
				if fd.Recv != nil {
					byName[obj.Name()] = append(byName[obj.Name()], fd)
				}
			}
		}
	}
	keep := map[*ast.FuncDecl]bool{}
	callers := map[*ast.FuncDecl][]*ast.FuncDecl{}
	var work []*ast.FuncDecl
	for _, fd := range decls {
		obj, _ := info.Defs[fd.Name].(*types.Func)
		returnsFunc := obj != nil && hasFuncResult(obj.Signature())
		direct := false
		refer := func(to *ast.FuncDecl) {
			if to != nil && to != fd {
				callers[to] = append(callers[to], fd)
			}
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if direct {
				return false
			}
			switch n := n.(type) {
			case *ast.Ident:
				if fn, ok := info.Uses[n].(*types.Func); ok && fn.Pkg() == pass.Pkg {
					if o := fn.Origin(); o != nil {
						fn = o
					}
					refer(declOf[fn])
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal && types.IsInterface(sel.Recv()) {
					for _, m := range byName[n.Sel.Name] {
						refer(m)
					}
				}
			default:
				direct = factSyntax(pass, n, returnsFunc)
			}
			return true
		})
		if direct {
			keep[fd] = true
			work = append(work, fd)
		}
	}
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range callers[fd] {
			if !keep[c] {
				keep[c] = true
				work = append(work, c)
			}
		}
	}
	return keep
}

// factSyntax reports whether n is something mayHaveFacts looks for, in a
// function with a function-typed result when returnsFunc.
func factSyntax(pass *analysis.Pass, n ast.Node, returnsFunc bool) bool {
	info := pass.TypesInfo
	switch n := n.(type) {
	case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt:
		return true
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.RangeStmt:
		if t := info.TypeOf(n.X); t != nil {
			_, iter := t.Underlying().(*types.Signature)
			return iter || hasChanCore(t)
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
			return false
		}
		switch callee := typeutil.Callee(info, n).(type) {
		case *types.Builtin:
			return callee.Name() == "close"
		case *types.Func:
			return concurrencyFunc(callee) || hasModelFact(pass, callee) ||
				returnsFunc && callee.Pkg() != pass.Pkg && hasFuncResult(callee.Signature()) ||
				callee.Pkg() != pass.Pkg && passesCond(info, n)
		case *types.Var, nil:
			return true
		}
	}
	return false
}

// passesCond reports whether call hands a *sync.Cond to the function it
// calls: condwait's WaitsUnheld fact may pass up through it (the model
// cannot read condwait's facts, so any such call of another package
// counts).
func passesCond(info *types.Info, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if t := info.TypeOf(a); t != nil && IsSyncPointer(t, "Cond") {
			return true
		}
	}
	return false
}

// MayExportGuard reports whether guardedby may export a Guarded fact for a
// field of pkg: one of its struct types has an exported or embedded mutex.
func MayExportGuard(pkg *types.Package) bool {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for f := range st.Fields() {
			if (f.Exported() || f.Embedded()) && IsSync(f.Type(), "Mutex", "RWMutex") {
				return true
			}
		}
	}
	return false
}

// referencedImports gives the imports of the package whose package-level
// functions or variables files refer to (go/ssa needs the package of such
// a member created; methods it makes on demand).
func referencedImports(pass *analysis.Pass, files []*ast.File) []*types.Package {
	seen := map[*types.Package]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := pass.TypesInfo.Uses[id]
			if fn, ok := obj.(*types.Func); ok {
				obj = fn.Origin()
			} else if _, ok := obj.(*types.Var); !ok {
				return true
			}
			if p := obj.Pkg(); p != nil && p != pass.Pkg && obj.Parent() == p.Scope() {
				seen[p] = true
			}
			return true
		})
	}
	var out []*types.Package
	for _, p := range pass.Pkg.Imports() {
		if seen[p] {
			out = append(out, p)
		}
	}
	return out
}

package lsp

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A snapshot is what the full analysis of a directory's package leaves for
// the edits after it: the dependencies' types and facts, and how the
// package was put together. An edit then re-parses and re-type-checks only
// the package's own units (the package with its in-package tests, and its
// external test package) against those types, and runs the checks on them
// with those facts; go list, parsing, type-checking and analysing the
// dependencies are skipped. The snapshot holds until a file of a
// dependency, an open buffer of one, go.mod, go.sum or go.work changes,
// the package's files or imports change, or the configuration changes;
// then the next analysis is a full one again.
type snapshot struct {
	cfgGen int // the configuration it was made with
	dir    string
	units  []*unit // in dependency order: the external test package last
	// facts of the dependencies, by object or package and fact type.
	objFacts map[objFactKey]analysis.Fact
	pkgFacts map[pkgFactKey]analysis.Fact
	stamps   map[string]stamp // dependency files, go.mod &c., as loaded
	dirGo    []string         // the .go files in dir when it was loaded
	fset     *token.FileSet   // the dependencies' positions
	// parsed holds the package's own files as last parsed, by name, so
	// that an edit re-parses only the files that changed. The snapshot
	// serves one run at a time (one per directory).
	parsed map[string]parsedFile
	// constraints holds the build constraints of the package's own files
	// as loaded: a file whose constraints change may leave the package
	// or join it, which only go list can tell.
	constraints map[string]string
}

type parsedFile struct {
	hash [32]byte
	file *ast.File
	err  error
}

// A unit is one of the package's own units as the full load found it.
type unit struct {
	meta    *packages.Package // without Syntax and TypesInfo
	imports map[string]*packages.Package
}

type objFactKey struct {
	obj types.Object
	typ reflect.Type
}

type pkgFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// A stamp tells whether a file changed: its size and modification time
// on disk, or the hash of the open buffer that stood for it.
type stamp struct {
	size    int64
	mtime   time.Time
	overlay [32]byte
	open    bool
	missing bool
}

func stampOf(path string, overlay map[string][]byte) stamp {
	if data, ok := overlay[path]; ok {
		return stamp{open: true, overlay: sha256.Sum256(data)}
	}
	info, err := os.Stat(path)
	if err != nil {
		return stamp{missing: true}
	}
	return stamp{size: info.Size(), mtime: info.ModTime()}
}

// rootUnits picks the package's own units from a load with tests, as go vet
// does: the test variant, which holds every file of the package (the
// package itself when it has no in-package tests), and the external test
// package. The test main and the plain package are left out: their
// findings would repeat the test variant's.
func rootUnits(pkgs []*packages.Package) []*packages.Package {
	var plain, test, xtest *packages.Package
	for _, p := range pkgs {
		switch {
		case p.ForTest == "" && !strings.HasSuffix(p.ID, ".test"):
			plain = p
		case p.ForTest != "" && p.PkgPath == p.ForTest:
			test = p
		case p.ForTest != "" && p.PkgPath == p.ForTest+"_test":
			xtest = p
		}
	}
	var out []*packages.Package
	if test != nil {
		out = append(out, test)
	} else if plain != nil {
		out = append(out, plain)
	}
	if xtest != nil {
		out = append(out, xtest)
	}
	return out
}

// newSnapshot keeps what the next edits need from a full analysis, or
// returns nil when the package is of a shape the incremental path does not
// handle (cgo, type errors, dependencies that are themselves test
// variants of it).
func newSnapshot(req *request, roots []*packages.Package, graph *checker.Graph) *snapshot {
	snap := &snapshot{
		cfgGen:   req.cfgGen,
		dir:      req.dir,
		objFacts: make(map[objFactKey]analysis.Fact),
		pkgFacts: make(map[pkgFactKey]analysis.Fact),
		stamps:   make(map[string]stamp),
		dirGo:    goFilesIn(req.dir, req.overlay),
		parsed:   make(map[string]parsedFile),

		constraints: make(map[string]string),
	}
	own := make(map[*packages.Package]bool)
	ownTypes := make(map[*types.Package]bool)
	for _, r := range roots {
		if !slices.Equal(r.GoFiles, r.CompiledGoFiles) || len(r.Errors) > 0 || r.Types == nil || r.IllTyped {
			return nil
		}
		own[r] = true
		ownTypes[r.Types] = true
		snap.fset = r.Fset
	}
	// Every dependency must be outside the package's own units: a
	// dependency recompiled for the test (an intermediate test variant)
	// would have to be checked again on every edit.
	ok := true
	seen := make(map[*packages.Package]bool)
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, imp := range p.Imports {
			if own[imp] {
				continue
			}
			if imp.ForTest != "" || len(imp.Errors) > 0 {
				ok = false
			}
			for _, f := range imp.CompiledGoFiles {
				snap.stamps[f] = stampOf(f, req.overlay)
			}
			for _, f := range imp.GoFiles {
				snap.stamps[f] = stampOf(f, req.overlay)
			}
			visit(imp)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	if !ok {
		return nil
	}
	for _, r := range roots {
		if r.Module != nil && r.Module.GoMod != "" {
			for _, f := range []string{r.Module.GoMod, strings.TrimSuffix(r.Module.GoMod, ".mod") + ".sum"} {
				snap.stamps[f] = stampOf(f, req.overlay)
			}
		}
	}
	if gowork := goEnv(req.env, "GOWORK"); gowork != "" && gowork != "off" {
		snap.stamps[gowork] = stampOf(gowork, req.overlay)
	}
	// The facts of the dependencies, as the units' actions of the
	// analyzers with facts (requirements of the checks) saw them.
	for act := range graph.All() {
		if !own[act.Package] || len(act.Analyzer.FactTypes) == 0 {
			continue
		}
		if act.Err != nil {
			return nil
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != nil && !ownTypes[f.Object.Pkg()] {
				snap.objFacts[objFactKey{f.Object, reflect.TypeOf(f.Fact)}] = f.Fact
			}
		}
		for _, f := range act.AllPackageFacts() {
			if !ownTypes[f.Package] {
				snap.pkgFacts[pkgFactKey{f.Package, reflect.TypeOf(f.Fact)}] = f.Fact
			}
		}
	}
	for _, r := range roots {
		for _, f := range r.Syntax {
			snap.constraints[r.Fset.File(f.FileStart).Name()] = buildConstraints(f)
		}
		// Files the build left out join it if their constraints change.
		for _, f := range r.IgnoredFiles {
			snap.stamps[f] = stampOf(f, req.overlay)
		}
		u := &unit{meta: r, imports: r.Imports}
		snap.units = append(snap.units, u)
	}
	// The dependencies' syntax and type information are not needed any
	// more; their types and the facts are.
	for p := range seen {
		if !own[p] {
			p.Syntax, p.TypesInfo = nil, nil
		}
	}
	for _, u := range snap.units {
		m := *u.meta
		m.Syntax, m.TypesInfo, m.Types = nil, nil, nil
		u.meta = &m
	}
	return snap
}

// goFilesIn lists the .go files of dir, on disk or open.
func goFilesIn(dir string, overlay map[string][]byte) []string {
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	for path := range overlay {
		if filepath.Dir(path) == dir && !slices.Contains(names, filepath.Base(path)) {
			names = append(names, filepath.Base(path))
		}
	}
	slices.Sort(names)
	return names
}

func goEnv(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	if env == nil {
		return os.Getenv(name)
	}
	return ""
}

// valid reports whether snap still describes req's package.
func (snap *snapshot) valid(req *request) bool {
	if snap == nil || snap.dir != req.dir || snap.cfgGen != req.cfgGen {
		return false
	}
	if !slices.Equal(snap.dirGo, goFilesIn(req.dir, req.overlay)) {
		return false
	}
	for path, st := range snap.stamps {
		if stampOf(path, req.overlay) != st {
			return false
		}
	}
	// An open buffer of a dependency that was closed or opened since.
	for path := range req.overlay {
		if st, ok := snap.stamps[path]; ok && !st.open {
			return false
		}
	}
	return true
}

// errStale says the snapshot cannot serve this edit (an import was added,
// say); the caller does a full analysis instead.
var errStale = errors.New("snapshot is stale")

// analyzeIncremental analyses req's package from snap: its units are
// parsed from the buffers or disk and type-checked against the
// dependencies' types, and the checks run on them with the dependencies'
// facts.
func analyzeIncremental(ctx context.Context, req *request, snap *snapshot) (*outcome, error) {
	t0 := time.Now()
	fset := snap.fset
	checked := make(map[string]*types.Package) // the units' new types, by ID
	type done struct {
		pkg   *packages.Package
		diags map[*analysis.Analyzer][]analysis.Diagnostic
	}
	var units []*packages.Package
	for _, u := range snap.units {
		p, err := checkUnit(req, snap, u, checked)
		if err != nil {
			return nil, err
		}
		checked[u.meta.ID] = p.Types
		units = append(units, p)
	}
	loaded := time.Now()
	out := &outcome{files: make(map[string][]finding), load: loaded.Sub(t0)}
	defer func() { out.analysis = time.Since(loaded) }()
	for _, p := range units {
		for _, e := range p.Errors {
			out.notes = append(out.notes, e.Error())
		}
	}
	if len(out.notes) > 0 || len(req.checks) == 0 {
		return out, nil // not analysed, as after a full load with errors
	}
	facts := &factStore{snap: snap, obj: make(map[objFactKey]analysis.Fact), pkg: make(map[pkgFactKey]analysis.Fact)}
	checks := wrap(ctx, req.checks, req.overlay)
	conv := &converter{req: req, mappers: make(map[string]*mapper)}
	col := newCollector(conv)
	for _, p := range units {
		results, err := runChecks(ctx, checks, p, facts)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, err
		}
		for _, r := range results {
			if r.err != nil {
				col.note(fmt.Sprintf("%s: %v", r.analyzer.Name, r.err))
				continue
			}
			if slices.Contains(checks, r.analyzer) {
				col.add(fset, r.analyzer, r.diags)
			}
		}
	}
	col.finish(out)
	return out, nil
}

// checkUnit parses and type-checks one of the package's units as it is
// now, with the imports of the full load; an import the load did not have
// makes the snapshot stale.
func checkUnit(req *request, snap *snapshot, u *unit, checked map[string]*types.Package) (*packages.Package, error) {
	fset, parsed := snap.fset, snap.parsed
	m := u.meta
	p := &packages.Package{
		ID: m.ID, Name: m.Name, PkgPath: m.PkgPath, Fset: fset,
		GoFiles: m.GoFiles, CompiledGoFiles: m.CompiledGoFiles, OtherFiles: m.OtherFiles,
		IgnoredFiles: m.IgnoredFiles, Module: m.Module, TypesSizes: m.TypesSizes,
		Imports: m.Imports, ForTest: m.ForTest,
	}
	for _, name := range m.CompiledGoFiles {
		src, ok := req.overlay[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				return nil, errStale
			}
		}
		hash := sha256.Sum256(src)
		pf, ok := parsed[name]
		if !ok || pf.hash != hash {
			pf.hash = hash
			pf.file, pf.err = parser.ParseFile(fset, name, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
			parsed[name] = pf
		}
		f, err := pf.file, pf.err
		if f == nil {
			return nil, errStale
		}
		if err != nil {
			p.Errors = append(p.Errors, packages.Error{Msg: err.Error(), Kind: packages.ParseError})
		}
		if f.Name.Name != m.Name || buildConstraints(f) != snap.constraints[name] {
			return nil, errStale
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || path == "C" || u.imports[path] == nil && path != "unsafe" {
				return nil, errStale
			}
		}
		p.Syntax = append(p.Syntax, f)
	}
	if len(p.Errors) > 0 {
		return p, nil
	}
	p.TypesInfo = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	cfg := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := u.imports[path]
			if imp == nil {
				return nil, fmt.Errorf("no package for import %q", path)
			}
			if t := checked[imp.ID]; t != nil {
				return t, nil
			}
			if imp.Types == nil {
				return nil, fmt.Errorf("no types for %q", path)
			}
			return imp.Types, nil
		}),
		Sizes: m.TypesSizes,
		Error: func(err error) {
			p.TypeErrors = append(p.TypeErrors, err.(types.Error))
			p.Errors = append(p.Errors, packages.Error{Msg: err.Error(), Kind: packages.TypeError})
		},
	}
	if m.Module != nil && m.Module.GoVersion != "" {
		cfg.GoVersion = "go" + m.Module.GoVersion
	}
	p.Types, _ = cfg.Check(m.PkgPath, fset, p.Syntax, p.TypesInfo)
	p.IllTyped = len(p.Errors) > 0
	return p, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// factStore holds the facts of one incremental analysis: those the units
// export, over the snapshot's facts of the dependencies.
type factStore struct {
	snap *snapshot
	mu   sync.Mutex // guards obj and pkg: passes run in parallel
	obj  map[objFactKey]analysis.Fact
	pkg  map[pkgFactKey]analysis.Fact
}

func (fs *factStore) objFact(obj types.Object, typ reflect.Type) (analysis.Fact, bool) {
	k := objFactKey{obj, typ}
	fs.mu.Lock()
	f, ok := fs.obj[k]
	fs.mu.Unlock()
	if ok {
		return f, true
	}
	f, ok = fs.snap.objFacts[k]
	return f, ok
}

func (fs *factStore) pkgFact(pkg *types.Package, typ reflect.Type) (analysis.Fact, bool) {
	k := pkgFactKey{pkg, typ}
	fs.mu.Lock()
	f, ok := fs.pkg[k]
	fs.mu.Unlock()
	if ok {
		return f, true
	}
	f, ok = fs.snap.pkgFacts[k]
	return f, ok
}

// An analyzerResult is one analyzer's run on one unit.
type analyzerResult struct {
	analyzer *analysis.Analyzer
	diags    []analysis.Diagnostic
	err      error
}

// runChecks runs checks, and what they require, on p, as go/analysis
// drivers do: each pass sees the results of its requirements on p and the
// facts of p's dependencies; passes whose requirements are done run in
// parallel.
func runChecks(ctx context.Context, checks []*analysis.Analyzer, p *packages.Package, facts *factStore) ([]*analyzerResult, error) {
	type node struct {
		res    analyzerResult
		result any
		done   chan struct{}
	}
	nodes := make(map[*analysis.Analyzer]*node)
	var order []*analysis.Analyzer
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if nodes[a] != nil {
			return
		}
		nodes[a] = &node{res: analyzerResult{analyzer: a}, done: make(chan struct{})}
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range checks {
		visit(a)
	}
	module := &analysis.Module{}
	if m := p.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	var wg sync.WaitGroup
	for _, a := range order {
		n := nodes[a]
		wg.Go(func() {
			defer close(n.done)
			inputs := make(map[*analysis.Analyzer]any)
			for _, r := range a.Requires {
				dep := nodes[r]
				<-dep.done
				if dep.res.err != nil && n.res.err == nil {
					n.res.err = fmt.Errorf("failed prerequisite: %s", r.Name)
				}
				inputs[r] = dep.result
			}
			if n.res.err == nil && ctx.Err() != nil {
				n.res.err = ctx.Err()
			}
			if n.res.err == nil {
				n.result, n.res.err = runPass(a, p, module, inputs, facts, &n.res)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]*analyzerResult, len(order))
	for i, a := range order {
		out[i] = &nodes[a].res
	}
	return out, nil
}

// runPass runs a on p; its diagnostics go to res.
func runPass(a *analysis.Analyzer, p *packages.Package, module *analysis.Module, inputs map[*analysis.Analyzer]any, facts *factStore, res *analyzerResult) (any, error) {
	isFact := make(map[reflect.Type]bool)
	for _, f := range a.FactTypes {
		isFact[reflect.TypeOf(f)] = true
	}
	pass := &analysis.Pass{
		Analyzer: a, Fset: p.Fset, Files: p.Syntax, OtherFiles: p.OtherFiles, IgnoredFiles: p.IgnoredFiles,
		Pkg: p.Types, TypesInfo: p.TypesInfo, TypesSizes: p.TypesSizes, TypeErrors: p.TypeErrors, Module: module,
		ResultOf: inputs,
		Report:   func(d analysis.Diagnostic) { res.diags = append(res.diags, d) },
		ReadFile: os.ReadFile,
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			if f, ok := facts.objFact(obj, reflect.TypeOf(ptr)); ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				return true
			}
			return false
		},
		ImportPackageFact: func(pkg *types.Package, ptr analysis.Fact) bool {
			if f, ok := facts.pkgFact(pkg, reflect.TypeOf(ptr)); ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				return true
			}
			return false
		},
		ExportObjectFact: func(obj types.Object, f analysis.Fact) {
			if obj.Pkg() != p.Types {
				panic(fmt.Sprintf("%s: fact for %s of another package", a.Name, obj))
			}
			facts.mu.Lock()
			facts.obj[objFactKey{obj, reflect.TypeOf(f)}] = f
			facts.mu.Unlock()
		},
		ExportPackageFact: func(f analysis.Fact) {
			facts.mu.Lock()
			facts.pkg[pkgFactKey{p.Types, reflect.TypeOf(f)}] = f
			facts.mu.Unlock()
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			var all []analysis.ObjectFact
			facts.mu.Lock()
			defer facts.mu.Unlock()
			for _, m := range []map[objFactKey]analysis.Fact{facts.snap.objFacts, facts.obj} {
				for k, f := range m {
					if isFact[k.typ] {
						all = append(all, analysis.ObjectFact{Object: k.obj, Fact: f})
					}
				}
			}
			return all
		},
		AllPackageFacts: func() []analysis.PackageFact {
			var all []analysis.PackageFact
			facts.mu.Lock()
			defer facts.mu.Unlock()
			for _, m := range []map[pkgFactKey]analysis.Fact{facts.snap.pkgFacts, facts.pkg} {
				for k, f := range m {
					if isFact[k.typ] {
						all = append(all, analysis.PackageFact{Package: k.pkg, Fact: f})
					}
				}
			}
			return all
		},
	}
	result, err := func() (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return a.Run(pass)
	}()
	if err == nil && reflect.TypeOf(result) != a.ResultType {
		err = fmt.Errorf("internal error: %s returned a %T, want %v", a.Name, result, a.ResultType)
	}
	return result, err
}

// buildConstraints returns the //go:build and // +build lines of f that
// stand before its package clause.
func buildConstraints(f *ast.File) string {
	var lines []string
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
				lines = append(lines, c.Text)
			}
		}
	}
	return strings.Join(lines, "\n")
}

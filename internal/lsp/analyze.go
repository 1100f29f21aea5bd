package lsp

import (
	"cmp"
	"context"
	"fmt"
	"github.com/concvet/concvet/internal/driver"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

const docURLPrefix = "https://pkg.go.dev/github.com/concvet/concvet/analyzers/"

// A finding is one published diagnostic with its quick fixes.
type finding struct {
	diag  Diagnostic
	fixes []CodeAction // without Diagnostics, filled in on request
}

// A request is one analysis: the package in dir (with its tests), seeing
// the open buffers as they were when it started.
type request struct {
	dir     string
	env     []string
	overlay map[string][]byte // every open buffer, by absolute path
	uris    map[string]string // the client's URI of every open buffer, by path
	checks  []*analysis.Analyzer
	cfgGen  int // the configuration's generation: a snapshot holds for one
}

// An outcome is what a run found: findings by file, de-duplicated across
// the package's test variants and sorted, and notes for the log (load and
// type errors, analyzer failures).
type outcome struct {
	files          map[string][]finding
	notes          []string
	load, analysis time.Duration // load: go list, parsing and type-checking
	incremental    bool          // from a snapshot
}

// analyze analyses req.dir's package with its tests: incrementally from
// snap when it still holds (see snapshot), otherwise with a full load by
// go/packages and a run of go/analysis/checker over the package and its
// dependencies, which makes a new snapshot. It stops early, with ctx's
// error, when ctx is cancelled: go list is killed, and no analyzer starts
// once the context is done.
func analyze(ctx context.Context, req *request, snap *snapshot) (*outcome, *snapshot, error) {
	if snap.valid(req) {
		out, err := analyzeIncremental(ctx, req, snap)
		if err != errStale {
			if out != nil {
				out.incremental = true
			}
			return out, snap, err
		}
	}
	out, roots, graph, err := analyzeFull(ctx, req)
	if err != nil || graph == nil {
		return out, nil, err
	}
	return out, newSnapshot(req, roots, graph), nil
}

// analyzeFull loads req.dir's package and its test variants with
// go/packages and runs req.checks over its units (see rootUnits) and, for
// their facts, their dependencies.
func analyzeFull(ctx context.Context, req *request) (*outcome, []*packages.Package, *checker.Graph, error) {
	mode := packages.LoadSyntax | packages.NeedModule | packages.NeedForTest
	if driver.NeedFacts(req.checks) {
		// Facts are computed from source in every dependency.
		mode = packages.LoadAllSyntax | packages.NeedModule | packages.NeedForTest
	}
	cfg := &packages.Config{
		Mode:    mode,
		Context: ctx,
		Dir:     req.dir,
		Env:     req.env,
		Overlay: req.overlay,
		Tests:   true,
	}
	t0 := time.Now()
	pkgs, err := packages.Load(cfg, ".")
	loaded := time.Now()
	if ctx.Err() != nil {
		return nil, nil, nil, ctx.Err()
	}
	if err != nil {
		return nil, nil, nil, err
	}
	out := &outcome{files: make(map[string][]finding), load: loaded.Sub(t0)}
	defer func() { out.analysis = time.Since(loaded) }()
	for _, p := range pkgs {
		for _, e := range p.Errors {
			out.notes = append(out.notes, e.Error())
		}
	}
	if len(req.checks) == 0 {
		return out, nil, nil, nil
	}
	roots := rootUnits(pkgs)
	checks := wrap(ctx, req.checks, req.overlay)
	graph, err := checker.Analyze(checks, roots, nil)
	if ctx.Err() != nil {
		return nil, nil, nil, ctx.Err()
	}
	if err != nil {
		return nil, nil, nil, err
	}
	col := newCollector(&converter{req: req, mappers: make(map[string]*mapper)})
	for act := range graph.All() {
		if act.Err != nil {
			if act.IsRoot {
				col.note(fmt.Sprintf("%s: %v", act.Analyzer.Name, act.Err))
			}
			continue
		}
		if act.IsRoot {
			col.add(act.Package.Fset, act.Analyzer, act.Diagnostics)
		}
	}
	col.finish(out)
	return out, roots, graph, nil
}

// A collector gathers a run's diagnostics: converted, de-duplicated
// across the units (a file in two of them is analysed twice) and sorted.
type collector struct {
	conv  *converter
	files map[string][]finding
	seen  map[diagKey]bool
	notes []string
	noted map[string]bool
}

type diagKey struct {
	file       string
	start, end Position
	check, msg string
}

func newCollector(conv *converter) *collector {
	return &collector{conv: conv, files: make(map[string][]finding), seen: make(map[diagKey]bool), noted: make(map[string]bool)}
}

func (c *collector) note(msg string) {
	if !c.noted[msg] {
		c.noted[msg] = true
		c.notes = append(c.notes, msg)
	}
}

func (c *collector) add(fset *token.FileSet, a *analysis.Analyzer, diags []analysis.Diagnostic) {
	for _, d := range diags {
		// The file and range of the user's file: a file cgo rewrote is
		// reported by its //line positions (converter.lineLocation).
		file, rng := c.conv.location(fset, d.Pos, d.End)
		k := diagKey{file, rng.Start, rng.End, a.Name, d.Message}
		if c.seen[k] || file == "" {
			continue
		}
		c.seen[k] = true
		c.files[file] = append(c.files[file], c.conv.finding(fset, a, d))
	}
}

func (c *collector) finish(out *outcome) {
	out.notes = append(out.notes, c.notes...)
	for file, fs := range c.files {
		slices.SortFunc(fs, func(a, b finding) int {
			return cmp.Or(
				comparePos(a.diag.Range.Start, b.diag.Range.Start),
				comparePos(a.diag.Range.End, b.diag.Range.End),
				cmp.Compare(a.diag.Code, b.diag.Code),
				cmp.Compare(a.diag.Message, b.diag.Message),
			)
		})
		out.files[file] = fs
	}
}

// wrap returns copies of checks and of everything they require, whose Run
// sees the open buffers through Pass.ReadFile and does not start once ctx
// is done. The checker reads files from disk (its Options cannot take a
// ReadFile yet), so without this the suggested fixes and //concvet:ignore,
// which read the source, would see the saved file instead of the buffer
// that was parsed. A panicking analyzer fails its action instead of the
// server.
func wrap(ctx context.Context, checks []*analysis.Analyzer, overlay map[string][]byte) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	original := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var visit func(a *analysis.Analyzer) *analysis.Analyzer
	visit = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		c := new(analysis.Analyzer)
		*c = *a
		copies[a], original[c] = c, a
		c.Requires = make([]*analysis.Analyzer, len(a.Requires))
		for i, r := range a.Requires {
			c.Requires[i] = visit(r)
		}
		run := a.Run
		c.Run = func(pass *analysis.Pass) (result any, err error) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
				}
			}()
			p := *pass
			p.Analyzer = a
			// Results are keyed by the analyzers the check names in
			// Requires, the originals.
			p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
			for k, v := range pass.ResultOf {
				p.ResultOf[original[k]] = v
			}
			readFile := pass.ReadFile
			p.ReadFile = func(name string) ([]byte, error) {
				if data, ok := overlay[name]; ok {
					return data, nil
				}
				return readFile(name)
			}
			return run(&p)
		}
		return c
	}
	out := make([]*analysis.Analyzer, len(checks))
	for i, a := range checks {
		out[i] = visit(a)
	}
	return out
}

// converter turns analysis diagnostics into LSP ones, reading each file
// (from the buffers of the run, else from disk) once.
type converter struct {
	req     *request
	mappers map[string]*mapper
}

func (c *converter) mapper(file string) *mapper {
	m, ok := c.mappers[file]
	if !ok {
		data, ok := c.req.overlay[file]
		if !ok {
			data, _ = os.ReadFile(file)
		}
		m = newMapper(data)
		c.mappers[file] = m
	}
	return m
}

func (c *converter) uri(file string) string {
	if u, ok := c.req.uris[file]; ok {
		return u
	}
	return pathToURI(file)
}

// location converts [pos, end) to a file and an LSP range; an invalid end,
// or one in another file, makes an empty range at pos.
func (c *converter) location(fset *token.FileSet, pos, end token.Pos) (string, Range) {
	if file, r, ok := c.lineLocation(fset, pos, end); ok {
		return file, r
	}
	p := fset.PositionFor(pos, false)
	e := p
	if end.IsValid() {
		if e2 := fset.PositionFor(end, false); e2.Filename == p.Filename && e2.Offset >= p.Offset {
			e = e2
		}
	}
	m := c.mapper(p.Filename)
	return p.Filename, Range{Start: m.position(p.Offset), End: m.position(e.Offset)}
}

// lineLocation converts [pos, end) by its //line position when that
// names another Go file: a file cmd/cgo rewrote from the user's file that
// imports "C", whose offsets are those of cgo's copy in the build cache,
// while its //line directives give the user's file, line and column.
func (c *converter) lineLocation(fset *token.FileSet, pos, end token.Pos) (string, Range, bool) {
	raw, p := fset.PositionFor(pos, false), fset.PositionFor(pos, true)
	if p.Filename == raw.Filename || !strings.HasSuffix(p.Filename, ".go") || !filepath.IsAbs(p.Filename) {
		return "", Range{}, false
	}
	m := c.mapper(p.Filename)
	start := m.position(m.lineColumn(p.Line, p.Column))
	r := Range{Start: start, End: start}
	if end.IsValid() {
		if e := fset.PositionFor(end, true); e.Filename == p.Filename && (e.Line > p.Line || e.Line == p.Line && e.Column >= p.Column) {
			r.End = m.position(m.lineColumn(e.Line, e.Column))
		}
	}
	return p.Filename, r, true
}

func (c *converter) finding(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) finding {
	_, rng := c.location(fset, d.Pos, d.End)
	href := a.URL
	if href == "" {
		href = docURLPrefix + a.Name
	}
	diag := Diagnostic{
		Range:    rng,
		Severity: SeverityWarning,
		Code:     a.Name,
		Source:   "concvet",
		// The name prefix serves text output; LSP carries it as code.
		Message:         strings.TrimPrefix(d.Message, a.Name+": "),
		CodeDescription: &CodeDescription{Href: href},
	}
	for _, rel := range d.Related {
		file, r := c.location(fset, rel.Pos, rel.End)
		diag.RelatedInformation = append(diag.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: c.uri(file), Range: r},
			Message:  rel.Message,
		})
	}
	f := finding{diag: diag}
	for _, fix := range d.SuggestedFixes {
		edit := &WorkspaceEdit{Changes: make(map[string][]TextEdit)}
		for _, te := range fix.TextEdits {
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			file, r := c.location(fset, te.Pos, end)
			u := c.uri(file)
			edit.Changes[u] = append(edit.Changes[u], TextEdit{Range: r, NewText: string(te.NewText)})
		}
		title := fix.Message
		if title == "" {
			title = "Apply the fix of " + a.Name
		}
		f.fixes = append(f.fixes, CodeAction{Title: title, Kind: CodeActionQuickFix, Edit: edit})
	}
	return f
}

func comparePos(a, b Position) int {
	return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Character, b.Character))
}

// pathToURI returns the file URI of an absolute path.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// uriToPath returns the absolute path of a file URI, as go/packages
// spells it.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("not a file URI: %s", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
		if len(p) >= 2 && p[1] == ':' {
			p = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

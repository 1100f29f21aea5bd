// Package lsp is concvet's language server, `concvet lsp`: editors run it
// beside gopls (which cannot load third-party analyzers) to show the
// suite's findings as diagnostics and its suggested fixes as quick fixes.
//
// It speaks JSON-RPC 2.0 on stdin/stdout with LSP's Content-Length framing,
// and the part of LSP 3.17 it needs: initialize/initialized,
// shutdown/exit, full text synchronisation (didOpen, didChange, didSave,
// didClose), publishDiagnostics, codeAction (quickfix), and configuration
// through initializationOptions, workspace/didChangeConfiguration and
// workspace/configuration (see Config).
//
// Each change schedules an analysis of the changed file's package, with
// its tests, after a short quiet period. The first analysis of a package
// is a full one: go/packages loads it with every open buffer as an overlay
// and golang.org/x/tools/go/analysis/checker runs the checks over its units
// (its test variant and external test package, as go vet vets them) and,
// for facts, its dependencies. It leaves a snapshot (the dependencies'
// types and facts) from which later edits are analysed incrementally: only
// the package's own files are parsed and type-checked again, until a
// dependency, go.mod or the package's imports change (see snapshot). One run is in flight per package; an edit cancels the run in
// flight (go list is killed, no further analyzer starts) and the latest
// edit wins. Diagnostics are published for open files only, with positions
// in UTF-16 code units, de-duplicated across test variants, with source
// "concvet", the check's name as code and its documentation as
// codeDescription. A package that does not type-check is not analysed (its
// errors are gopls's to show): its files' diagnostics are cleared.
//
// The protocol types are written out here rather than imported from
// go.lsp.dev/protocol: the server uses about twenty of its hundreds of
// types, and that module (last released as v0.12.0, 2022) brings its own
// JSON-RPC stack, zap and segmentio/encoding with it, against the
// project's rule of no dependencies beyond x/tools without need.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
)

// DefaultDebounce is how long the server waits after the last change to a
// package before analysing it.
const DefaultDebounce = 200 * time.Millisecond

// Server is one language server session.
type Server struct {
	Suite    []*analysis.Analyzer // the checks, as analyzers.Suite
	Env      []string             // environment of go/packages (go list); nil: the process's
	Debounce time.Duration        // 0: DefaultDebounce
	Log      *log.Logger          // where to log, besides window/logMessage; nil: nowhere

	conn *conn

	mu           sync.Mutex
	state        int // stateNew, stateRunning, stateShutdown
	clientConfig bool
	docs         map[string]*document // open buffers, by path
	pkgs         map[string]*pkgState // by directory
	published    map[string]*published
	checks       []*analysis.Analyzer
	checksGen    int // bumped whenever checks (or their flags) change
	cfgGen       int
	ctx          context.Context // cancelled at shutdown
	cancel       context.CancelFunc
	runs         sync.WaitGroup

	// cfgMu is held for reading by analyses and for writing while a new
	// configuration sets the analyzers' flags, which are process-global.
	cfgMu sync.RWMutex
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

type document struct {
	uri     string
	version int
	text    []byte
}

// pkgState schedules the analyses of one directory's package.
type pkgState struct {
	gen     int                // bumped by every change
	timer   *time.Timer        // the pending debounce
	cancel  context.CancelFunc // of the run in flight, nil when none
	pending bool               // a change came while the run in flight was being cancelled
	snap    *snapshot          // what the last full analysis left; used by one run at a time
}

// published is what was last published for an open buffer.
type published struct {
	version  int
	findings []finding
}

// errNoShutdown is returned when the client exits without shutdown, or
// the stream ends without exit.
var errNoShutdown = errors.New("exit without shutdown")

// Main runs the server on stdin and stdout, as `concvet lsp [flags]`, and
// returns the exit status.
func Main(args []string, suite []*analysis.Analyzer) int {
	fs := flag.NewFlagSet("concvet lsp", flag.ContinueOnError)
	fs.Bool("stdio", true, "talk on stdin and stdout (the only transport; accepted for clients that pass it)")
	debounce := fs.Duration("debounce", DefaultDebounce, "wait this long after the last change to a package before analysing it")
	verbose := fs.Bool("v", false, "log requests and analysis times to stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: concvet lsp [flags]\n\nconcvet's language server on stdin/stdout; see the README's \"Editors\".\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	s := &Server{Suite: suite, Debounce: *debounce}
	if *verbose {
		s.Log = log.New(os.Stderr, "concvet lsp: ", log.Ltime|log.Lmicroseconds)
	}
	if err := s.Serve(context.Background(), os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "concvet lsp: %v\n", err)
		return 1
	}
	return 0
}

// Serve reads requests from r and writes responses and notifications to w
// until the client sends exit, and returns nil if it sent shutdown first.
func (s *Server) Serve(ctx context.Context, r io.Reader, w io.Writer) error {
	s.conn = newConn(r, w)
	defer s.conn.close()
	s.ctx, s.cancel = context.WithCancel(ctx)
	defer s.cancel()
	s.docs = make(map[string]*document)
	s.pkgs = make(map[string]*pkgState)
	s.published = make(map[string]*published)
	if s.Debounce <= 0 {
		s.Debounce = DefaultDebounce
	}
	s.checks = s.Suite
	for {
		m, err := s.conn.read()
		var re *rpcError
		if errors.As(err, &re) {
			s.conn.reply(json.RawMessage("null"), nil, re)
			continue
		}
		if err != nil {
			s.stop()
			if errors.Is(err, io.EOF) {
				return errors.New("input closed before exit")
			}
			return err
		}
		if m.Method == "" {
			s.conn.deliver(m)
			continue
		}
		if m.Method == "exit" {
			s.stop()
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.state != stateShutdown {
				return errNoShutdown
			}
			return nil
		}
		s.handle(m)
	}
}

// stop cancels every run and waits for them to end.
func (s *Server) stop() {
	s.mu.Lock()
	s.cancel()
	for _, p := range s.pkgs {
		if p.timer != nil {
			p.timer.Stop()
		}
	}
	s.mu.Unlock()
	s.runs.Wait()
}

func (s *Server) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log.Printf(format, args...)
	}
}

// handle serves one request or notification, in the read loop, so that
// notifications take effect in order. Nothing here waits for an analysis.
func (s *Server) handle(m *message) {
	s.logf("<- %s", m.Method)
	result, err := func() (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%s: panic: %v\n%s", m.Method, r, debug.Stack())
			}
		}()
		return s.dispatch(m)
	}()
	if err != nil && m.isNotification() {
		s.logf("%s: %v", m.Method, err)
		s.message("logMessage", MessageError, fmt.Sprintf("%s: %v", m.Method, err))
	}
	if m.isRequest() {
		s.conn.reply(m.ID, result, err)
	}
}

func unmarshal(params json.RawMessage, v any) error {
	if err := json.Unmarshal(params, v); err != nil {
		return &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	return nil
}

func (s *Server) dispatch(m *message) (any, error) {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case state == stateNew && m.Method != "initialize":
		return nil, &rpcError{Code: codeServerNotInitialized, Message: "initialize first"}
	case state == stateShutdown:
		return nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shut down"}
	case state == stateRunning && m.Method == "initialize":
		return nil, &rpcError{Code: codeInvalidRequest, Message: "initialize was sent twice"}
	}

	switch m.Method {
	case "initialize":
		var p InitializeParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		cfg, err := parseConfig(p.InitializationOptions)
		if err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
		}
		checks, problems := cfg.apply(s.Suite)
		s.mu.Lock()
		s.state = stateRunning
		s.clientConfig = p.Capabilities.Workspace.Configuration
		s.checks = checks
		s.checksGen++
		s.mu.Unlock()
		for _, msg := range problems {
			s.message("showMessage", MessageWarning, "concvet: "+msg)
		}
		return InitializeResult{
			Capabilities: ServerCapabilities{
				TextDocumentSync:   TextDocumentSyncOptions{OpenClose: true, Change: 1, Save: &SaveOptions{IncludeText: false}},
				CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{CodeActionQuickFix}},
			},
			ServerInfo: ServerInfo{Name: "concvet", Version: version()},
		}, nil

	case "initialized":
		s.mu.Lock()
		pull := s.clientConfig
		s.mu.Unlock()
		if pull {
			go s.pullConfig()
		}
		return nil, nil

	case "shutdown":
		s.stop()
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		return nil, nil

	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil || !strings.HasSuffix(path, ".go") {
			return nil, nil // not ours
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
		s.changed(filepath.Dir(path))
		return nil, nil

	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, nil
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		doc := s.docs[path]
		if doc == nil {
			return nil, nil
		}
		for _, ch := range p.ContentChanges {
			if ch.Range == nil {
				doc.text = []byte(ch.Text)
				continue
			}
			// An incremental change from a client that ignored our
			// capabilities.
			mp := newMapper(doc.text)
			start, end := mp.offset(ch.Range.Start), mp.offset(ch.Range.End)
			if end < start {
				return nil, fmt.Errorf("change with range end before start")
			}
			doc.text = append(append(append([]byte(nil), doc.text[:start]...), ch.Text...), doc.text[end:]...)
		}
		doc.version = p.TextDocument.Version
		s.changed(filepath.Dir(path))
		return nil, nil

	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, nil
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if doc := s.docs[path]; doc != nil {
			if p.Text != nil {
				doc.text = []byte(*p.Text)
			}
			// Other files (go.mod, files not open) may have changed too.
			s.changed(filepath.Dir(path))
		}
		return nil, nil

	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, nil
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		doc := s.docs[path]
		if doc == nil {
			return nil, nil
		}
		delete(s.docs, path)
		if s.published[path] != nil {
			delete(s.published, path)
			s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: doc.uri, Diagnostics: []Diagnostic{}})
		}
		dir := filepath.Dir(path)
		if s.openIn(dir) {
			s.changed(dir) // the package now sees the file as saved
		} else if p := s.pkgs[dir]; p != nil {
			p.gen++
			if p.timer != nil {
				p.timer.Stop()
			}
			if p.cancel != nil {
				p.cancel()
			}
		}
		return nil, nil

	case "textDocument/codeAction":
		var p CodeActionParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(&p), nil

	case "workspace/didChangeConfiguration":
		var p DidChangeConfigurationParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.mu.Lock()
		pull := s.clientConfig
		s.cfgGen++
		gen := s.cfgGen
		s.mu.Unlock()
		settings := strings.TrimSpace(string(p.Settings))
		if pull && (settings == "" || settings == "null" || settings == "{}") {
			// The notification only says that something changed.
			go s.pullConfig()
			return nil, nil
		}
		cfg, err := parseConfig(p.Settings)
		if err != nil {
			s.message("showMessage", MessageWarning, err.Error())
			return nil, nil
		}
		go s.setConfig(gen, cfg)
		return nil, nil

	case "$/cancelRequest", "$/setTrace", "$/progress":
		return nil, nil
	}
	if m.isNotification() {
		return nil, nil // unknown notifications are ignored
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method}
}

// message sends window/showMessage or window/logMessage.
func (s *Server) message(kind string, typ MessageType, text string) {
	s.conn.notify("window/"+kind, ShowMessageParams{Type: typ, Message: text})
}

// pullConfig asks the client for the "concvet" section and applies it; an
// empty answer keeps the configuration in force.
func (s *Server) pullConfig() {
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	s.mu.Lock()
	s.cfgGen++
	gen := s.cfgGen
	s.mu.Unlock()
	raw, err := s.conn.call(ctx, "workspace/configuration", ConfigurationParams{Items: []ConfigurationItem{{Section: "concvet"}}})
	if err != nil {
		s.logf("workspace/configuration: %v", err)
		return
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return
	}
	if v := strings.TrimSpace(string(items[0])); v == "" || v == "null" || v == "{}" {
		return
	}
	cfg, err := parseConfig(items[0])
	if err != nil {
		s.message("showMessage", MessageWarning, err.Error())
		return
	}
	s.setConfig(gen, cfg)
}

// setConfig applies cfg, unless a newer configuration arrived meanwhile,
// and analyses every package with an open file again.
func (s *Server) setConfig(gen int, cfg Config) {
	s.mu.Lock()
	for _, p := range s.pkgs {
		if p.cancel != nil {
			p.cancel()
		}
	}
	s.mu.Unlock()

	s.cfgMu.Lock()
	s.mu.Lock()
	if gen != s.cfgGen || s.state != stateRunning {
		s.mu.Unlock()
		s.cfgMu.Unlock()
		return
	}
	s.mu.Unlock()
	checks, problems := cfg.apply(s.Suite)
	s.mu.Lock()
	s.checks = checks
	s.checksGen++
	dirs := make(map[string]bool)
	for path := range s.docs {
		dirs[filepath.Dir(path)] = true
	}
	for dir := range dirs {
		s.changed(dir)
	}
	s.mu.Unlock()
	s.cfgMu.Unlock()
	for _, msg := range problems {
		s.message("showMessage", MessageWarning, "concvet: "+msg)
	}
}

// openIn reports whether a buffer in dir is open. s.mu is held.
func (s *Server) openIn(dir string) bool {
	for path := range s.docs {
		if filepath.Dir(path) == dir {
			return true
		}
	}
	return false
}

// changed schedules an analysis of dir's package after the debounce
// period, cancelling the run in flight: the latest edit wins. s.mu is held.
func (s *Server) changed(dir string) {
	if s.state != stateRunning {
		return
	}
	p := s.pkgs[dir]
	if p == nil {
		p = new(pkgState)
		s.pkgs[dir] = p
	}
	p.gen++
	gen := p.gen
	if p.cancel != nil {
		p.cancel()
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.timer = time.AfterFunc(s.Debounce, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if p.gen != gen || s.state != stateRunning || s.ctx.Err() != nil {
			return // a later change rescheduled it
		}
		if p.cancel != nil {
			p.pending = true // start when the cancelled run has ended
			return
		}
		s.start(dir, p)
	})
}

// start runs an analysis of dir's package over a snapshot of the open
// buffers. s.mu is held.
func (s *Server) start(dir string, p *pkgState) {
	if s.ctx.Err() != nil {
		return // stopped
	}
	ctx, cancel := context.WithCancel(s.ctx)
	p.cancel = cancel
	req := &request{
		dir:     dir,
		env:     s.Env,
		overlay: make(map[string][]byte, len(s.docs)),
		uris:    make(map[string]string, len(s.docs)),
		checks:  s.checks,
		cfgGen:  s.checksGen,
	}
	versions := make(map[string]int)
	for path, doc := range s.docs {
		req.overlay[path] = doc.text
		req.uris[path] = doc.uri
		if filepath.Dir(path) == dir {
			versions[path] = doc.version
		}
	}
	snap := p.snap
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		t0 := time.Now()
		s.cfgMu.RLock()
		out, snap, err := analyze(ctx, req, snap)
		s.cfgMu.RUnlock()
		if err == nil {
			how := "full"
			if out.incremental {
				how = "incremental"
			}
			s.logf("analysed %s in %v (%s; load %v, analysis %v)", dir, time.Since(t0).Round(time.Millisecond), how, out.load.Round(time.Millisecond), out.analysis.Round(time.Millisecond))
			for _, note := range out.notes {
				s.logf("%s: %s", dir, note)
			}
		} else {
			s.logf("analysis of %s stopped after %v: %v", dir, time.Since(t0).Round(time.Millisecond), err)
		}

		s.mu.Lock()
		defer s.mu.Unlock()
		stale := ctx.Err() != nil
		cancel()
		p.cancel = nil
		if err == nil {
			p.snap = snap
		}
		if !stale {
			s.finish(req, versions, out, err)
		}
		if p.pending {
			p.pending = false
			if s.state == stateRunning {
				s.start(dir, p)
			}
		}
	}()
}

// finish publishes a run's findings for the buffers it saw that are still
// open at the version it saw; outside that, a newer run is coming. s.mu is
// held; the notifications are queued in order.
func (s *Server) finish(req *request, versions map[string]int, out *outcome, err error) {
	if err != nil {
		s.message("logMessage", MessageWarning, fmt.Sprintf("concvet: %s: %v", req.dir, err))
		out = &outcome{}
	}
	for _, note := range out.notes {
		s.message("logMessage", MessageLog, "concvet: "+note)
	}
	paths := make([]string, 0, len(versions))
	for path := range versions {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		doc := s.docs[path]
		if doc == nil || doc.version != versions[path] {
			continue
		}
		fs := out.files[path]
		s.published[path] = &published{version: doc.version, findings: fs}
		diags := make([]Diagnostic, len(fs))
		for i, f := range fs {
			diags[i] = f.diag
		}
		version := doc.version
		s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: doc.uri, Version: &version, Diagnostics: diags})
	}
}

// codeActions returns the quick fixes of the findings published for the
// document that touch the requested range, when the document has not
// changed since (the edits' positions would be stale).
func (s *Server) codeActions(p *CodeActionParams) []CodeAction {
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 {
		ok := false
		for _, kind := range p.Context.Only {
			ok = ok || kind == CodeActionQuickFix || kind == "" || strings.HasPrefix(CodeActionQuickFix, kind+".")
		}
		if !ok {
			return actions
		}
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, pub := s.docs[path], s.published[path]
	if doc == nil || pub == nil || pub.version != doc.version {
		return actions
	}
	for _, f := range pub.findings {
		if comparePos(f.diag.Range.End, p.Range.Start) < 0 || comparePos(p.Range.End, f.diag.Range.Start) < 0 {
			continue
		}
		for _, fix := range f.fixes {
			fix.Diagnostics = []Diagnostic{f.diag}
			fix.IsPreferred = len(f.fixes) == 1
			actions = append(actions, fix)
		}
	}
	return actions
}

// version is the module version go install recorded, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

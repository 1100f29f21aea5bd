package lsp

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/concvet/concvet/analyzers"
)

// client is the editor's side of a session with a Server over pipes.
type client struct {
	t      testing.TB
	conn   *conn
	in     chan *message // notifications and requests from the server
	nextID int
	served chan error // Serve's result
}

// startServer runs a Server over pipes with go/packages kept offline.
func startServer(t testing.TB, debounce time.Duration) *client {
	t.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	s := &Server{
		Suite:    analyzers.Suite,
		Env:      append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off"),
		Debounce: debounce,
		Log:      testLog,
	}
	c := &client{t: t, conn: newConn(toClient, fromClient), in: make(chan *message, 100), served: make(chan error, 1)}
	go func() {
		err := s.Serve(context.Background(), toServer, fromServer)
		fromServer.Close()
		c.served <- err
	}()
	go func() {
		defer close(c.in)
		for {
			m, err := c.conn.read()
			if err != nil {
				return
			}
			c.in <- m
		}
	}()
	t.Cleanup(func() {
		fromClient.Close()
		c.conn.close()
	})
	return c
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatal(err)
	}
}

// call sends a request and returns its result, decoded into result.
// Messages from the server that arrive meanwhile are handled by other.
func (c *client) call(method string, params, result any) {
	c.t.Helper()
	c.nextID++
	id := int64(c.nextID)
	if err := c.conn.write(outgoing{JSONRPC: "2.0", ID: &id, Method: method, Params: params}); err != nil {
		c.t.Fatal(err)
	}
	want, _ := json.Marshal(id)
	m := c.next(func(m *message) bool { return m.Method == "" && string(m.ID) == string(want) })
	if m.Error != nil {
		c.t.Fatalf("%s: %v", method, m.Error)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s: %v", method, err)
		}
	}
}

// next returns the next message from the server that match accepts,
// failing the test after a minute.
func (c *client) next(match func(*message) bool) *message {
	c.t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case m, ok := <-c.in:
			if !ok {
				c.t.Fatal("server closed the stream")
			}
			if m.Method == "window/logMessage" || m.Method == "window/showMessage" {
				c.t.Logf("server: %s", m.Params)
			}
			if match(m) {
				return m
			}
		case <-timeout:
			c.t.Fatal("no message from the server within a minute")
		}
	}
}

// diagnostics waits for the diagnostics published for uri at version.
func (c *client) diagnostics(uri string, version int) []Diagnostic {
	c.t.Helper()
	var p PublishDiagnosticsParams
	c.next(func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		p = PublishDiagnosticsParams{}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		return p.URI == uri && p.Version != nil && *p.Version == version
	})
	return p.Diagnostics
}

const buggy = `package m

import "sync"

func fetchAll(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			wg.Add(1)
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func greetAll(names []string, greet func(string)) {
	var wg sync.WaitGroup
	for _, n := range names {
		/* Grüße, 世界 😀 */ go func() { wg.Add(1); defer wg.Done(); greet(n) }()
	}
	wg.Wait()
}
`

const fixedFetch = `package m

import "sync"

func fetchAll(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}
`

const fixed = fixedFetch + `
func greetAll(names []string, greet func(string)) {
	var wg sync.WaitGroup
	for _, n := range names {
		/* Grüße, 世界 😀 */ wg.Add(1); go func() { defer wg.Done(); greet(n) }()
	}
	wg.Wait()
}
`

// rangeOf returns the empty LSP range at the first occurrence of sub in
// text after the line containing after, counting UTF-16 code units.
func rangeOf(t *testing.T, text, after, sub string) Range {
	t.Helper()
	lines := strings.Split(text, "\n")
	started := false
	for i, line := range lines {
		started = started || strings.Contains(line, after)
		if j := strings.Index(line, sub); started && j >= 0 {
			col := len(utf16.Encode([]rune(line[:j])))
			// wgadd reports a position, not a range: the range is empty.
			return Range{Position{i, col}, Position{i, col}}
		}
	}
	t.Fatalf("%q not found after %q", sub, after)
	return Range{}
}

// apply applies LSP text edits to text.
func apply(t *testing.T, text string, edits []TextEdit) string {
	t.Helper()
	m := newMapper([]byte(text))
	sort.SliceStable(edits, func(i, j int) bool {
		return comparePos(edits[i].Range.Start, edits[j].Range.Start) > 0 // back to front
	})
	out := text
	for _, e := range edits {
		start, end := m.offset(e.Range.Start), m.offset(e.Range.End)
		out = out[:start] + e.NewText + out[end:]
	}
	return out
}

// TestEditorSession drives the server as an editor does: a buffer with two
// wgadd bugs, one on a line with non-ASCII text before it; its quick fix
// applied to the unsaved buffer; the buffer fixed; shutdown and exit. The
// file on disk keeps the bugs throughout, so every result after didOpen
// comes from the overlay.
func TestEditorSession(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "m.go")
	if err := os.WriteFile(file, []byte(buggy), 0o666); err != nil {
		t.Fatal(err)
	}
	// A test file makes the package load in two variants (m, m [m.test]).
	if err := os.WriteFile(filepath.Join(dir, "m_test.go"), []byte("package m\n\nimport \"testing\"\n\nfunc TestM(t *testing.T) {}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	uri := pathToURI(file)

	c := startServer(t, 20*time.Millisecond)
	var init InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(dir), "capabilities": map[string]any{}}, &init)
	if init.Capabilities.TextDocumentSync.Change != 1 || len(init.Capabilities.CodeActionProvider.CodeActionKinds) == 0 {
		t.Fatalf("capabilities = %+v", init.Capabilities)
	}
	c.notify("initialized", struct{}{})

	// didOpen: both findings, once each although two variants hold the file.
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: buggy}})
	diags := c.diagnostics(uri, 1)
	if len(diags) != 2 {
		t.Fatalf("after didOpen: %d diagnostics, want 2: %+v", len(diags), diags)
	}
	first := rangeOf(t, buggy, "func fetchAll", "wg.Add(1)")
	second := rangeOf(t, buggy, "func greetAll", "wg.Add(1)")
	if strings.Index(strings.Split(buggy, "\n")[second.Start.Line], "wg.Add") == second.Start.Character {
		t.Fatal("test is broken: the second finding's line has no non-ASCII text before it")
	}
	for i, want := range []Range{first, second} {
		d := diags[i]
		if d.Range != want {
			t.Errorf("diagnostic %d: range %+v, want %+v (%s)", i, d.Range, want, d.Message)
		}
		if d.Source != "concvet" || d.Code != "wgadd" || d.Severity != SeverityWarning {
			t.Errorf("diagnostic %d: source %q code %q severity %d", i, d.Source, d.Code, d.Severity)
		}
		if d.CodeDescription == nil || d.CodeDescription.Href != "https://pkg.go.dev/github.com/concvet/concvet/analyzers/wgadd" {
			t.Errorf("diagnostic %d: codeDescription %+v", i, d.CodeDescription)
		}
		if strings.HasPrefix(d.Message, "wgadd:") || !strings.Contains(d.Message, "wg.Add inside the goroutine it counts") {
			t.Errorf("diagnostic %d: message %q", i, d.Message)
		}
	}

	// codeAction at the first finding: the fix moving Add before go.
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri},
		Range:        Range{first.Start, first.Start},
		Context:      CodeActionContext{Diagnostics: diags[:1]},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != CodeActionQuickFix || actions[0].Edit == nil || len(actions[0].Diagnostics) != 1 {
		t.Fatalf("code actions = %+v, want one quick fix", actions)
	}
	if len(actions[0].Edit.Changes) != 1 || actions[0].Edit.Changes[uri] == nil {
		t.Fatalf("edit = %+v, want edits of %s only", actions[0].Edit, uri)
	}
	afterFix := apply(t, buggy, actions[0].Edit.Changes[uri])
	if !strings.HasPrefix(afterFix, fixedFetch) {
		t.Fatalf("the fix gives\n%s\nwant it to begin\n%s", afterFix, fixedFetch)
	}

	// didChange to the fixed buffer, unsaved: the first finding is gone.
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: afterFix}},
	})
	diags = c.diagnostics(uri, 2)
	if len(diags) != 1 || diags[0].Range != rangeOf(t, afterFix, "func greetAll", "wg.Add(1)") {
		t.Fatalf("after the fix: %+v, want the second finding only", diags)
	}

	// Settings in the plugin's shape switch a check off and on again; each
	// change analyses the open packages again.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"concvet": map[string]any{"disable": []string{"wgadd"}}}})
	if diags = c.diagnostics(uri, 2); len(diags) != 0 {
		t.Fatalf("with wgadd disabled: %+v, want none", diags)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"concvet": map[string]any{}}})
	if diags = c.diagnostics(uri, 2); len(diags) != 1 {
		t.Fatalf("with wgadd enabled again: %+v, want one", diags)
	}

	// A code action asked for a stale version gets nothing: version 3 is
	// sent and the request follows before its analysis ends.
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: fixed}},
	})
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{Start: Position{19, 0}, End: Position{19, 80}}}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on a changed buffer = %+v, want none", actions)
	}
	if diags = c.diagnostics(uri, 3); len(diags) != 0 {
		t.Fatalf("after fixing the buffer: %+v, want none", diags)
	}
	if disk, _ := os.ReadFile(file); string(disk) != buggy {
		t.Fatal("the file on disk changed")
	}

	// Closing clears the file's diagnostics.
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	c.next(func(m *message) bool {
		var p PublishDiagnosticsParams
		json.Unmarshal(m.Params, &p)
		return m.Method == "textDocument/publishDiagnostics" && p.URI == uri && p.Version == nil && len(p.Diagnostics) == 0
	})

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != nil {
			t.Fatalf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve did not return after exit")
	}
}

var testLog *log.Logger

func init() {
	if os.Getenv("CONCVET_LSP_LOG") != "" {
		testLog = log.New(os.Stderr, "lsp: ", log.Lmicroseconds)
	}
}

// TestLatestEditWins sends a burst of edits, the first ones while their
// analysis may already be running: only the last version is published.
func TestLatestEditWins(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "m.go")
	if err := os.WriteFile(file, []byte(fixed), 0o666); err != nil {
		t.Fatal(err)
	}
	uri := pathToURI(file)
	c := startServer(t, time.Millisecond)
	c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, nil)
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: fixed}})
	const last = 6
	for v := 2; v <= last; v++ {
		time.Sleep(5 * time.Millisecond) // let a run start now and then
		text := fixed
		if v == last {
			text = buggy
		}
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: v},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: text}},
		})
	}
	var got PublishDiagnosticsParams
	c.next(func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		if err := json.Unmarshal(m.Params, &got); err != nil {
			t.Fatal(err)
		}
		return true
	})
	if got.Version == nil || *got.Version != last || len(got.Diagnostics) != 2 {
		t.Fatalf("first publication: version %v, %d diagnostics; want version %d with 2", got.Version, len(got.Diagnostics), last)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	if err := <-c.served; err != nil {
		t.Fatal(err)
	}
}

// cgoBuggy is buggy with an import of "C": the package is analysed through
// the file cmd/cgo rewrites from it.
var cgoBuggy = strings.Replace(buggy, "import \"sync\"", "// #include <stdlib.h>\nimport \"C\"\n\nimport \"sync\"\n\nvar _ = C.abs", 1)

// cgoAvailable reports whether the go command can build cgo packages here.
func cgoAvailable(t *testing.T) bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "1" {
		return false
	}
	_, err = exec.LookPath(f[1])
	return err == nil
}

// TestCgoFile: a file that imports "C" gets its findings at the positions
// of the user's buffer, without quick fixes (their edits would be offsets
// in cgo's copy of the file).
func TestCgoFile(t *testing.T) {
	if !cgoAvailable(t) {
		t.Skip("cgo is not available")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "m.go")
	if err := os.WriteFile(file, []byte(cgoBuggy), 0o666); err != nil {
		t.Fatal(err)
	}
	uri := pathToURI(file)
	c := startServer(t, 20*time.Millisecond)
	var init InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(dir), "capabilities": map[string]any{}}, &init)
	c.notify("initialized", struct{}{})
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: cgoBuggy}})
	diags := c.diagnostics(uri, 1)
	want := []Range{rangeOf(t, cgoBuggy, "func fetchAll", "wg.Add(1)"), rangeOf(t, cgoBuggy, "func greetAll", "wg.Add(1)")}
	if len(diags) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %+v", len(diags), len(want), diags)
	}
	for i, d := range diags {
		if d.Range.Start != want[i].Start || d.Code != "wgadd" {
			t.Errorf("diagnostic %d: %s at %+v, want wgadd at %+v", i, d.Code, d.Range, want[i])
		}
		for _, rel := range d.RelatedInformation {
			if rel.Location.URI != uri {
				t.Errorf("diagnostic %d: related information in %s, want %s", i, rel.Location.URI, uri)
			}
		}
	}
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri},
		Range:        Range{want[0].Start, want[0].Start},
		Context:      CodeActionContext{Diagnostics: diags[:1]},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions in a cgo file = %+v, want none", actions)
	}
}

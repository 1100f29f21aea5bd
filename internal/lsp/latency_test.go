package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLatency measures the time from didChange to publishDiagnostics on a
// real package, as an editor would see it (debounce included). It is
// skipped unless CONCVET_LSP_LATENCY names a package directory, e.g. one
// in the module cache; CONCVET_LSP_LATENCY_MOD names a directory whose
// go.mod and go.sum give the package its dependencies (the corpus module).
// The package's files are copied into a temporary module with those
// go.mod and go.sum, so that the module cache stays read-only:
//
//	flock /tmp/corpus.lock env CONCVET_LSP_LATENCY=$(go env GOMODCACHE)/github.com/hashicorp/raft@v1.7.3 \
//	    CONCVET_LSP_LATENCY_MOD=/tmp/concvet-corpus go test -run TestLatency -v ./internal/lsp
func TestLatency(t *testing.T) {
	src := os.Getenv("CONCVET_LSP_LATENCY")
	if src == "" {
		t.Skip("CONCVET_LSP_LATENCY is not set")
	}
	modDir := os.Getenv("CONCVET_LSP_LATENCY_MOD")
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(modDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "go.mod" {
			data = []byte(strings.Replace(string(data), "module example.com/corpus", "module example.com/corpus/lsplatency", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o666); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(e.Name(), "_test.go") {
			files = append(files, e.Name())
		}
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", src)
	}
	slices.Sort(files)
	file := filepath.Join(dir, files[0])
	text, _ := os.ReadFile(file)
	uri := pathToURI(file)

	c := startServer(t, DefaultDebounce)
	c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, nil)
	c.notify("initialized", struct{}{})
	t0 := time.Now()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: string(text)}})
	diags := c.diagnostics(uri, 1)
	t.Logf("didOpen %s: %d diagnostics after %v", files[0], len(diags), time.Since(t0).Round(time.Millisecond))

	// Each edit adds or fixes a wgadd bug in a function appended to the
	// file, so that every publication is checked, not just awaited.
	pkgClause := regexp.MustCompile(`(?m)^package \w+.*\n`).FindIndex(text)
	if pkgClause == nil {
		t.Fatal("no package clause")
	}
	head, tail := string(text[:pkgClause[1]])+"\nimport lspSync \"sync\"\n", string(text[pkgClause[1]:])
	const bug = `
func lspLatency%d(n int) {
	var wg lspSync.WaitGroup
	for range n {
		go func() {
			%s
			defer wg.Done()
		}()
	}
	wg.Wait()
}
`
	const edits = 7
	var took []time.Duration
	for v := 2; v < 2+edits; v++ {
		add, want := "wg.Add(1)", 1
		if v%2 == 1 {
			add, want = "", 0 // Done without Add would be reported too: no Done either
		}
		body := fmt.Sprintf(bug, v, add)
		if want == 0 {
			body = strings.Replace(body, "defer wg.Done()", "", 1)
		}
		edited := head + tail + body
		t0 := time.Now()
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: v},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}},
		})
		got := c.diagnostics(uri, v)
		took = append(took, time.Since(t0))
		if n := len(got) - len(diags); n != want {
			t.Fatalf("edit %d: %d new diagnostics, want %d: %+v", v, n, want, got)
		}
	}
	sorted := slices.Clone(took)
	slices.Sort(sorted)
	t.Logf("didChange -> publishDiagnostics over %d edits (debounce %v included): median %v, min %v, max %v; all %v",
		edits, DefaultDebounce, sorted[len(sorted)/2].Round(time.Millisecond), sorted[0].Round(time.Millisecond), sorted[len(sorted)-1].Round(time.Millisecond), took)
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	<-c.served
}

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

// The latency of the server on a real package: the time from didOpen to
// the first publishDiagnostics (the full analysis), and from each
// didChange to its publishDiagnostics (debounce included), as an editor
// sees it. CONCVET_LSP_LATENCY names a package directory, e.g. one in the
// module cache; CONCVET_LSP_LATENCY_MOD names a directory whose go.mod and
// go.sum give the package its dependencies (the corpus module). The
// package's files are copied into a temporary module with those go.mod and
// go.sum, so that the module cache stays read-only. Without them the test
// and the benchmark are skipped. scripts/lsp-latency.sh runs the benchmark
// on x/sync/errgroup and hashicorp/raft and checks the bound:
//
//	flock /tmp/concvet-heavy.lock env CONCVET_LSP_LATENCY=$(go env GOMODCACHE)/github.com/hashicorp/raft@v1.7.3 \
//	    CONCVET_LSP_LATENCY_MOD=/tmp/concvet-corpus go test -run '^$' -bench Latency -benchtime 1x ./internal/lsp

// TestLatency checks that each edit of the session is answered with the
// right diagnostics; it logs the times but asserts none.
func TestLatency(t *testing.T) {
	first, took := latencySession(t)
	sorted := slices.Clone(took)
	slices.Sort(sorted)
	t.Logf("didOpen -> publishDiagnostics %v; didChange -> publishDiagnostics over %d edits (debounce %v included): median %v, min %v, max %v; all %v",
		first.Round(time.Millisecond), len(took), DefaultDebounce, sorted[len(sorted)/2].Round(time.Millisecond),
		sorted[0].Round(time.Millisecond), sorted[len(sorted)-1].Round(time.Millisecond), took)
}

// BenchmarkLatency reports, per session, the first analysis (first-ms) and
// the median and largest time from an edit to its diagnostics (edit-ms,
// edit-max-ms), debounce included.
func BenchmarkLatency(b *testing.B) {
	var firsts, medians, maxes []float64
	for range b.N {
		first, took := latencySession(b)
		slices.Sort(took)
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		firsts = append(firsts, ms(first))
		medians = append(medians, ms(took[len(took)/2]))
		maxes = append(maxes, ms(took[len(took)-1]))
	}
	slices.Sort(firsts)
	slices.Sort(medians)
	slices.Sort(maxes)
	b.ReportMetric(firsts[len(firsts)/2], "first-ms")
	b.ReportMetric(medians[len(medians)/2], "edit-ms")
	b.ReportMetric(maxes[len(maxes)-1], "edit-max-ms")
	b.ReportMetric(0, "ns/op")
}

// latencySession opens the first non-test file of the package, then makes
// edits that each add or fix a wgadd bug in a function appended to it,
// checking every publication, and returns the time to the first
// diagnostics and to each edit's.
func latencySession(tb testing.TB) (first time.Duration, took []time.Duration) {
	src := os.Getenv("CONCVET_LSP_LATENCY")
	if src == "" {
		tb.Skip("CONCVET_LSP_LATENCY is not set")
	}
	modDir := os.Getenv("CONCVET_LSP_LATENCY_MOD")
	dir := tb.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(modDir, name))
		if err != nil {
			tb.Fatal(err)
		}
		if name == "go.mod" {
			data = []byte(strings.Replace(string(data), "module example.com/corpus", "module example.com/corpus/lsplatency", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			tb.Fatal(err)
		}
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o666); err != nil {
			tb.Fatal(err)
		}
		if !strings.HasSuffix(e.Name(), "_test.go") {
			files = append(files, e.Name())
		}
	}
	if len(files) == 0 {
		tb.Fatalf("no Go files in %s", src)
	}
	slices.Sort(files)
	file := filepath.Join(dir, files[0])
	text, _ := os.ReadFile(file)
	uri := pathToURI(file)

	c := startServer(tb, DefaultDebounce)
	c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, nil)
	c.notify("initialized", struct{}{})
	t0 := time.Now()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: string(text)}})
	diags := c.diagnostics(uri, 1)
	first = time.Since(t0)

	pkgClause := regexp.MustCompile(`(?m)^package \w+.*\n`).FindIndex(text)
	if pkgClause == nil {
		tb.Fatal("no package clause")
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
			tb.Fatalf("edit %d: %d new diagnostics, want %d: %+v", v, n, want, got)
		}
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	<-c.served
	return first, took
}

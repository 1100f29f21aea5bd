package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concvet/concvet/analyzers"
)

const snapDep = `// Package dep sends on a channel it is given, which leaksend knows from
// its fact.
package dep

import "context"

func Wait(ctx context.Context) { <-ctx.Done() }

// Forward sends one error, bare.
func Forward(out chan<- error) { out <- nil }
`

const snapUser = `package m

import (
	"context"

	"example.com/m/dep"
)

func wait(ctx context.Context) error {
	errc := make(chan error)
	go dep.Forward(errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
`

// TestSnapshot: after a full analysis, an edit of the package is analysed
// from the snapshot, with the same findings as a full analysis of the same
// buffers (the leak is known through dep's fact); a new import, a changed
// dependency or a new configuration make the next analysis a full one.
func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.26\n")
	write("dep/dep.go", snapDep)
	write("m.go", snapUser)
	write("m_test.go", "package m\n\nimport \"testing\"\n\nfunc TestM(t *testing.T) {}\n")
	write("x_test.go", "package m_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m\"\n)\n\nfunc TestX(t *testing.T) { _ = m.Answer }\n")
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	file := filepath.Join(dir, "m.go")
	ctx := context.Background()
	req := func(text string, gen int) *request {
		return &request{dir: dir, env: env, checks: analyzers.Suite, cfgGen: gen,
			overlay: map[string][]byte{file: []byte(text)}, uris: map[string]string{}}
	}
	messages := func(out *outcome) []string {
		var msgs []string
		for path, fs := range out.files {
			for _, f := range fs {
				msgs = append(msgs, filepath.Base(path)+": "+f.diag.Code+": "+f.diag.Message)
			}
		}
		slices.Sort(msgs)
		return msgs
	}
	run := func(r *request, snap *snapshot, wantIncremental bool) (*outcome, *snapshot) {
		t.Helper()
		out, next, err := analyze(ctx, r, snap)
		if err != nil {
			t.Fatal(err)
		}
		if out.incremental != wantIncremental {
			t.Fatalf("incremental = %v, want %v (notes %v)", out.incremental, wantIncremental, out.notes)
		}
		full, _, _, err := analyzeFull(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := messages(out), messages(full); !slices.Equal(got, want) {
			t.Fatalf("findings\n%s\nwant, as from a full analysis,\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return out, next
	}

	text := snapUser + "\nvar Answer = 42\n"
	out, snap := run(req(text, 1), nil, false)
	if snap == nil {
		t.Fatal("no snapshot after a full analysis")
	}
	if got := messages(out); len(got) != 1 || !strings.Contains(got[0], "leaksend: dep.Forward, started here, sends on errc") {
		t.Fatalf("findings %q, want the leak through dep's fact", got)
	}
	// Edits: fix the leak, then bring it back.
	fixed := strings.Replace(text, "make(chan error)", "make(chan error, 1)", 1)
	out, snap = run(req(fixed, 1), snap, true)
	if len(out.files) != 0 {
		t.Fatalf("after the fix: %q", messages(out))
	}
	out, snap = run(req(text, 1), snap, true)
	if len(messages(out)) != 1 {
		t.Fatalf("after the undo: %q", messages(out))
	}
	// A type error: no findings, a note, and the snapshot stays.
	out, snap = run(req(text+"\nvar broken int = \"\"\n", 1), snap, true)
	if len(out.files) != 0 || len(out.notes) == 0 {
		t.Fatalf("with a type error: findings %q, notes %q", messages(out), out.notes)
	}
	// An import the load did not see.
	withImport := strings.Replace(text, "\"context\"\n", "\"context\"\n\t\"strings\"\n", 1) + "\nvar _ = strings.ToUpper\n"
	_, snap = run(req(withImport, 1), snap, false)
	_, snap = run(req(withImport, 1), snap, true)
	// A change to a dependency on disk: dep.Forward now has a way out.
	write("dep/dep.go", strings.Replace(snapDep, "func Forward(out chan<- error) { out <- nil }",
		"func Forward(out chan<- error) {\n\tselect {\n\tcase out <- nil:\n\tdefault:\n\t}\n}", 1))
	out, snap = run(req(withImport, 1), snap, false)
	if len(out.files) != 0 {
		t.Fatalf("after dep changed: %q", messages(out))
	}
	// A build constraint that leaves the file out of the package.
	_, snap = run(req("//go:build ignore\n\n"+withImport, 1), snap, false)
	_, snap = run(req(withImport, 1), snap, false)
	// A new configuration.
	run(req(withImport, 2), snap, false)
}

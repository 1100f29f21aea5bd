package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"go/version"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const modulePath = "github.com/concvet/concvet"

// buildInfo is what concvet knows of its own build.
type buildInfo struct {
	module   string // the module version go install recorded, "" for none
	revision string // the commit it was built from, "" when unknown
	modified bool   // built from a tree with uncommitted changes
	time     string // the commit's time
	goVer    string // the Go release it was built with
}

func readBuildInfo() buildInfo {
	b := buildInfo{goVer: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		b.module = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		case "vcs.time":
			b.time = s.Value
		}
	}
	return b
}

// short is the version as one word: the module version (a tag, or the
// pseudo-version go build derives from the commit), else the commit, else
// "devel".
func (b buildInfo) short() string {
	switch {
	case b.module != "":
		return b.module
	case b.revision != "":
		rev := b.revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if b.modified {
			rev += "+dirty"
		}
		return rev
	}
	return "devel"
}

// long is the version with the commit, its time and the Go release.
func (b buildInfo) long() string {
	s := "concvet " + b.short()
	var more []string
	if b.revision != "" && b.module != "" {
		more = append(more, "commit "+b.revision)
	}
	if b.time != "" {
		more = append(more, b.time)
	}
	if b.modified && b.module == "" {
		more = append(more, "uncommitted changes")
	}
	if b.revision == "" && b.module == "" {
		more = append(more, "built without version control information")
	}
	more = append(more, "built with "+b.goVer+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return s + " (" + strings.Join(more, ", ") + ")"
}

// toolVersion is the version SARIF names the tool by.
func toolVersion() string { return readBuildInfo().short() }

// printVersionFull answers go vet's -V=full: "concvet version devel …
// buildID=<hash of the executable>", the form with which the go command
// keys its cache by the binary's content. The words in between say which
// concvet it is.
func printVersionFull(w io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return err
	}
	b := readBuildInfo()
	words := b.goVer
	if v := b.short(); v != "devel" {
		words = v + " " + words
	}
	_, err = fmt.Fprintf(w, "concvet version devel %s buildID=%x\n", words, sha256.Sum256(data))
	return err
}

// toolchainVersion returns the version of the go command concvet works
// with: the one that started it (go vet sets GOVERSION in the tool's
// environment), else the one on PATH in this directory, which go/packages
// runs (with GOTOOLCHAIN and a go.mod's toolchain line honoured).
func toolchainVersion() string {
	if v := os.Getenv("GOVERSION"); v != "" {
		return v
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// newerToolchain returns the message to stop with when the go command's
// Go is a newer release than the one concvet was built with: the go/types
// of the older release cannot read the newer standard library (go vet
// fails on every package without saying why), and only a rebuild helps.
func newerToolchain(toolchain, built string) string {
	lang := func(v string) string {
		v, _, _ = strings.Cut(v, " ") // "go1.26.8 X:nocoverageredesign"
		return version.Lang(v)
	}
	t, b := lang(toolchain), lang(built)
	if t == "" || b == "" || version.Compare(t, b) <= 0 {
		return ""
	}
	tv, _, _ := strings.Cut(toolchain, " ")
	bv, _, _ := strings.Cut(built, " ")
	at := "@latest"
	if m := readBuildInfo().module; m != "" && !strings.Contains(m, "+") {
		at = "@" + m
	}
	return fmt.Sprintf("concvet: this concvet was built with %s, but the go command is %s, whose standard library it cannot read: "+
		"rebuild it with %s (GOTOOLCHAIN=%s go install %s/cmd/concvet%s, or in a clone of concvet: GOTOOLCHAIN=%s go install ./cmd/concvet)",
		bv, tv, tv, tv, modulePath, at, tv)
}

// checkToolchain prints the toolchain message and reports false when the
// go command is newer than concvet's Go.
func checkToolchain() bool {
	if msg := newerToolchain(toolchainVersion(), runtime.Version()); msg != "" {
		fmt.Fprintln(os.Stderr, msg)
		return false
	}
	return true
}

// usage is concvet -h and concvet help.
func usage(w io.Writer, fs *flag.FlagSet, suite []*analysis.Analyzer) {
	fmt.Fprint(w, `concvet finds concurrency bugs in Go code: goroutines blocked forever,
loops nobody can stop, WaitGroup, mutex, sync.Cond and channel misuse, lost
cancel functions, unguarded maps and captured variables.

Usage:
  concvet [flags] [packages]          check packages (default ./...): text on stderr
  concvet -json [packages]            the findings as JSON on stdout
  concvet -sarif [packages]           SARIF 2.1.0 on stdout, for code scanning
  concvet -fix [packages]             apply the fixes; print the findings left
  concvet -fix -diff [packages]       show the fixes as a diff; files untouched
  go vet -vettool=$(command -v concvet) [flags] [packages]
  go fix -fixtool=$(command -v concvet) [packages]
  concvet lsp [-v]                    language server on stdin and stdout
  concvet help [check]                this text, or a check's documentation and flags
  concvet version                     the version, commit and Go release
  concvet -flags                      every flag, as JSON (what go vet reads)

Exit status: 0 no findings; 3 findings (text, -fix, -fix -diff); 1 a package
did not load or type-check, or an analysis failed; 2 a bad flag. -json and
-sarif exit 0 with findings. Under go vet: 1 for findings, as go vet does.

Checks (-<check> runs only the checks so named; -<check>=false leaves one out):
`)
	width := 0
	for _, a := range suite {
		width = max(width, len(a.Name))
	}
	for _, a := range suite {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "  %-*s  %s\n", width, a.Name, summary)
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		if isCheckFlag(f.Name, suite) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			name = " " + name
		}
		fmt.Fprintf(w, "  -%s%s\n    \t%s\n", f.Name, name, usage)
	})
	fmt.Fprint(w, "\nDocumentation: https://github.com/concvet/concvet#readme\n")
}

// isCheckFlag reports whether name is -<check> or -<check>.<option>.
func isCheckFlag(name string, suite []*analysis.Analyzer) bool {
	check, _, _ := strings.Cut(name, ".")
	for _, a := range suite {
		if a.Name == check {
			return true
		}
	}
	return false
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/concvet/concvet/analyzers"
	"github.com/concvet/concvet/internal/sarif"
)

// The end-to-end test builds the binary once and runs it, standalone and
// under go vet and go fix, over a copy of testdata/e2e, a module of its own.
var (
	cgoOK   bool   // the go command can build cgo packages
	newer   string // bin behind a wrapper that fakes a newer go command
	bin     string
	fixture string // the copy of testdata/e2e that rows run in
	tmpRoot string
	env     []string
)

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "concvet-e2e-")
	if err != nil {
		return 1, err
	}
	// go test puts its own GOROOT/bin first on PATH, so this is the same go.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return 1, err
	}
	bin = filepath.Join(tmpRoot, "bin", "concvet")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return 1, fmt.Errorf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(goCmd, "env", "CGO_ENABLED", "CC").Output(); err == nil {
		if f := strings.Fields(string(out)); len(f) == 2 && f[0] == "1" {
			_, err := exec.LookPath(f[1])
			cgoOK = err == nil
		}
	}
	// A go vet tool that sees a newer go command than it was built with:
	// go vet sets GOVERSION to its own, so a wrapper fakes it.
	newer = filepath.Join(tmpRoot, "bin", "concvet-newer")
	if err := os.WriteFile(newer, []byte("#!/bin/sh\nGOVERSION=go1.99.0 exec "+bin+" \"$@\"\n"), 0o755); err != nil {
		return 1, err
	}
	fixture, err = copyFixture()
	if err != nil {
		return 1, err
	}
	// One GOCACHE for all rows, fresh per test run: go vet caches its
	// results, and a cache older than the binaries could replay output that
	// this run did not produce. Rows differ in binary, flags or package, so
	// no row replays another's.
	env = append(os.Environ(),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"GOCACHE="+filepath.Join(tmpRoot, "gocache"))
	return m.Run(), nil
}

func copyFixture() (string, error) {
	dir, err := os.MkdirTemp(tmpRoot, "e2e-")
	if err != nil {
		return "", err
	}
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "e2e"))); err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(dir)
}

type row struct {
	name string
	tool string // "": the binary itself; "vet" or "fix": through go vet -vettool / go fix -fixtool
	args []string
	dir  string // under the fixture; "" is its root
	// fresh runs the row in its own copy of the fixture, for rows that
	// write files.
	fresh bool
	exit  int
	// format says where findings are printed: "text" (stderr), "json" or
	// "sarif" (stdout).
	format string
	// want is every finding, as "file:line: check: substring of message",
	// file relative to the fixture.
	want  []string
	check func(t *testing.T, r result)
	// cgo marks rows that need a C compiler; they are skipped without.
	cgo bool
	// bin "newer" runs the binary behind newer's wrapper; env is added
	// to the environment.
	bin string
	env []string
}

type result struct {
	dir, stdout, stderr string
}

var dirtyWant = []string{
	`dirty/dirty.go:5: ignore: names unknown check "nosuchcheck"`,
	`dirty/dirty.go:9: ignore: names unknown check "nosuchcheck"`,
	`dirty/dirty.go:9: ignore: directive has no reason, so it silences nothing`,
	`dirty/dirty.go:14: ignore: directive names no check`,
}

var wgWant = []string{
	`wg/wg.go:34: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`,
	`wg/wg.go:41: ignore: concvet:ignore directive for wgadd silences nothing: remove it`,
	`wg/wg.go:47: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`,
}

const unusedDirective = "\t//concvet:ignore wgadd the goroutine is gone\n"

var cgoWant = []string{
	`cgo/cgo.go:28: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`,
	`cgo/cgo.go:36: ignore: concvet:ignore directive for wgadd silences nothing: remove it`,
}

var rows = []row{
	{name: "text", args: []string{"./dirty"}, exit: 3, format: "text", want: dirtyWant},
	{name: "text/default-pattern", dir: "dirty", exit: 3, format: "text", want: dirtyWant},
	{name: "text/clean", args: []string{"./clean"}, exit: 0, format: "text", check: emptyOutput},
	{name: "text/broken", args: []string{"./broken"}, exit: 1, format: "text", check: typeError},
	// -test=false is the multichecker's, in process: go vet always vets
	// a package with its tests.
	{name: "text/in-process", args: []string{"-test=false", "./dirty"}, exit: 3, format: "text", want: dirtyWant},
	{name: "json", args: []string{"-json", "./dirty"}, exit: 0, format: "json", want: dirtyWant},
	{name: "sarif", args: []string{"-sarif", "./dirty"}, exit: 0, format: "sarif", want: dirtyWant},
	{name: "json/broken", args: []string{"-json", "./broken"}, exit: 1, check: typeError},
	{name: "diff/broken", args: []string{"-fix", "-diff", "./broken"}, exit: 1, check: typeError},
	{name: "sarif/broken", args: []string{"-sarif", "./broken"}, exit: 1, format: "sarif", check: sarifFailed},
	{name: "version", args: []string{"-V=full"}, exit: 0, check: versionLine},
	{name: "flags", args: []string{"-flags"}, exit: 0, check: flagsJSON},
	{name: "help", args: []string{"help", "ignore"}, exit: 0, check: stdoutHas("silence nothing")},
	{name: "vet", tool: "vet", args: []string{"./dirty"}, exit: 1, format: "text", want: dirtyWant},
	{name: "vet/disabled", tool: "vet", args: []string{"-ignore=false", "./dirty"}, exit: 0, format: "text", check: emptyOutput},
	{name: "vet/clean", tool: "vet", args: []string{"./clean"}, exit: 0, format: "text", check: emptyOutput},
	{name: "vet/broken", tool: "vet", args: []string{"./broken"}, exit: 1, format: "text", check: typeError},
	{name: "vet/unknown-flag", tool: "vet", args: []string{"-nosuchflag", "./dirty"}, exit: 2, check: stderrHas("-nosuchflag")},

	// wgadd's findings: two Adds silenced (line above, same line), two
	// reported, one directive left over.
	{name: "wg/text", args: []string{"./wg"}, exit: 3, format: "text", want: wgWant, check: stderrHas("wg.go:33:2: \tthe go statement")},
	{name: "wg/json", args: []string{"-json", "./wg"}, exit: 0, format: "json", want: wgWant},
	{name: "wg/sarif", args: []string{"-sarif", "./wg"}, exit: 0, format: "sarif", want: wgWant, check: sarifRelated},
	{name: "wg/sarif/disabled", args: []string{"-sarif", "-wgadd=false", "./wg"}, exit: 0, format: "sarif", want: wgWant[1:2]},
	// -fix and -fix -diff print the finding they leave (wgadd's on line
	// 47 has no fix) as the plain run does, and exit 3 for it.
	{name: "wg/diff", args: []string{"-fix", "-diff", "./wg"}, exit: 3, format: "text", want: wgWant[2:], check: diffOnly},
	{name: "wg/fix", fresh: true, args: []string{"-fix", "./wg"}, exit: 3, format: "text", want: wgWant[2:], check: fixed},
	{name: "clean/fix", args: []string{"-fix", "./clean"}, exit: 0, check: emptyOutput},
	{name: "wg/vet", tool: "vet", args: []string{"./wg"}, exit: 1, format: "text", want: wgWant},
	// A disabled check still runs for ignore, so its directives stay used.
	{name: "wg/vet/disabled", tool: "vet", args: []string{"-wgadd=false", "./wg"}, exit: 1, format: "text", want: wgWant[1:2]},
	{name: "wg/vet/json", tool: "vet", args: []string{"-json", "./wg"}, exit: 0, format: "json", want: wgWant},
	// go vet -diff and go fix -diff exit 1 when there is a diff, like gofmt -d.
	{name: "wg/vet/diff", tool: "vet", args: []string{"-fix", "-diff", "./wg"}, exit: 1, check: diffOnly},
	{name: "wg/gofix/diff", tool: "fix", args: []string{"-diff", "./wg"}, exit: 1, check: diffOnly},
	{name: "wg/gofix", tool: "fix", fresh: true, args: []string{"./wg"}, exit: 0, check: fixed},

	{name: "tested/text", args: []string{"./tested"}, exit: 3, format: "text", want: testedWant},
	{name: "tested/json", args: []string{"-json", "./tested"}, exit: 0, format: "json", want: testedWant},
	{name: "tested/sarif", args: []string{"-sarif", "./tested"}, exit: 0, format: "sarif", want: testedWant},
	{name: "tested/vet", tool: "vet", args: []string{"./tested"}, exit: 1, format: "text", want: testedWant},

	// Go 1.26's vet cache keys a facts-only run like a root run: dep,
	// vetted first as user's dependency, must still be reported when it
	// is named (see internal/vetrun). The two rows run in this order and
	// are the only ones to vet replay/.
	{name: "replay/dependant", args: []string{"./replay/user"}, exit: 0, format: "text", check: emptyOutput},
	{name: "replay/dependency", args: []string{"./replay/dep"}, exit: 3, format: "text", want: replayWant},
	{name: "replay/dependency/json", args: []string{"-json", "./replay/dep"}, exit: 0, format: "json", want: replayWant},
	{name: "replay/dependency/sarif", args: []string{"-sarif", "./replay/dep"}, exit: 0, format: "sarif", want: replayWant},

	// A file that imports "C": findings at its own lines in every mode,
	// directives honoured, fixes dropped (the files stay as they are).
	{name: "cgo/text", cgo: true, args: []string{"./cgo"}, exit: 3, format: "text", want: cgoWant},
	{name: "cgo/json", cgo: true, args: []string{"-json", "./cgo"}, exit: 0, format: "json", want: cgoWant},
	{name: "cgo/sarif", cgo: true, args: []string{"-sarif", "./cgo"}, exit: 0, format: "sarif", want: cgoWant},
	{name: "cgo/vet", cgo: true, tool: "vet", args: []string{"./cgo"}, exit: 1, format: "text", want: cgoWant},
	{name: "cgo/vet/json", cgo: true, tool: "vet", args: []string{"-json", "./cgo"}, exit: 0, format: "json", want: cgoWant},
	{name: "cgo/diff", cgo: true, args: []string{"-fix", "-diff", "./cgo"}, exit: 3, format: "text", want: cgoWant, check: emptyStdout},
	{name: "cgo/fix", cgo: true, fresh: true, args: []string{"-fix", "./cgo"}, exit: 3, format: "text", want: cgoWant, check: unchanged("cgo/cgo.go")},

	// One line per load error (go vet's "# package" header aside): no
	// analysis that could not run because of it is listed.
	{name: "text/broken/one-line", args: []string{"./broken"}, exit: 1, check: oneErrorLine},
	{name: "json/broken/one-line", args: []string{"-json", "./broken"}, exit: 1, check: oneErrorLine},
	{name: "diff/broken/one-line", args: []string{"-fix", "-diff", "./broken"}, exit: 1, check: oneErrorLine},
	{name: "sarif/broken/one-note", args: []string{"-sarif", "./broken"}, exit: 1, check: oneNotification},

	// The modes, the version and what a newer go command gets.
	{name: "help/modes", args: []string{"help"}, exit: 0, check: listsModes},
	{name: "h/modes", args: []string{"-h"}, exit: 0, check: listsModes},
	{name: "version/subcommand", args: []string{"version"}, exit: 0, check: stdoutHas("built with go1")},
	{name: "newer-go/text", args: []string{"./clean"}, env: []string{"GOVERSION=go1.99.0"}, exit: 1, check: newerGo},
	{name: "newer-go/sarif", args: []string{"-sarif", "./clean"}, env: []string{"GOVERSION=go1.99.0"}, exit: 1, check: newerGo},
	{name: "newer-go/V", args: []string{"-V=full"}, env: []string{"GOVERSION=go1.99.0"}, exit: 1, check: newerGo},
	{name: "newer-go/vet", tool: "vet", bin: "newer", args: []string{"./clean"}, exit: 1, check: newerGo},
	{name: "older-go/text", args: []string{"./clean"}, env: []string{"GOVERSION=go1.20.0"}, exit: 0, check: emptyOutput},

	// -v says once that lockcheck gave up on a Lock whose paths are too
	// many to walk; without -v nothing is said.
	{name: "budget/v", args: []string{"-v", "-lockcheck", "./budget"}, exit: 0, check: gaveUpOnce},
	{name: "budget/vet/v", tool: "vet", args: []string{"-v", "-lockcheck", "./budget"}, exit: 0, check: gaveUpOnce},
	{name: "budget/quiet", args: []string{"-lockcheck", "./budget"}, exit: 0, check: emptyOutput},
}

// oneErrorLine: the type error, once; nothing else on stderr but go vet's
// "# package" header.
func oneErrorLine(t *testing.T, r result) {
	typeError(t, r)
	var lines []string
	for l := range strings.SplitSeq(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(l, "# ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Errorf("want one line on stderr, got %d:\n%s", len(lines), r.stderr)
	}
}

// oneNotification: the SARIF log's one notification is the type error.
func oneNotification(t *testing.T, r result) {
	oneErrorLine(t, r)
	log := decodeSARIF(t, r.stdout)
	notes := log.Runs[0].Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || !strings.Contains(notes[0].Message.Text, "cannot use") {
		t.Errorf("want one notification, the type error, got %+v", notes)
	}
}

// listsModes: help names every mode and the flags of each.
func listsModes(t *testing.T, r result) {
	for _, s := range []string{"-sarif", "-json", "-fix", "-diff", "concvet lsp", "go vet -vettool", "go fix -fixtool", "concvet version", "concvet help [check]", "Exit status", "wgadd", "-test"} {
		if !strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("help lacks %q:\n%s%s", s, r.stdout, r.stderr)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "-wgadd.") || strings.Contains(r.stdout+r.stderr, "is a tool for static analysis") {
		t.Errorf("help lists per-check flags or x/tools' generic text:\n%s%s", r.stdout, r.stderr)
	}
}

// newerGo: one line naming both Go versions and the command to rebuild.
func newerGo(t *testing.T, r result) {
	var ours []string
	for l := range strings.SplitSeq(strings.TrimSpace(r.stderr), "\n") {
		if strings.Contains(l, "go1.99.0") {
			ours = append(ours, l)
		}
	}
	if len(ours) != 1 || !strings.Contains(ours[0], runtime.Version()) || !strings.Contains(ours[0], "go install") {
		t.Errorf("want one line naming go1.99.0, %s and go install, got:\n%s", runtime.Version(), r.stderr)
	}
}

// gaveUpOnce: lockcheck says once that it gave up.
func gaveUpOnce(t *testing.T, r result) {
	if n := strings.Count(r.stderr, "lockcheck: gave up on "); n != 1 {
		t.Errorf("want lockcheck's note once, got %d:\n%s", n, r.stderr)
	}
}

// A package with tests of its own and external ones: go vet names both
// units by import path (tested, tested_test), and the plain package is
// vetted too, for the external tests' facts.
var testedWant = []string{
	`tested/tested.go:11: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`,
	`tested/x_test.go:14: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`,
}

var replayWant = []string{`replay/dep/dep.go:12: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`}

func TestEndToEnd(t *testing.T) {
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) { r.run(t) })
	}
}

func (r row) run(t *testing.T) {
	if r.cgo && !cgoOK {
		t.Skip("cgo is not available (CGO_ENABLED=0 or no C compiler)")
	}
	root := fixture
	if r.fresh {
		var err error
		if root, err = copyFixture(); err != nil {
			t.Fatal(err)
		}
	}
	r.runIn(t, root)
}

// runIn runs the row in the module at root.
func (r row) runIn(t *testing.T, root string) {
	tool := bin
	if r.bin == "newer" {
		tool = newer
	}
	var cmd *exec.Cmd
	switch r.tool {
	case "":
		cmd = exec.Command(tool, r.args...)
	case "vet":
		cmd = exec.Command("go", append([]string{"vet", "-vettool=" + tool}, r.args...)...)
	case "fix":
		cmd = exec.Command("go", append([]string{"fix", "-fixtool=" + tool}, r.args...)...)
	default:
		t.Fatalf("unknown tool %q", r.tool)
	}
	cmd.Dir = filepath.Join(root, r.dir)
	cmd.Env = append(slices.Clone(env), r.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatal(err)
	}
	res := result{dir: root, stdout: stdout.String(), stderr: stderr.String()}
	if strings.Contains(res.stderr, "panic:") {
		t.Errorf("the tool panicked:\n%s", res.stderr)
	}
	if code := cmd.ProcessState.ExitCode(); code != r.exit {
		t.Errorf("%s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", cmd, code, r.exit, res.stdout, res.stderr)
	}
	if r.format != "" {
		got := findings(t, r.format, res)
		matchFindings(t, r.want, got)
	}
	if r.check != nil {
		r.check(t, res)
	}
}

// A finding is one diagnostic as the output carries it.
type finding struct {
	file  string // relative to the fixture, with slashes
	line  int
	check string
	msg   string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s: %s", f.file, f.line, f.check, f.msg) }

// textLine is the multichecker's and go vet's "file:line:col: message",
// where concvet's message starts with "check: ". Related information lines
// (message starting with a tab) and type errors do not match.
var textLine = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: (\w+): ([^\t].*)$`)

func findings(t *testing.T, format string, r result) []finding {
	t.Helper()
	var out []finding
	add := func(file string, line int, check, msg string) {
		if filepath.IsAbs(file) {
			if rel, err := filepath.Rel(r.dir, file); err == nil {
				file = rel
			}
		}
		out = append(out, finding{filepath.ToSlash(file), line, check, msg})
	}
	switch format {
	case "text":
		for l := range strings.SplitSeq(r.stderr, "\n") {
			if m := textLine.FindStringSubmatch(l); m != nil {
				line, _ := strconv.Atoi(m[2])
				add(m[1], line, m[3], m[4])
			}
		}
	case "json":
		// One object per package for go vet, one in all standalone.
		type diag struct{ Posn, Message string }
		dec := json.NewDecoder(strings.NewReader(r.stdout))
		for {
			var tree map[string]map[string]json.RawMessage
			if err := dec.Decode(&tree); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, r.stdout)
			}
			for _, byCheck := range tree {
				for check, raw := range byCheck {
					var diags []diag
					if err := json.Unmarshal(raw, &diags); err != nil {
						t.Errorf("%s: not a list of diagnostics (an error?): %s", check, raw)
						continue
					}
					for _, d := range diags {
						msg, ok := strings.CutPrefix(d.Message, check+": ")
						if !ok {
							t.Errorf("%s: message %q does not start with the check's name", d.Posn, d.Message)
						}
						// posn is file:line:col; the file may contain colons.
						parts := strings.Split(d.Posn, ":")
						if len(parts) < 3 {
							t.Fatalf("bad posn %q", d.Posn)
						}
						line, _ := strconv.Atoi(parts[len(parts)-2])
						add(strings.Join(parts[:len(parts)-2], ":"), line, check, msg)
					}
				}
			}
		}
	case "sarif":
		log := decodeSARIF(t, r.stdout)
		// URIs are relative to %SRCROOT% (the repository's root, or the
		// current directory outside one): made absolute, add makes them
		// relative to the fixture again.
		base := ""
		if u, err := url.Parse(log.Runs[0].OriginalURIBaseIDs[sarif.SrcRoot].URI); err == nil {
			base = filepath.FromSlash(u.Path)
		}
		for _, res := range log.Runs[0].Results {
			loc := res.Locations[0].PhysicalLocation
			file := loc.ArtifactLocation.URI
			if loc.ArtifactLocation.URIBaseID == sarif.SrcRoot && base != "" {
				file = filepath.Join(base, filepath.FromSlash(file))
			}
			add(file, loc.Region.StartLine, res.RuleID, res.Message.Text)
		}
	default:
		t.Fatalf("unknown format %q", format)
	}
	return out
}

// matchFindings pairs each want ("file:line: check: substring") with one
// finding and reports what is left on either side.
func matchFindings(t *testing.T, want []string, got []finding) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		parts := strings.SplitN(w, ": ", 3)
		file, lineStr, ok := strings.Cut(parts[0], ":")
		line, err := strconv.Atoi(lineStr)
		if len(parts) != 3 || !ok || err != nil {
			t.Fatalf("bad want %q: write file:line: check: substring", w)
		}
		i := slices.IndexFunc(got, func(f finding) bool {
			return f.file == file && f.line == line && f.check == parts[1] && strings.Contains(f.msg, parts[2])
		})
		for i >= 0 && used[i] { // the same want may be listed twice for one line
			j := slices.IndexFunc(got[i+1:], func(f finding) bool {
				return f.file == file && f.line == line && f.check == parts[1] && strings.Contains(f.msg, parts[2])
			})
			if j < 0 {
				i = -1
			} else {
				i += 1 + j
			}
		}
		if i < 0 {
			t.Errorf("missing finding %s", w)
			continue
		}
		used[i] = true
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("unexpected finding %s", f)
		}
	}
}

func decodeSARIF(t *testing.T, s string) *sarif.Log {
	t.Helper()
	var log sarif.Log
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("invalid SARIF JSON: %v\n%s", err, s)
	}
	if err := log.Validate(); err != nil {
		t.Fatalf("invalid SARIF: %v", err)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "concvet" {
		t.Fatalf("want one run by concvet, got %d runs", len(log.Runs))
	}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if r.HelpURI == "" || r.FullDescription.Text == "" || strings.Contains(r.ShortDescription.Text, "\n") {
			t.Errorf("rule %s: want helpUri, fullDescription and a one-line shortDescription", r.ID)
		}
	}
	return &log
}

func emptyStdout(t *testing.T, r result) {
	if r.stdout != "" {
		t.Errorf("want nothing on stdout, got:\n%s", r.stdout)
	}
}

// unchanged: the fixture's file is as it was copied.
func unchanged(file string) func(*testing.T, result) {
	return func(t *testing.T, r result) {
		got, err := os.ReadFile(filepath.Join(r.dir, file))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", "e2e", file))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s changed:\n%s", file, got)
		}
	}
}

func emptyOutput(t *testing.T, r result) {
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("want no output, got stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

func typeError(t *testing.T, r result) {
	if !strings.Contains(r.stderr, "broken.go:4:13: cannot use") {
		t.Errorf("want the type error on stderr, got:\n%s", r.stderr)
	}
}

func sarifFailed(t *testing.T, r result) {
	log := decodeSARIF(t, r.stdout)
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) == 0 {
		t.Errorf("want one unsuccessful invocation with notifications, got %+v", inv)
	}
	typeError(t, r)
}

func versionLine(t *testing.T, r result) {
	if !regexp.MustCompile(`^concvet version devel (\S+ )?go1\S* buildID=[0-9a-f]{64}\n$`).MatchString(r.stdout) {
		t.Errorf("-V=full printed %q; go vet needs this form to cache by the binary's hash", r.stdout)
	}
}

func flagsJSON(t *testing.T, r result) {
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags is not JSON: %v", err)
	}
	if !slices.ContainsFunc(flags, func(f struct {
		Name string
		Bool bool
	}) bool {
		return f.Name == "ignore" && f.Bool
	}) {
		t.Errorf("-flags lacks the boolean ignore flag: %s", r.stdout)
	}
}

func stdoutHas(s string) func(*testing.T, result) {
	return func(t *testing.T, r result) {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
}

func stderrHas(s string) func(*testing.T, result) {
	return func(t *testing.T, r result) {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

// diffOnly: the diff deletes the unused directive and nothing else, and
// the file is untouched.
func diffOnly(t *testing.T, r result) {
	for _, want := range []string{"\n-" + unusedDirective, "\n-\t\twg.Add(1)\n", "\n+\twg.Add(1)\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("want a diff with %q, got:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "\n-") - strings.Count(r.stdout, "\n---"); n != 2 {
		t.Errorf("want a diff deleting 2 lines, got %d:\n%s", n, r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(r.dir, "wg", "wg.go"))
	if err != nil || !strings.Contains(string(data), unusedDirective) {
		t.Errorf("-diff changed the file (err %v)", err)
	}
}

// fixed: the unused directive is gone, the used ones stay, and the reported
// Add with a fix moved before its go statement.
func fixed(t *testing.T, r result) {
	data, err := os.ReadFile(filepath.Join(r.dir, "wg", "wg.go"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if strings.Contains(s, unusedDirective) || strings.Count(s, "//concvet:ignore wgadd") != 2 {
		t.Errorf("after the fix, want the unused directive removed and the others kept:\n%s", s)
	}
	if !strings.Contains(s, "\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n") {
		t.Errorf("after the fix, want Reported's Add before its go statement:\n%s", s)
	}
}

// TestSplitFlags covers what decides between SARIF, the multichecker and
// the default ./... pattern, without building anything.
func TestSplitFlags(t *testing.T) {
	for _, tc := range []struct {
		args  string
		rest  string
		sarif bool
	}{
		{"", "", false},
		{"./...", "./...", false},
		{"-json", "", false},
		{"-c 2", "", false},
		{"-c=2 ./x", "./x", false},
		{"-ignore=false -c 2 ./x y", "./x y", false},
		{"-debug fp ./x", "./x", false},
		{"-sarif", "", true},
		{"--sarif ./x", "./x", true},
		{"-sarif=false ./x", "./x", false},
		{"-json -- -sarif", "-sarif", false},
		{"help ignore", "help ignore", false},
		{"-unsafeptr=false x.cfg", "x.cfg", false},
	} {
		flags, rest := splitFlags(strings.Fields(tc.args), analyzers.Suite)
		if got := strings.Join(rest, " "); got != tc.rest {
			t.Errorf("splitFlags(%q) rest = %q, want %q", tc.args, got, tc.rest)
		}
		if got := hasSARIF(flags); got != tc.sarif {
			t.Errorf("hasSARIF(%q) = %v, want %v", tc.args, got, tc.sarif)
		}
	}
}

// sarifRelated: a finding's related information becomes related locations
// with their messages, and regions are in UTF-16 columns (line 47 has a
// 4-byte, 2-unit emoji before the go statement).
func sarifRelated(t *testing.T, r result) {
	log := decodeSARIF(t, r.stdout)
	type where struct {
		at      sarif.Region
		related []sarif.Region
	}
	point := func(line, col int) sarif.Region {
		return sarif.Region{StartLine: line, StartColumn: col, EndLine: line, EndColumn: col}
	}
	want := map[int]where{
		34: {point(34, 3), []sarif.Region{point(33, 2), point(37, 2)}},
		47: {point(47, 25), []sarif.Region{point(47, 2), point(48, 2)}},
	}
	for _, res := range log.Runs[0].Results {
		if res.RuleID != "wgadd" {
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		w, ok := want[loc.Region.StartLine]
		if !ok {
			t.Errorf("unexpected wgadd result at %+v", loc.Region)
			continue
		}
		delete(want, loc.Region.StartLine)
		if loc.Region != w.at || loc.ArtifactLocation.URI != "wg/wg.go" || loc.ArtifactLocation.URIBaseID != sarif.SrcRoot {
			t.Errorf("location %+v, want wg/wg.go %+v relative to %s", loc, w.at, sarif.SrcRoot)
		}
		if len(res.RelatedLocations) != len(w.related) {
			t.Errorf("want %d related locations, got %+v", len(w.related), res.RelatedLocations)
			continue
		}
		for i, rel := range res.RelatedLocations {
			if rel.Message == nil || rel.Message.Text == "" {
				t.Errorf("related location %d has no message", i)
			}
			if got := rel.PhysicalLocation.Region; got != w.related[i] {
				t.Errorf("related region %d %+v, want %+v", i, got, w.related[i])
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no wgadd result on lines %v", slices.Collect(maps.Keys(want)))
	}
}

// TestGuide runs the binary in every output mode over the concurrency
// guide turned into code (../../testdata/src/guide, GOPATH layout): the
// findings must be exactly the lines marked // want there, whatever the
// mode.
func TestGuide(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	wantRE := regexp.MustCompile("// want `(\\w+): ")
	err = filepath.WalkDir(filepath.Join(src, "guide"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
				want = append(want, fmt.Sprintf("%s:%d: %s: ", filepath.ToSlash(rel), i+1, m[1]))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no // want in the guide")
	}
	guideEnv := append(slices.Clone(env), "GOPATH="+filepath.Dir(src), "GO111MODULE=off", "GOFLAGS=")
	for _, r := range []row{
		{name: "text", args: []string{"./..."}, exit: 3, format: "text"},
		{name: "json", args: []string{"-json", "./..."}, exit: 0, format: "json"},
		{name: "sarif", args: []string{"-sarif", "./..."}, exit: 0, format: "sarif"},
		{name: "vet", tool: "vet", args: []string{"./..."}, exit: 1, format: "text"},
		{name: "diff", args: []string{"-fix", "-diff", "./..."}, exit: 3, check: stdoutHas("defer wg.Done()")},
	} {
		t.Run(r.name, func(t *testing.T) {
			cmd := exec.Command(bin, r.args...)
			if r.tool == "vet" {
				cmd = exec.Command("go", append([]string{"vet", "-vettool=" + bin}, r.args...)...)
			}
			cmd.Dir = filepath.Join(src, "guide")
			cmd.Env = guideEnv
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				if _, ok := err.(*exec.ExitError); !ok {
					t.Fatal(err)
				}
			}
			res := result{dir: src, stdout: stdout.String(), stderr: stderr.String()}
			if strings.Contains(res.stderr, "panic:") {
				t.Errorf("the tool panicked:\n%s", res.stderr)
			}
			if code := cmd.ProcessState.ExitCode(); code != r.exit {
				t.Errorf("%s: exit status %d, want %d\nstderr:\n%s", cmd, code, r.exit, res.stderr)
			}
			if r.format != "" {
				got := findings(t, r.format, res)
				// go vet prints paths relative to the package directory.
				for i := range got {
					if !strings.HasPrefix(got[i].file, "guide/") {
						got[i].file = "guide/" + got[i].file
					}
				}
				matchFindings(t, want, got)
			}
			if r.check != nil {
				r.check(t, res)
			}
		})
	}
}

// TestExamples runs the binary over the examples module and checks it
// against the table in examples/README.md: every check of the Suite has a
// row, and the findings are exactly one per row, of that check, in that
// row's file.
func TestExamples(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rowRE := regexp.MustCompile("(?m)^\\| `(\\w+)` \\| `([^`]+\\.go)`")
	var want []string
	inTable := map[string]bool{}
	for _, m := range rowRE.FindAllStringSubmatch(string(readme), -1) {
		want = append(want, m[2]+": "+m[1])
		inTable[m[1]] = true
	}
	for _, a := range analyzers.Suite {
		if a.Name != "ignore" && !inTable[a.Name] {
			t.Errorf("examples/README.md has no row for %s: add an example of its bug", a.Name)
		}
	}
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
	}
	var got []string
	for _, f := range findings(t, "json", result{dir: dir, stdout: stdout.String()}) {
		got = append(got, f.file+": "+f.check)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings in examples (file: check):\n%s\nwant, from examples/README.md:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGo127 runs the suite, under go vet and standalone, on a module that
// says go 1.27 (testdata/go127). The go command refuses such a module
// before Go 1.27, so the test runs only on a Go 1.27 toolchain or newer:
// CI runs the tests a second time with GOTOOLCHAIN=go1.27.3.
func TestGo127(t *testing.T) {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	goVersion := strings.TrimSpace(string(out))
	if !atLeast(goVersion, 1, 27) {
		t.Skipf("%s cannot load a go 1.27 module; CI runs this test with GOTOOLCHAIN=go1.27.3", goVersion)
	}
	dir := filepath.Join(tmpRoot, "go127")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "go127"))); err != nil {
		t.Fatal(err)
	}
	want := []string{`wg/wg.go:12: wgadd: wg.Add inside the goroutine it counts races with wg.Wait`}
	for _, r := range []row{
		{name: "vet", tool: "vet", args: []string{"./..."}, exit: 1, format: "text", want: want},
		{name: "vet/json", tool: "vet", args: []string{"-json", "./..."}, exit: 0, format: "json", want: want},
		{name: "text", args: []string{"./..."}, exit: 3, format: "text", want: want},
		{name: "sarif", args: []string{"-sarif", "./..."}, exit: 0, format: "sarif", want: want},
	} {
		t.Run(r.name, func(t *testing.T) {
			r.runIn(t, dir)
		})
	}
}

// atLeast reports whether a go version ("go1.27.3", "go1.28rc1",
// "devel go1.29-…") is at least major.minor.
func atLeast(v string, major, minor int) bool {
	v = strings.TrimPrefix(strings.TrimPrefix(v, "devel "), "go")
	maj, rest, _ := strings.Cut(v, ".")
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	ma, err1 := strconv.Atoi(maj)
	mi, err2 := strconv.Atoi(rest[:n])
	return err1 == nil && err2 == nil && (ma > major || ma == major && mi >= minor)
}

// TestSameAsVet: standalone concvet, which runs go vet, finds exactly what
// go vet -vettool finds, over the whole fixture (its broken package
// included).
func TestSameAsVet(t *testing.T) {
	run := func(name string, args ...string) []string {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = fixture, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatal(err)
			}
		}
		var out []string
		for _, f := range findings(t, "json", result{dir: fixture, stdout: stdout.String()}) {
			out = append(out, f.String())
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	vet := run("go", "vet", "-vettool="+bin, "-json", "./...")
	standalone := run(bin, "-json", "./...")
	if len(vet) == 0 || !slices.Equal(vet, standalone) {
		t.Errorf("go vet -json found\n%s\nstandalone -json found\n%s", strings.Join(vet, "\n"), strings.Join(standalone, "\n"))
	}
}

// TestSARIFSubdirectory: a module in a subdirectory of a repository gets
// URIs relative to the repository's root, which originalUriBaseIds names
// as %SRCROOT%, and messages that link every related location.
func TestSARIFSubdirectory(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(repo, "tools", "mod")
	if err := os.CopyFS(mod, os.DirFS(filepath.Join("testdata", "e2e"))); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-sarif", "./wg")
	cmd.Dir = mod
	cmd.Env = append(slices.Clone(env), "GITHUB_WORKSPACE=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	log := decodeSARIF(t, stdout.String())
	run := log.Runs[0]
	root, err := filepath.EvalSymlinks(repo)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.OriginalURIBaseIDs[sarif.SrcRoot].URI, "file://"+filepath.ToSlash(root)+"/"; got != want && got != "file://"+filepath.ToSlash(repo)+"/" {
		t.Errorf("%%SRCROOT%% is %q, want %q", got, want)
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != "tools/mod/wg/wg.go" || loc.URIBaseID != sarif.SrcRoot {
			t.Errorf("result at %+v, want tools/mod/wg/wg.go under %%SRCROOT%%", loc)
		}
		for i := range res.RelatedLocations {
			if !strings.Contains(res.Message.Text, fmt.Sprintf("](%d)", i)) {
				t.Errorf("message %q does not link related location %d", res.Message.Text, i)
			}
		}
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help == nil || r.Help.Markdown == "" || len(r.FullDescription.Text) > sarif.MaxFullDescription || r.FullDescription.Text == r.Help.Text {
			t.Errorf("rule %s: want a short fullDescription and the whole doc in help", r.ID)
		}
	}
}

package analyzers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/concvet/concvet/analyzers"
)

// judgementsFile holds one line per finding of the last corpus run with its
// verdict; the README's precision column is computed from it. Its header
// documents the format.
const judgementsFile = "../testdata/corpus/judgements.tsv"

var corpusOnly = flag.String("checks", "", "with -corpus: the comma-separated checks the run ran (default: the check flags on the command line its *.time files record, else all); judgements of other checks are kept")

var corpusRun = flag.String("corpus", "", "a corpus run's output directory (run.sh --out DIR): TestJudgements compares its findings with "+judgementsFile+" and, with -update, rewrites the file to list exactly them")

// Verdicts of a judgement.
const (
	verdictTrue     = "true"
	verdictFalse    = "false"
	verdictUnjudged = "unjudged"
)

// judgement is one line of the judgements file.
type judgement struct {
	check    string
	position string // module path/file:line, no version (std: net/dial.go:751)
	verdict  string
	reason   string
	line     int // in the file
}

func (j judgement) key() string { return j.check + "\t" + j.position }

const judgementsColumns = "check\tposition\tverdict\treason"

// readJudgements parses the judgements file: the comment lines of its
// header (#), a line naming the columns, then one judgement per line,
// tab-separated. It returns the header (comments and column line) as
// written, so that an update keeps it.
func readJudgements(path string) (header string, js []judgement, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	var errs []string
	columns := false
	var hdr strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if !columns {
			hdr.WriteString(text + "\n")
			switch {
			case strings.HasPrefix(text, "#"):
			case text == judgementsColumns:
				columns = true
			default:
				errs = append(errs, fmt.Sprintf("%s:%d: before the judgements, only # comments and the column line %q", path, n, judgementsColumns))
				columns = true
			}
			continue
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			errs = append(errs, fmt.Sprintf("%s:%d: blank and comment lines belong in the header", path, n))
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 4 {
			errs = append(errs, fmt.Sprintf("%s:%d: %d tab-separated fields, want 4 (%s)", path, n, len(f), strings.ReplaceAll(judgementsColumns, "\t", ", ")))
			continue
		}
		j := judgement{check: f[0], position: f[1], verdict: f[2], reason: f[3], line: n}
		if msg := j.invalid(); msg != "" {
			errs = append(errs, fmt.Sprintf("%s:%d: %s", path, n, msg))
			continue
		}
		js = append(js, j)
	}
	if err := sc.Err(); err != nil {
		return "", nil, err
	}
	if !columns {
		errs = append(errs, fmt.Sprintf("%s: no column line %q", path, judgementsColumns))
	}
	if len(errs) > 0 {
		return "", nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return hdr.String(), js, nil
}

// invalid says what is wrong with a judgement's fields, or "".
func (j judgement) invalid() string {
	if !slices.Contains(checkNames(), j.check) {
		return fmt.Sprintf("check %q is not in analyzers.Suite", j.check)
	}
	file, line, ok := strings.Cut(j.position, ":")
	if n, err := strconv.Atoi(line); !ok || err != nil || n <= 0 || file == "" || strings.Contains(file, "@") || filepath.IsAbs(file) {
		return fmt.Sprintf("position %q is not a module path/file:line without a version", j.position)
	}
	switch j.verdict {
	case verdictTrue, verdictFalse:
		if strings.TrimSpace(j.reason) == "" {
			return "a verdict needs a reason"
		}
	case verdictUnjudged:
	default:
		return fmt.Sprintf("verdict %q, want %s, %s or %s", j.verdict, verdictTrue, verdictFalse, verdictUnjudged)
	}
	return ""
}

// checkNames returns the names of the Suite's checks, in order.
func checkNames() []string {
	var out []string
	for _, a := range analyzers.Suite {
		out = append(out, a.Name)
	}
	return out
}

// compareJudgements orders judgements by check (in Suite order), then file, then
// line.
func compareJudgements(a, b judgement) int {
	names := checkNames()
	if c := slices.Index(names, a.check) - slices.Index(names, b.check); c != 0 {
		return c
	}
	af, al, _ := strings.Cut(a.position, ":")
	bf, bl, _ := strings.Cut(b.position, ":")
	if c := strings.Compare(af, bf); c != 0 {
		return c
	}
	an, _ := strconv.Atoi(al)
	bn, _ := strconv.Atoi(bl)
	return an - bn
}

// precisionColumn renders a check's precision on the corpus from its
// judgements: the share judged true of those judged, with the counts, and
// how many findings are still unjudged.
func precisionColumn(js []judgement, check string) string {
	var tr, fa, un int
	for _, j := range js {
		if j.check != check {
			continue
		}
		switch j.verdict {
		case verdictTrue:
			tr++
		case verdictFalse:
			fa++
		default:
			un++
		}
	}
	var s string
	switch judged := tr + fa; {
	case judged == 0 && un == 0:
		return "no findings (0)"
	case judged == 0:
		return fmt.Sprintf("unjudged (%d)", un)
	default:
		s = fmt.Sprintf("%d%% (%d/%d)", tr*100/judged, tr, judged)
	}
	if un > 0 {
		s += fmt.Sprintf(", %d unjudged", un)
	}
	return s
}

// TestJudgements checks the judgements file: its format, one line per check
// and position, sorted. With -corpus DIR it also checks that the file lists
// exactly the findings of that corpus run; with -corpus DIR -update it
// rewrites the file to do so, keeping the verdicts of findings still there
// and adding new ones as unjudged (then read each at its position, judge it
// and run TestREADMEChecksTable -update). A run of chosen checks
// (corpusChecks) is compared for those checks only.
func TestJudgements(t *testing.T) {
	header, js, err := readJudgements(judgementsFile)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, j := range js {
		if n, dup := seen[j.key()]; dup {
			t.Errorf("%s:%d: %s at %s is judged already on line %d", judgementsFile, j.line, j.check, j.position, n)
		}
		seen[j.key()] = j.line
	}
	if !slices.IsSortedFunc(js, compareJudgements) {
		t.Errorf("%s is not sorted by check (in Suite order), file and line; run with -corpus DIR -update, or sort it", judgementsFile)
	}
	if *corpusRun == "" {
		return
	}

	found, err := corpusFindings(*corpusRun)
	if err != nil {
		t.Fatal(err)
	}
	ran, err := corpusChecks(*corpusRun)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]judgement{}
	var next []judgement
	for _, j := range js {
		if ran != nil && !ran[j.check] {
			next = append(next, j) // not run: kept as it is
			continue
		}
		old[j.key()] = j
	}
	var added, gone []string
	for _, f := range found {
		if j, ok := old[f.key()]; ok {
			next = append(next, j)
			delete(old, f.key())
			continue
		}
		next = append(next, judgement{check: f.check, position: f.position, verdict: verdictUnjudged})
		added = append(added, f.check+" "+f.position)
	}
	for _, j := range js {
		if _, ok := old[j.key()]; ok {
			gone = append(gone, j.check+" "+j.position)
		}
	}
	slices.SortFunc(next, compareJudgements)
	if len(added) == 0 && len(gone) == 0 {
		return
	}
	if *update {
		var b strings.Builder
		b.WriteString(header)
		for _, j := range next {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", j.check, j.position, j.verdict, j.reason)
		}
		if err := os.WriteFile(judgementsFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s: %d new findings (unjudged: read and judge them), %d gone", judgementsFile, len(added), len(gone))
		for _, a := range added {
			t.Logf("new: %s", a)
		}
		for _, g := range gone {
			t.Logf("gone: %s", g)
		}
		return
	}
	for _, a := range added {
		t.Errorf("finding of %s not in %s: %s", *corpusRun, judgementsFile, a)
	}
	for _, g := range gone {
		t.Errorf("judged in %s but not a finding of %s: %s", judgementsFile, *corpusRun, g)
	}
}

// corpusChecks returns the checks a corpus run ran, or nil for all: a run
// of chosen checks (run.sh --out DIR concvet -ctxcancel -wgadd) names them
// as flags on the command line that each *.time file records (/usr/bin/time
// -v: "Command being timed: ..."); -checks, when set, names them instead.
func corpusChecks(dir string) (map[string]bool, error) {
	names := map[string]bool{}
	for _, a := range analyzers.Suite {
		names[a.Name] = true
	}
	ran := map[string]bool{}
	add := func(name string) error {
		if !names[name] {
			return fmt.Errorf("-checks: %q is not a check of the Suite", name)
		}
		ran[name] = true
		return nil
	}
	if *corpusOnly != "" {
		for _, name := range strings.Split(*corpusOnly, ",") {
			if err := add(strings.TrimSpace(name)); err != nil {
				return nil, err
			}
		}
		return ran, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.time"))
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			cmd, ok := strings.CutPrefix(strings.TrimSpace(line), "Command being timed: ")
			if !ok {
				continue
			}
			for _, arg := range strings.Fields(strings.Trim(cmd, `"`)) {
				name, val, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
				if strings.HasPrefix(arg, "-") && names[name] && (val == "" || val == "true") {
					ran[name] = true
				}
			}
		}
	}
	if len(ran) == 0 {
		return nil, nil
	}
	return ran, nil
}

// corpusFindings reads the findings of a corpus run: every *.json file of
// dir, each a stream of go vet -json objects ({package: {analyzer:
// [diagnostic…] or {"error": …}}}), as unique check and position.
func corpusFindings(dir string) ([]judgement, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.json in %s: not a corpus run's output directory", dir)
	}
	seen := map[string]bool{}
	var out []judgement
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		for dec.More() {
			var obj map[string]map[string]json.RawMessage
			if err := dec.Decode(&obj); err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			for _, byCheck := range obj {
				for check, raw := range byCheck {
					var diags []struct {
						Posn string `json:"posn"`
					}
					if json.Unmarshal(raw, &diags) != nil {
						continue // {"error": …}: no findings
					}
					for _, d := range diags {
						pos, err := modulePosition(d.Posn)
						if err != nil {
							return nil, fmt.Errorf("%s: %s: %v", file, check, err)
						}
						j := judgement{check: check, position: pos}
						if !seen[j.key()] {
							seen[j.key()] = true
							out = append(out, j)
						}
					}
				}
			}
		}
	}
	return out, nil
}

// modulePosition turns a go vet position (/usr/local/go/src/net/dial.go:751:3,
// /root/go/pkg/mod/github.com/!foo/bar@v1.2.3/x.go:10:2) into the
// judgements file's: the file relative to GOROOT/src, or its module path and
// file with the version dropped and the module cache's case-encoding undone
// (net/dial.go:751, github.com/Foo/bar/x.go:10).
func modulePosition(posn string) (string, error) {
	file, line, ok := cutPosition(posn)
	if !ok {
		return "", fmt.Errorf("position %q has no line", posn)
	}
	file = filepath.ToSlash(file)
	if i := strings.LastIndex(file, "/pkg/mod/"); i >= 0 {
		rest := file[i+len("/pkg/mod/"):]
		at := strings.Index(rest, "@")
		slash := strings.Index(rest[max(at, 0):], "/")
		if at < 0 || slash < 0 {
			return "", fmt.Errorf("%q: no module@version in the module cache path", posn)
		}
		return unescapeModPath(rest[:at]) + rest[at+slash:] + ":" + line, nil
	}
	if root := filepath.ToSlash(build.Default.GOROOT) + "/src/"; strings.HasPrefix(file, root) {
		return strings.TrimPrefix(file, root) + ":" + line, nil
	}
	if i := strings.Index(file, "/src/"); i >= 0 { // another machine's GOROOT
		return file[i+len("/src/"):] + ":" + line, nil
	}
	return "", fmt.Errorf("%q is neither in GOROOT/src nor in the module cache", posn)
}

// cutPosition splits file:line[:col].
func cutPosition(posn string) (file, line string, ok bool) {
	parts := strings.Split(posn, ":")
	for len(parts) >= 2 {
		last := parts[len(parts)-1]
		if _, err := strconv.Atoi(last); err != nil {
			return "", "", false
		}
		if len(parts) >= 3 {
			if _, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
				parts = parts[:len(parts)-1] // drop the column
				continue
			}
		}
		return strings.Join(parts[:len(parts)-1], ":"), last, true
	}
	return "", "", false
}

// unescapeModPath undoes the module cache's case-encoding: !x is X.
func unescapeModPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '!' && i+1 < len(p) {
			i++
			b.WriteString(strings.ToUpper(p[i : i+1]))
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

func TestModulePosition(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/usr/local/go/src/net/dial.go:751:3", "net/dial.go:751"},
		{"/usr/local/go/src/net/dial.go:751", "net/dial.go:751"},
		{"/root/go/pkg/mod/github.com/nats-io/nats-server/v2@v2.12.1/server/jetstream_cluster_4_test.go:1056:4", "github.com/nats-io/nats-server/v2/server/jetstream_cluster_4_test.go:1056"},
		{"/root/go/pkg/mod/github.com/!burnt!sushi/toml@v1.5.0/decode.go:12:1", "github.com/BurntSushi/toml/decode.go:12"},
		{"/root/go/pkg/mod/k8s.io/client-go@v0.35.0/tools/cache/wait_test.go:186:17", "k8s.io/client-go/tools/cache/wait_test.go:186"},
	} {
		got, err := modulePosition(c.in)
		if err != nil || got != c.want {
			t.Errorf("modulePosition(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"/tmp/x.go:3:1", "/usr/local/go/src/net/dial.go", "/root/go/pkg/mod/cache/x.go:1"} {
		if got, err := modulePosition(bad); err == nil {
			t.Errorf("modulePosition(%q) = %q, want an error", bad, got)
		}
	}
}

func TestPrecisionColumn(t *testing.T) {
	js := []judgement{
		{check: "a", verdict: verdictTrue}, {check: "a", verdict: verdictTrue}, {check: "a", verdict: verdictFalse},
		{check: "b", verdict: verdictUnjudged},
		{check: "c", verdict: verdictTrue}, {check: "c", verdict: verdictUnjudged},
	}
	for check, want := range map[string]string{
		"a": "66% (2/3)",
		"b": "unjudged (1)",
		"c": "100% (1/1), 1 unjudged",
		"d": "no findings (0)",
	} {
		if got := precisionColumn(js, check); got != want {
			t.Errorf("precisionColumn(%s) = %q, want %q", check, got, want)
		}
	}
}

// TestCorpusChecks checks that a run of chosen checks is recognized from
// the command line its *.time file records, and that a run of all checks,
// or one without *.time files, is taken to have run every check.
func TestCorpusChecks(t *testing.T) {
	for _, tc := range []struct {
		cmd  string // "": no *.time file
		want []string
	}{
		{`go vet -json -vettool=/tmp/vettool-salt.x/concvet -ctxcancel -wgadd=true -lockcheck=false std`, []string{"ctxcancel", "wgadd"}},
		{`go vet -json -vettool=/tmp/vettool-salt.x/concvet std`, nil},
		{"", nil},
	} {
		dir := t.TempDir()
		if tc.cmd != "" {
			body := "\tCommand being timed: \"" + tc.cmd + "\"\n\tUser time (seconds): 1.00\n"
			if err := os.WriteFile(filepath.Join(dir, "std.time"), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ran, err := corpusChecks(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for name := range ran {
			got = append(got, name)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: checks %v, want %v", tc.cmd, got, tc.want)
		}
	}
}

package analyzers_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/concvet/concvet/analyzers"
)

// peerCheck is a check of go vet, staticcheck or go-critic in concvet's
// domain, and what concvet does about it.
type peerCheck struct {
	name  string   // as written in PEER(name) markers
	tool  string   // go vet, staticcheck, go-critic
	dirs  []string // the packages of ../testdata/src/parity that mirror its test data
	what  string   // what it reports
	check string   // the concvet check that reports the same bugs; "" when none does
	note  string   // for a check concvet does not cover: why
}

// peers are the checks whose test data ../testdata/src/parity mirrors. The
// order is the README's.
var peers = []peerCheck{
	{name: "lostcancel", tool: "go vet", dirs: []string{"lostcancel", "lostcancelmain"}, what: "a context's cancel function not called on every path", check: "ctxcancel"},
	{name: "waitgroup", tool: "go vet", dirs: []string{"waitgroup"}, what: "WaitGroup.Add called inside the new goroutine", check: "wgadd"},
	{name: "loopclosure", tool: "go vet", dirs: []string{"loopclosure", "loopclosureversions"}, what: "loop variables captured by go, defer, errgroup's Go and parallel subtests (before Go 1.22)", check: "closurecapture"},
	{name: "atomic", tool: "go vet", dirs: []string{"atomic"}, what: "x = atomic.AddT(&x, …): the result stored back into the operand", check: "atomicmix"},
	{name: "SA2000", tool: "staticcheck", dirs: []string{"sa2000"}, what: "WaitGroup.Add inside the goroutine", check: "wgadd"},
	{name: "SA2003", tool: "staticcheck", dirs: []string{"sa2003"}, what: "defer Lock right after Lock", check: "lockcheck"},
	{name: "SA5002", tool: "staticcheck", dirs: []string{"sa5002"}, what: "the empty for loop spins", check: "loopctx"},
	{name: "badLock", tool: "go-critic", dirs: []string{"badlock"}, what: "a deferred unlock that does not match the lock; Unlock right after Lock", check: "lockcheck",
		note: "the other 2: an Unlock right after the Lock, an empty critical section, left to SA2001"},
	{name: "SA2001", tool: "staticcheck", dirs: []string{"sa2001"}, what: "empty critical section",
		note: "Lock immediately followed by Unlock is also a way to wait for the holder"},
	{name: "SA2002", tool: "staticcheck", dirs: []string{"sa2002"}, what: "t.FailNow or t.Fatal called in a goroutine",
		note: "testing's rules, checked by staticcheck and vet's testinggoroutine"},
	{name: "SA1015", tool: "staticcheck", dirs: []string{"sa1015"}, what: "time.Tick in a loop that can end leaks the ticker",
		note: "since Go 1.23 an unreferenced ticker is collected"},
	{name: "copylocks", tool: "go vet", dirs: []string{"copylock"}, what: "values holding a lock copied",
		note: "not reported, left to vet: its copies, correct or not, stay silent (wgadd does report a goroutine's Done on a copied WaitGroup)"},
	{name: "waitgroupgo", tool: "go vet (modernize)", dirs: []string{"waitgroupgo"}, what: "Add(1) and go func(){ defer Done() }() that wg.Go shortens",
		note: "correct code: not reported"},
}

// peerRE matches PEER(<peer>) <check> [half] markers, extraRE EXTRA(<check>)
// and SAME(<check>) markers.
var (
	peerRE  = regexp.MustCompile(`\bPEER\((\w+)\) (\w+|-)( half)?`)
	extraRE = regexp.MustCompile(`\b(?:EXTRA|SAME)\((\w+)\)`)
)

// marker is one marked line of the parity packages.
type marker struct {
	key   string // file:line
	peer  string // "" for EXTRA and SAME
	check string // "-" when concvet must stay silent on the line
	half  bool   // the peer's second line of a bug concvet reports once
	first *marker
	found bool
}

// parityResult is what TestParity measured for one peer check.
type parityResult struct {
	lines, found, halves int
}

// runParity runs the whole Suite over ../testdata/src/parity and checks
// every marker there; it returns the counts per peer check.
func runParity(t *testing.T) map[string]*parityResult {
	t.Helper()
	testdata, pkgs := loadTestdata(t, "parity/...")

	byName := map[string]*peerCheck{}
	byDir := map[string]*peerCheck{}
	for i := range peers {
		p := &peers[i]
		byName[p.name] = p
		for _, d := range p.dirs {
			byDir["parity/"+d] = p
		}
	}
	inSuite := map[string]bool{}
	for _, a := range analyzers.Suite {
		inSuite[a.Name] = true
	}

	// The markers, by file:line.
	markers := map[string]*marker{}
	var order []*marker
	for _, p := range pkgs {
		peer := byDir[p.PkgPath]
		if peer == nil {
			t.Errorf("%s: a parity package that no peer check lists", p.PkgPath)
			continue
		}
		for _, f := range p.Syntax {
			var last *marker // the previous full marker of the file
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					posn := p.Fset.Position(c.Slash)
					key := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
					where := rel(testdata, key)
					for _, m := range peerRE.FindAllStringSubmatch(c.Text, -1) {
						mk := &marker{key: key, peer: m[1], check: m[2], half: m[3] != ""}
						switch {
						case byName[mk.peer] == nil:
							t.Errorf("%s: PEER(%s) names no peer check of the table", where, mk.peer)
						case byName[mk.peer] != peer:
							t.Errorf("%s: PEER(%s) in a package that mirrors %s", where, mk.peer, peer.name)
						case mk.check == "-" && peer.check != "" && peer.note == "":
							t.Errorf("%s: PEER(%s) -: %s is covered by %s", where, mk.peer, mk.peer, peer.check)
						case mk.check != "-" && mk.check != peer.check:
							t.Errorf("%s: PEER(%s) %s, but the table maps %s to %q", where, mk.peer, mk.check, mk.peer, peer.check)
						}
						if mk.half {
							if last == nil || last.peer != mk.peer {
								t.Errorf("%s: a half marker with no full PEER(%s) marker before it", where, mk.peer)
							}
							mk.first = last
						} else {
							last = mk
						}
						markers[key] = mk
						order = append(order, mk)
					}
					for _, m := range extraRE.FindAllStringSubmatch(c.Text, -1) {
						if !inSuite[m[1]] {
							t.Errorf("%s: EXTRA(%s) names no check of the Suite", where, m[1])
						}
						mk := &marker{key: key, check: m[1]}
						markers[key] = mk
						order = append(order, mk)
					}
				}
			}
		}
	}

	graph, err := checker.Analyze(analyzers.Suite, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	// covered holds, by file:line, the checks with a finding there (its
	// position) or pointing there (a related position); at holds only the
	// positions.
	covered := map[string]map[string]bool{}
	at := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, key, check string) {
		if m[key] == nil {
			m[key] = map[string]bool{}
		}
		m[key][check] = true
	}
	var unexpected []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
			add(covered, key, act.Analyzer.Name)
			add(at, key, act.Analyzer.Name)
			for _, r := range d.Related {
				rp := act.Package.Fset.Position(r.Pos)
				add(covered, fmt.Sprintf("%s:%d", rp.Filename, rp.Line), act.Analyzer.Name)
			}
			mk := markers[key]
			switch {
			case mk == nil, mk.check == "-":
				unexpected = append(unexpected, fmt.Sprintf("%s: unexpected finding: %s", rel(testdata, key), d.Message))
			case mk.check != act.Analyzer.Name:
				unexpected = append(unexpected, fmt.Sprintf("%s: a finding of %s where %s was expected: %s", rel(testdata, key), act.Analyzer.Name, mk.check, d.Message))
			}
		}
	}
	slices.Sort(unexpected)
	unexpected = slices.Compact(unexpected)
	for _, u := range unexpected {
		t.Error(u)
	}

	results := map[string]*parityResult{}
	for _, p := range peers {
		results[p.name] = &parityResult{}
	}
	for _, mk := range order {
		if mk.check == "-" || mk.half {
			continue
		}
		if mk.peer == "" {
			if !at[mk.key][mk.check] {
				t.Errorf("%s: %s no longer reports the finding marked here", rel(testdata, mk.key), mk.check)
			}
			continue
		}
		mk.found = covered[mk.key][mk.check]
		if !mk.found {
			t.Errorf("%s: %s no longer reports the line %s reports", rel(testdata, mk.key), mk.check, mk.peer)
		}
	}
	for _, mk := range order {
		if mk.peer == "" {
			continue
		}
		r := results[mk.peer]
		r.lines++
		switch {
		case mk.check == "-":
		case mk.half:
			if mk.first != nil && mk.first.found {
				r.found++
				r.halves++
			} else {
				t.Errorf("%s: the finding this half marker belongs to is gone", rel(testdata, mk.key))
			}
		case mk.found:
			r.found++
		}
	}
	for _, p := range peers {
		if results[p.name].lines == 0 && p.check != "" {
			t.Errorf("%s: no PEER(%s) line in %v", p.name, p.name, p.dirs)
		}
	}
	return results
}

// TestParity states what concvet catches of the go vet, staticcheck and
// go-critic checks in its domain. The packages of ../testdata/src/parity,
// written for concvet, mirror the test data of each peer check (the table
// peers): every line the peer reports carries a marker
//
//	// PEER(<peer>) <check>       concvet's <check> reports it: a finding
//	                              there, or a related position of one
//	// PEER(<peer>) <check> half  the second line of a bug the peer reports
//	                              twice and concvet once, at the marker
//	                              before it
//	// PEER(<peer>) -             concvet does not report this, by design
//
// A line the peer misses where concvet reports a real bug carries
// EXTRA(<check>); a line where concvet places its finding of a bug the peer
// reports on a marked line nearby, with that line as a related position,
// carries SAME(<check>). Both require the finding. The whole Suite runs over the packages: the test fails if
// a marked line goes silent, and on any other finding, so that the peers'
// correct code (and the bugs concvet leaves to them) stays silent.
func TestParity(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	results := runParity(t)
	for _, p := range peers {
		r := results[p.name]
		t.Logf("%-12s %-18s %d/%d lines (%d as the other half of one finding)", p.name, p.tool, r.found, r.lines, r.halves)
	}
	current, _, err := readReplaces()
	if err != nil {
		t.Fatal(err)
	}
	if want := replacesTable(results); current != want {
		if *update {
			if err := writeReplaces(want); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the README's table of the checks concvet replaces is out of date; run\n\tgo test ./analyzers -run TestParity -update\nwant:\n%s", want)
	}
}

const (
	replacesBegin = "<!-- replaces:begin -->"
	replacesEnd   = "<!-- replaces:end -->"
)

// replacesTable renders the README's table of the peer checks from the
// measured results.
func replacesTable(results map[string]*parityResult) string {
	var b bytes.Buffer
	b.WriteString("\n| tool | check | what it reports | concvet | its test data's bug lines concvet reports |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, p := range peers {
		r := results[p.name]
		check := "—"
		if p.check != "" {
			check = fmt.Sprintf("[`%s`](analyzers/%s)", p.check, p.check)
		}
		var got string
		switch {
		case p.check == "" && r.lines == 0:
			got = p.note
		case p.check == "":
			got = fmt.Sprintf("none of %d, by design: %s", r.lines, p.note)
		default:
			got = fmt.Sprintf("%d of %d", r.found, r.lines)
			if r.halves > 0 {
				got += fmt.Sprintf(" (%d of them the peer's second line of a bug concvet reports once, on the line before)", r.halves)
			}
			if p.note != "" {
				got += "; " + p.note
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", p.tool, p.name, p.what, check, got)
	}
	return b.String()
}

func readReplaces() (current string, readme []byte, err error) {
	readme, err = os.ReadFile("../README.md")
	if err != nil {
		return "", nil, err
	}
	_, rest, ok1 := bytes.Cut(readme, []byte(replacesBegin))
	cur, _, ok2 := bytes.Cut(rest, []byte(replacesEnd))
	if !ok1 || !ok2 {
		return "", nil, fmt.Errorf("../README.md lacks the %s … %s block", replacesBegin, replacesEnd)
	}
	return string(cur), readme, nil
}

func writeReplaces(table string) error {
	_, readme, err := readReplaces()
	if err != nil {
		return err
	}
	before, rest, _ := bytes.Cut(readme, []byte(replacesBegin))
	_, after, _ := bytes.Cut(rest, []byte(replacesEnd))
	var out bytes.Buffer
	out.Write(before)
	out.WriteString(replacesBegin)
	out.WriteString(table)
	out.WriteString(replacesEnd)
	out.Write(after)
	return os.WriteFile("../README.md", out.Bytes(), 0o644)
}

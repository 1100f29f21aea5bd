package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"go/doc/comment"
	"go/token"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/sarif"
	"github.com/concvet/concvet/internal/vetrun"
)

const (
	informationURI = "https://github.com/concvet/concvet"
	docURLPrefix   = "https://pkg.go.dev/github.com/concvet/concvet/analyzers/"
)

// runSARIF is concvet -sarif: it vets the packages named by args through
// go vet, as the other standalone modes do, and writes one SARIF run with
// a rule per check of suite. Findings do not
// change the exit status (code scanning reads the file); load, type and
// analysis errors make it 1 and are also listed in the run's invocation.
func runSARIF(args []string, suite []*analysis.Analyzer) int {
	log.SetFlags(0)
	log.SetPrefix("concvet: ")
	s := parseStandalone(args, suite)
	if !checkToolchain() {
		return 1
	}
	// go vet's own messages (load, build and type errors) go to stderr
	// and into the log's notifications.
	var stderr bytes.Buffer
	tool, err := os.Executable()
	if err != nil {
		log.Print(err)
		return 1
	}
	res, err := vetrun.Run(context.Background(), vetrun.Options{
		Tool: tool, Flags: s.passFlags, Patterns: s.patterns,
		Stderr: io.MultiWriter(os.Stderr, &stderr),
	})
	if err != nil {
		log.Print(err)
		return 1
	}
	exit := 0
	var notes []sarif.Notification
	for line := range strings.SplitSeq(stderr.String(), "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") {
			notes = append(notes, sarif.Notification{Level: "error", Message: sarif.Message{Text: line}})
		}
	}
	if res.Failed {
		exit = 1
	}
	files := vetrun.NewFiles()
	all, errs := collect(files, res.Units)
	for _, msg := range errs {
		fmt.Fprintln(os.Stderr, msg)
		notes = append(notes, sarif.Notification{Level: "error", Message: sarif.Message{Text: msg}})
		exit = 1
	}

	cwd, _ := os.Getwd()
	root := srcRoot(cwd)
	w := &sarifWriter{root: root, log: sarif.New(toolDriver(suite)), files: make(map[string][][]byte)}
	for _, f := range all {
		w.add(files.Fset, f.check, f.diag)
	}
	run := &w.log.Runs[0]
	slices.SortFunc(run.Results, compareResults)
	run.Invocations = []sarif.Invocation{{ExecutionSuccessful: exit == 0, ToolExecutionNotifications: notes}}
	if w.usedBase {
		run.OriginalURIBaseIDs = map[string]sarif.ArtifactLocation{
			sarif.SrcRoot: {URI: (&url.URL{Scheme: "file", Path: strings.TrimSuffix(filepath.ToSlash(root), "/") + "/"}).String()},
		}
	}
	if err := w.log.Write(os.Stdout); err != nil {
		log.Print(err)
		return 1
	}
	return exit
}

// toolDriver describes concvet and one rule per check of suite.
func toolDriver(suite []*analysis.Analyzer) sarif.Driver {
	d := sarif.Driver{Name: "concvet", Version: toolVersion(), InformationURI: informationURI}
	for _, a := range suite {
		short, _, _ := strings.Cut(a.Doc, "\n")
		help := a.URL
		if help == "" {
			help = docURLPrefix + a.Name
		}
		d.Rules = append(d.Rules, sarif.Rule{
			ID:                   a.Name,
			ShortDescription:     sarif.Message{Text: short},
			FullDescription:      sarif.Message{Text: firstParagraph(a.Doc, sarif.MaxFullDescription)},
			Help:                 &sarif.MultiformatMessage{Text: a.Doc, Markdown: markdown(a.Doc)},
			HelpURI:              help,
			DefaultConfiguration: &sarif.Configuration{Level: "warning"},
		})
	}
	return d
}

type sarifWriter struct {
	root     string // %SRCROOT%: URIs under it are relative to it
	log      *sarif.Log
	files    map[string][][]byte // lines of files read for column conversion
	usedBase bool
}

func (w *sarifWriter) add(fset *token.FileSet, check string, d analysis.Diagnostic) {
	rules := w.log.Runs[0].Tool.Driver.Rules
	idx := slices.IndexFunc(rules, func(r sarif.Rule) bool { return r.ID == check })
	res := sarif.Result{
		RuleID:    check,
		RuleIndex: idx,
		Level:     "warning",
		// The name prefix serves text output; SARIF carries it as ruleId.
		Message:   sarif.Message{Text: linkedMessage(strings.TrimPrefix(d.Message, check+": "), d.Related)},
		Locations: []sarif.Location{{PhysicalLocation: w.location(fset, d.Pos, d.End)}},
	}
	for i, rel := range d.Related {
		res.RelatedLocations = append(res.RelatedLocations, sarif.Location{
			ID:               &i,
			Message:          &sarif.Message{Text: rel.Message},
			PhysicalLocation: w.location(fset, rel.Pos, rel.End),
		})
	}
	w.log.Runs[0].Results = append(w.log.Runs[0].Results, res)
}

func (w *sarifWriter) location(fset *token.FileSet, pos, end token.Pos) sarif.PhysicalLocation {
	start := fset.Position(pos)
	stop := fset.Position(end)
	if !stop.IsValid() || stop.Filename != start.Filename {
		stop = start
	}
	art := sarif.ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(start.Filename)}).String()}
	if rel, err := filepath.Rel(w.root, start.Filename); err == nil && filepath.IsLocal(rel) {
		art = sarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: sarif.SrcRoot}
		w.usedBase = true
	}
	return sarif.PhysicalLocation{
		ArtifactLocation: art,
		Region: sarif.Region{
			StartLine:   start.Line,
			StartColumn: w.column(start),
			EndLine:     stop.Line,
			EndColumn:   w.column(stop),
		},
	}
}

// column converts Go's byte column to SARIF's UTF-16 column, reading the
// file once; an unreadable file keeps the byte column.
func (w *sarifWriter) column(p token.Position) int {
	lines, ok := w.files[p.Filename]
	if !ok {
		if data, err := os.ReadFile(p.Filename); err == nil {
			lines = splitLines(data)
		}
		w.files[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return p.Column
	}
	return sarif.UTF16Column(lines[p.Line-1], p.Column)
}

func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := slices.Index(data, '\n')
		if i < 0 {
			return append(lines, data)
		}
		lines = append(lines, data[:i])
		data = data[i+1:]
	}
	return lines
}

func compareResults(a, b sarif.Result) int {
	pa, pb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
	return cmp.Or(
		cmp.Compare(pa.ArtifactLocation.URI, pb.ArtifactLocation.URI),
		cmp.Compare(pa.Region.StartLine, pb.Region.StartLine),
		cmp.Compare(pa.Region.StartColumn, pb.Region.StartColumn),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Message.Text, b.Message.Text),
	)
}

// srcRoot is the directory %SRCROOT% names: the repository that holds cwd
// (GitHub Actions' workspace, else the nearest directory up with a .git),
// so that URIs are the repository's paths even for a module in a
// subdirectory; cwd itself outside a repository.
func srcRoot(cwd string) string {
	if ws := os.Getenv("GITHUB_WORKSPACE"); ws != "" {
		if rel, err := filepath.Rel(ws, cwd); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return ws
		}
	}
	for dir := cwd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cwd
		}
		dir = parent
	}
}

// linkedMessage is msg escaped for SARIF, followed by a link to each
// related location (code scanning shows only the linked ones), which
// relatedLocations number from 0 in order.
func linkedMessage(msg string, related []analysis.RelatedInformation) string {
	text := sarif.Escape(msg)
	if len(related) == 0 {
		return text
	}
	var links []string
	for i, rel := range related {
		links = append(links, sarif.Link(rel.Message, i))
	}
	return text + "; see " + strings.Join(links, ", ")
}

// firstParagraph is a check's description for fullDescription: the first
// paragraph after its summary line, cut at a sentence (or a word) to fit
// max characters.
func firstParagraph(doc string, max int) string {
	_, rest, _ := strings.Cut(doc, "\n")
	rest = strings.TrimLeft(rest, "\n")
	para, _, _ := strings.Cut(rest, "\n\n")
	para = strings.Join(strings.Fields(para), " ")
	if para == "" {
		para, _, _ = strings.Cut(doc, "\n")
	}
	if r := []rune(para); len(r) > max {
		cut := string(r[:max-1])
		if i := strings.LastIndex(cut, ". "); i > max/2 {
			return cut[:i+1]
		}
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
		return cut + "…"
	}
	return para
}

// markdown renders a check's documentation (doc comment syntax: headings,
// indented code, lists) as Markdown, for help.markdown.
func markdown(doc string) string {
	var p comment.Parser
	var pr comment.Printer
	return string(pr.Markdown(p.Parse(doc)))
}

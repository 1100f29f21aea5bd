// Package sarif is the subset of SARIF 2.1.0 (the OASIS Static Analysis
// Results Interchange Format) that concvet writes for code-scanning services,
// with a check of the shape those services require.
package sarif

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	Version = "2.1.0"
	Schema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// SrcRoot is the uriBaseId that relative artifact URIs are resolved
	// against; Run.OriginalURIBaseIDs says where it was on this machine.
	SrcRoot = "%SRCROOT%"
)

type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

type Run struct {
	Tool               Tool                        `json:"tool"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	// Results is never omitted: an empty array says "analysed, found
	// nothing", while a missing one says "not analysed".
	Results []Result `json:"results"`
	// ColumnKind is "utf16CodeUnits" (SARIF's default, and what
	// consumers assume); writers convert Go's byte columns.
	ColumnKind string `json:"columnKind,omitempty"`
}

type Tool struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

type Rule struct {
	ID               string  `json:"id"`
	ShortDescription Message `json:"shortDescription"`
	// FullDescription is a paragraph: code scanning shows at most
	// MaxFullDescription characters of it. The whole documentation
	// belongs in Help.
	FullDescription      Message             `json:"fullDescription"`
	Help                 *MultiformatMessage `json:"help,omitempty"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration *Configuration      `json:"defaultConfiguration,omitempty"`
}

// MaxFullDescription is the length of a rule's fullDescription that GitHub
// code scanning documents as the most it shows.
const MaxFullDescription = 1024

// MultiformatMessage is a message in plain text and Markdown.
type MultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type Configuration struct {
	Level string `json:"level"`
}

type Message struct {
	Text string `json:"text"`
}

type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
}

type Location struct {
	// ID numbers a related location within its result (SARIF requires it
	// to be unique there); nil for a result's primary location.
	ID               *int             `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region lines and columns are 1-based; the end column is exclusive.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// New returns a log of one run by driver, with no results yet.
func New(driver Driver) *Log {
	if driver.Rules == nil {
		driver.Rules = []Rule{}
	}
	return &Log{
		Schema:  Schema,
		Version: Version,
		Runs: []Run{{
			Tool:       Tool{Driver: driver},
			Results:    []Result{},
			ColumnKind: "utf16CodeUnits",
		}},
	}
}

// Write writes l as indented JSON.
func (l *Log) Write(w io.Writer) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Escape escapes s for a message's text, in which "[text](id)" is a link
// to a related location: a literal backslash, [ or ] is preceded by a
// backslash (SARIF 2.1.0 §3.11.6).
func Escape(s string) string {
	if !strings.ContainsAny(s, `\[]`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\\' || r == '[' || r == ']' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Link is the embedded link "[text](id)" to the related location id.
func Link(text string, id int) string {
	return "[" + Escape(text) + "](" + strconv.Itoa(id) + ")"
}

// links returns the related-location ids that text links to, and whether
// every unescaped bracket of it belongs to a link.
func links(text string) ([]int, bool) {
	var ids []int
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++ // the escaped character
		case ']':
			return ids, false
		case '[':
			j := i + 1
			for j < len(text) && text[j] != ']' {
				if text[j] == '\\' {
					j++
				} else if text[j] == '[' {
					return ids, false
				}
				j++
			}
			if j >= len(text) || !strings.HasPrefix(text[j+1:], "(") {
				return ids, false
			}
			k := strings.IndexByte(text[j+1:], ')')
			if k < 0 {
				return ids, false
			}
			id, err := strconv.Atoi(text[j+2 : j+1+k])
			if err != nil {
				return ids, false // a link to a URI: concvet writes none
			}
			ids = append(ids, id)
			i = j + 1 + k
		}
	}
	return ids, true
}

var levels = map[string]bool{"none": true, "note": true, "warning": true, "error": true}

// Validate reports what in l a SARIF 2.1.0 consumer would reject or
// misread: missing required properties, a result whose rule is not
// declared, positions that are not 1-based or end before they start.
func (l *Log) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if l.Version != Version {
		bad("version is %q, want %q", l.Version, Version)
	}
	if l.Schema == "" {
		bad("$schema is missing")
	}
	if len(l.Runs) == 0 {
		bad("no runs")
	}
	for i, run := range l.Runs {
		d := run.Tool.Driver
		if d.Name == "" {
			bad("runs[%d].tool.driver.name is missing", i)
		}
		if run.Results == nil {
			bad("runs[%d].results is missing", i)
		}
		ids := make(map[string]int)
		for j, r := range d.Rules {
			if r.ID == "" {
				bad("runs[%d] rule %d has no id", i, j)
			} else if _, dup := ids[r.ID]; dup {
				bad("runs[%d] rule id %q is declared twice", i, r.ID)
			}
			ids[r.ID] = j
			if r.ShortDescription.Text == "" {
				bad("rule %q has no shortDescription", r.ID)
			}
			if n := utf8.RuneCountInString(r.FullDescription.Text); n > MaxFullDescription {
				bad("rule %q: fullDescription has %d characters, code scanning shows %d", r.ID, n, MaxFullDescription)
			}
			if r.Help != nil && r.Help.Text == "" {
				bad("rule %q: help has no text", r.ID)
			}
		}
		for j, res := range run.Results {
			where := fmt.Sprintf("runs[%d].results[%d]", i, j)
			if idx, ok := ids[res.RuleID]; !ok {
				bad("%s: ruleId %q is not a rule of the driver", where, res.RuleID)
			} else if idx != res.RuleIndex {
				bad("%s: ruleIndex %d, but rule %q is at %d", where, res.RuleIndex, res.RuleID, idx)
			}
			if !levels[res.Level] {
				bad("%s: level %q", where, res.Level)
			}
			if res.Message.Text == "" {
				bad("%s: empty message", where)
			}
			if len(res.Locations) == 0 {
				bad("%s: no location", where)
			}
			for _, loc := range res.Locations {
				validateLocation(bad, where, loc)
			}
			seen := make(map[int]bool)
			for _, loc := range res.RelatedLocations {
				validateLocation(bad, where+" related", loc)
				if loc.ID == nil || *loc.ID < 0 || seen[*loc.ID] {
					bad("%s: related location without a unique id", where)
				} else {
					seen[*loc.ID] = true
				}
			}
			ids, ok := links(res.Message.Text)
			if !ok {
				bad("%s: message has a bracket that is neither escaped nor a link", where)
			}
			for _, id := range ids {
				if !seen[id] {
					bad("%s: message links to related location %d, which it does not have", where, id)
				}
			}
			if len(res.RelatedLocations) > len(ids) {
				bad("%s: %d related locations, %d linked from the message (code scanning shows only linked ones)", where, len(res.RelatedLocations), len(ids))
			}
		}
	}
	return errors.Join(errs...)
}

func validateLocation(bad func(string, ...any), where string, loc Location) {
	p := loc.PhysicalLocation
	if p.ArtifactLocation.URI == "" {
		bad("%s: artifactLocation.uri is missing", where)
	}
	r := p.Region
	if r.StartLine < 1 {
		bad("%s: startLine %d", where, r.StartLine)
	}
	if r.StartColumn < 0 || r.EndColumn < 0 {
		bad("%s: negative column", where)
	}
	if r.EndLine != 0 && (r.EndLine < r.StartLine || r.EndLine == r.StartLine && r.EndColumn != 0 && r.EndColumn < r.StartColumn) {
		bad("%s: region ends before it starts", where)
	}
}

// UTF16Column converts a 1-based byte column within line (Go's
// token.Position.Column) to the 1-based UTF-16 column SARIF expects.
func UTF16Column(line []byte, byteCol int) int {
	if byteCol < 1 {
		return byteCol
	}
	col := 1
	b := line[:min(byteCol-1, len(line))]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
	}
	// A column beyond the line (a position at its newline) keeps its
	// distance from the line's end.
	return col + max(byteCol-1-len(line), 0)
}

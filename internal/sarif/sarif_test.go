package sarif

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func valid() *Log {
	l := New(Driver{
		Name:    "concvet",
		Version: "v1.0.0",
		Rules: []Rule{
			{ID: "wgadd", ShortDescription: Message{"report Add after go"}, FullDescription: Message{"report Add after go\n\nmore"}},
			{ID: "ignore", ShortDescription: Message{"report directives"}, FullDescription: Message{"report directives"}},
		},
	})
	one := 0
	l.Runs[0].Results = append(l.Runs[0].Results, Result{
		RuleID: "ignore", RuleIndex: 1, Level: "warning", Message: Message{"directive silences nothing; see " + Link("here", 0)},
		Locations: []Location{{PhysicalLocation: PhysicalLocation{
			ArtifactLocation: ArtifactLocation{URI: "a/a.go", URIBaseID: SrcRoot},
			Region:           Region{StartLine: 3, StartColumn: 2, EndLine: 3, EndColumn: 9},
		}}},
		RelatedLocations: []Location{{ID: &one, Message: &Message{"here"}, PhysicalLocation: PhysicalLocation{
			ArtifactLocation: ArtifactLocation{URI: "a/a.go"},
			Region:           Region{StartLine: 1},
		}}},
	})
	return l
}

func TestValidShape(t *testing.T) {
	l := valid()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// Consumers read the JSON, not our structs: check the spellings of the
	// properties that SARIF requires or that code scanning reads.
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if raw["version"] != "2.1.0" || raw["$schema"] == nil {
		t.Errorf("version/$schema: %v %v", raw["version"], raw["$schema"])
	}
	run := raw["runs"].([]any)[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	rule := driver["rules"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "shortDescription", "fullDescription"} {
		if rule[k] == nil {
			t.Errorf("rule lacks %s", k)
		}
	}
	res := run["results"].([]any)[0].(map[string]any)
	for _, k := range []string{"ruleId", "ruleIndex", "level", "message", "locations", "relatedLocations"} {
		if res[k] == nil {
			t.Errorf("result lacks %s", k)
		}
	}
	region := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
	for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
		if region[k] == nil {
			t.Errorf("region lacks %s", k)
		}
	}
}

func TestEmptyRunHasResultsArray(t *testing.T) {
	var buf bytes.Buffer
	if err := New(Driver{Name: "concvet"}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"results": []`) || !strings.Contains(buf.String(), `"rules": []`) {
		t.Errorf("an empty run must still carry results and rules arrays:\n%s", buf.String())
	}
}

func TestValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(*Log)
		want  string
	}{
		{"version", func(l *Log) { l.Version = "2.0.0" }, "version"},
		{"schema", func(l *Log) { l.Schema = "" }, "$schema"},
		{"driver name", func(l *Log) { l.Runs[0].Tool.Driver.Name = "" }, "driver.name"},
		{"unknown rule", func(l *Log) { l.Runs[0].Results[0].RuleID = "nope" }, "not a rule"},
		{"rule index", func(l *Log) { l.Runs[0].Results[0].RuleIndex = 0 }, "ruleIndex"},
		{"duplicate rule", func(l *Log) { l.Runs[0].Tool.Driver.Rules[1].ID = "wgadd" }, "twice"},
		{"level", func(l *Log) { l.Runs[0].Results[0].Level = "warn" }, "level"},
		{"no location", func(l *Log) { l.Runs[0].Results[0].Locations = nil }, "no location"},
		{"uri", func(l *Log) { l.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI = "" }, "uri"},
		{"zero line", func(l *Log) { l.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartLine = 0 }, "startLine"},
		{"backwards", func(l *Log) { l.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.EndColumn = 1 }, "ends before"},
		{"related id", func(l *Log) { l.Runs[0].Results[0].RelatedLocations[0].ID = nil }, "unique id"},
		{"nil results", func(l *Log) { l.Runs[0].Results = nil }, "results is missing"},
	} {
		l := valid()
		tc.spoil(l)
		err := l.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Validate() = %v, want an error about %q", tc.name, err, tc.want)
		}
	}
}

func TestUTF16Column(t *testing.T) {
	for _, tc := range []struct {
		line    string
		byteCol int
		want    int
	}{
		{"go f()", 1, 1},
		{"go f()", 4, 4},
		{"é := 1", 4, 3}, // é is 2 bytes, 1 UTF-16 unit
		{"😀 := 1", 6, 4}, // 😀 is 4 bytes, 2 UTF-16 units
		{"x", 3, 3},      // past the end (at the newline)
		{"\tx // 😀", 2, 2},
	} {
		if got := UTF16Column([]byte(tc.line), tc.byteCol); got != tc.want {
			t.Errorf("UTF16Column(%q, %d) = %d, want %d", tc.line, tc.byteCol, got, tc.want)
		}
	}
}

func TestEscapeAndLinks(t *testing.T) {
	msg := Escape(`send on ch[i] \ blocks`) + "; see " + Link("the [make]", 0) + ", " + Link("return", 1)
	ids, ok := links(msg)
	if !ok || len(ids) != 2 || ids[0] != 0 || ids[1] != 1 {
		t.Errorf("links(%q) = %v, %v", msg, ids, ok)
	}
	for _, bad := range []string{"a [b] c", "x ] y", "[t](uri)", "[t](0"} {
		if _, ok := links(bad); ok {
			t.Errorf("links(%q) accepted", bad)
		}
	}
}

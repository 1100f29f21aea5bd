// Package driver holds what concvet's own drivers share: the -sarif mode of
// cmd/concvet, the language server (internal/lsp) and the golangci-lint
// plugin load packages and configure checks the same way.
package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// FlagValue is the command-line form of a setting given as JSON: a string,
// number or boolean as written, a list as its elements joined by commas, so
// that settings map onto the checks' analyzer flags.
func FlagValue(msg json.RawMessage) (string, error) {
	d := json.NewDecoder(bytes.NewReader(msg))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", err
	}
	scalar := func(v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case json.Number:
			return v.String(), true
		case bool:
			return strconv.FormatBool(v), true
		}
		return "", false
	}
	if s, ok := scalar(v); ok {
		return s, nil
	}
	if list, ok := v.([]any); ok {
		parts := make([]string, len(list))
		for i, e := range list {
			s, ok := scalar(e)
			if !ok {
				return "", fmt.Errorf("want a string, number, boolean or a list of them, got %s", msg)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a string, number, boolean or a list of them, got %s", msg)
}

// NeedFacts reports whether any of checks, or what they require, uses
// facts, which are then computed from source in every dependency.
func NeedFacts(checks []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				if len(a.FactTypes) > 0 || visit(a.Requires) {
					return true
				}
			}
		}
		return false
	}
	return visit(checks)
}

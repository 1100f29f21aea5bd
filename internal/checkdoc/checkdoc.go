// Package checkdoc turns a check's doc.go into its Analyzer.Doc, so that the
// package documentation and the text every driver prints are one text.
package checkdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the documentation of the analyzer name from the
// source of a doc.go whose package comment has a section
//
//	# Analyzer name
//
//	name: one-line summary
//
//	the rest …
//
// as "one-line summary\n\nthe rest …", up to the end of the comment. It
// panics when the section is missing: a check without its documentation is a
// programming error caught by any test of the check.
func MustExtract(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("checkdoc: %s: doc.go has no package comment (%v)", name, err))
	}
	text := f.Doc.Text()
	head := "# Analyzer " + name + "\n"
	i := strings.Index(text, head)
	if i < 0 {
		panic(fmt.Sprintf("checkdoc: %s: doc.go has no %q section", name, strings.TrimSpace(head)))
	}
	body := strings.TrimLeft(text[i+len(head):], "\n")
	summary, rest, _ := strings.Cut(body, "\n")
	summary, ok := strings.CutPrefix(summary, name+": ")
	if !ok {
		panic(fmt.Sprintf("checkdoc: %s: the section must start with %q", name, name+": summary"))
	}
	return strings.TrimSpace(summary + "\n" + rest)
}

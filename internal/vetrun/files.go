package vetrun

import (
	"go/token"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Files turns go vet's positions ("file:line:col", byte offsets) back
// into token.Pos values of one FileSet, reading each file once, so that
// the drivers' printers work on analysis.Diagnostic as an in-process
// driver would give them.
type Files struct {
	Fset  *token.FileSet
	files map[string]*token.File
	data  map[string][]byte
}

// NewFiles returns an empty Files.
func NewFiles() *Files {
	return &Files{Fset: token.NewFileSet(), files: make(map[string]*token.File), data: make(map[string][]byte)}
}

// file returns the token.File of name; nil when it cannot be read.
func (f *Files) file(name string) *token.File {
	tf, ok := f.files[name]
	if !ok {
		data, err := os.ReadFile(name)
		if err == nil {
			tf = f.Fset.AddFile(name, -1, len(data))
			tf.SetLinesForContent(data)
			f.data[name] = data
		}
		f.files[name] = tf
	}
	return tf
}

// Content returns the content of name as it was read for its positions.
func (f *Files) Content(name string) ([]byte, bool) {
	if f.file(name) == nil {
		return nil, false
	}
	return f.data[name], true
}

// Pos resolves a "file:line:col" position (the file may contain colons);
// NoPos when it is "-", malformed or outside the file as it is now.
func (f *Files) Pos(posn string) token.Pos {
	i := strings.LastIndexByte(posn, ':')
	if i < 0 {
		return token.NoPos
	}
	j := strings.LastIndexByte(posn[:i], ':')
	if j < 0 {
		return token.NoPos
	}
	line, err1 := strconv.Atoi(posn[j+1 : i])
	col, err2 := strconv.Atoi(posn[i+1:])
	tf := f.file(posn[:j])
	if err1 != nil || err2 != nil || tf == nil || line < 1 || line > tf.LineCount() || col < 1 {
		return token.NoPos
	}
	start := tf.LineStart(line)
	off := tf.Offset(start) + col - 1
	if off > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(off)
}

// Offset resolves a byte offset in file name.
func (f *Files) Offset(name string, off int) token.Pos {
	tf := f.file(name)
	if tf == nil || off < 0 || off > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(off)
}

// Diagnostic converts d; ok is false when its position cannot be resolved
// (the file changed or vanished since go vet read it).
func (f *Files) Diagnostic(d Diagnostic) (_ analysis.Diagnostic, ok bool) {
	ad := analysis.Diagnostic{
		Pos:      f.Pos(d.Posn),
		End:      f.Pos(d.End),
		Category: d.Category,
		Message:  d.Message,
	}
	if !ad.Pos.IsValid() {
		return ad, false
	}
	for _, r := range d.Related {
		ad.Related = append(ad.Related, analysis.RelatedInformation{Pos: f.Pos(r.Posn), End: f.Pos(r.End), Message: r.Message})
	}
	for _, fix := range d.SuggestedFixes {
		sf := analysis.SuggestedFix{Message: fix.Message}
		valid := true
		for _, e := range fix.Edits {
			pos, end := f.Offset(e.Filename, e.Start), f.Offset(e.Filename, e.End)
			valid = valid && pos.IsValid() && end.IsValid()
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(e.New)})
		}
		if valid {
			ad.SuggestedFixes = append(ad.SuggestedFixes, sf)
		}
	}
	return ad, true
}

package lsp

import (
	"sort"
	"unicode/utf8"
)

// A mapper converts byte offsets in one file's content to LSP positions,
// whose characters count UTF-16 code units, and back.
type mapper struct {
	content []byte
	lines   []int // byte offset of the start of each line
}

func newMapper(content []byte) *mapper {
	m := &mapper{content: content, lines: []int{0}}
	for i, b := range content {
		if b == '\n' {
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// position converts a byte offset, clamped to the content.
func (m *mapper) position(offset int) Position {
	offset = max(0, min(offset, len(m.content)))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
	return Position{Line: line, Character: utf16Len(m.content[m.lines[line]:offset])}
}

// lineColumn converts a 1-based line and byte column (go/token's) to a
// byte offset, clamped to the line and the content.
func (m *mapper) lineColumn(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(m.lines) {
		return len(m.content)
	}
	end := len(m.content)
	if line < len(m.lines) {
		end = m.lines[line] - 1 // the newline
	}
	return min(m.lines[line-1]+max(col-1, 0), end)
}

// offset converts a position to a byte offset, clamping a character past
// the end of its line to the line's end (as the specification asks) and a
// line past the end to the end of the content.
func (m *mapper) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(m.lines) {
		return len(m.content)
	}
	start := m.lines[p.Line]
	end := len(m.content)
	if p.Line+1 < len(m.lines) {
		end = m.lines[p.Line+1] - 1 // the newline
	}
	off, units := start, 0
	for off < end && units < p.Character {
		r, size := utf8.DecodeRune(m.content[off:end])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		off += size
	}
	return off
}

// utf16Len is the number of UTF-16 code units that encode b; each byte of
// invalid UTF-8 counts as one (it decodes to U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

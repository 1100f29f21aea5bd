package vetrun

import (
	"bytes"
	"fmt"
	"strings"
)

// unified returns a unified diff, with three lines of context, that turns
// a into b.
func unified(nameA, nameB string, a, b []byte) string {
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const context = 3
	// Group the changes into hunks whose context does not touch.
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		hunk := ops[start:end]
		la, lb := hunk[0].a, hunk[0].b
		var na, nb int
		for _, op := range hunk {
			if op.kind != '+' {
				na++
			}
			if op.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(la, na), hunkRange(lb, nb))
		for _, op := range hunk {
			line := op.line
			out.WriteByte(op.kind)
			out.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start) // the line before an empty range
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s []byte) []string {
	var lines []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, string(s))
			break
		}
		lines = append(lines, string(s[:i+1]))
		s = s[i+1:]
	}
	return lines
}

// An op is one line of a diff: kept (' '), deleted ('-') or added ('+'),
// with the index of the line in a and in b where it stands.
type op struct {
	kind byte
	a, b int
	line string
}

// diffLines returns a shortest edit script from x to y (Myers' greedy
// algorithm, in time proportional to (len(x)+len(y)) times the number of
// changed lines, which is small for fixes).
func diffLines(x, y []string) []op {
	// Common prefix and suffix need no search.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for i := range pre {
		ops = append(ops, op{' ', i, i, x[i]})
	}
	ops = append(ops, myers(x[pre:len(x)-suf], y[pre:len(y)-suf], pre, pre)...)
	for i := range suf {
		ia, ib := len(x)-suf+i, len(y)-suf+i
		ops = append(ops, op{' ', ia, ib, x[ia]})
	}
	return ops
}

func myers(x, y []string, offA, offB int) []op {
	n, m := len(x), len(y)
	maxD := n + m
	v := make([]int, 2*maxD+2)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || k != d && v[maxD+k-1] < v[maxD+k+1] {
				i = v[maxD+k+1] // down: an insertion
			} else {
				i = v[maxD+k-1] + 1 // right: a deletion
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[maxD+k] = i
			if i >= n && j >= m {
				return backtrack(trace, x, y, d, maxD, offA, offB)
			}
		}
	}
	return nil
}

func backtrack(trace [][]int, x, y []string, d, maxD, offA, offB int) []op {
	var rev []op
	i, j := len(x), len(y)
	for ; d > 0; d-- {
		v := trace[d]
		k := i - j
		var prevK int
		if k == -d || k != d && v[maxD+k-1] < v[maxD+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevI := v[maxD+prevK]
		prevJ := prevI - prevK
		for i > prevI && j > prevJ {
			i, j = i-1, j-1
			rev = append(rev, op{' ', offA + i, offB + j, x[i]})
		}
		if i == prevI {
			j--
			rev = append(rev, op{'+', offA + i, offB + j, y[j]})
		} else {
			i--
			rev = append(rev, op{'-', offA + i, offB + j, x[i]})
		}
	}
	for i > 0 && j > 0 {
		i, j = i-1, j-1
		rev = append(rev, op{' ', offA + i, offB + j, x[i]})
	}
	ops := make([]op, len(rev))
	for k, o := range rev {
		ops[len(rev)-1-k] = o
	}
	return ops
}

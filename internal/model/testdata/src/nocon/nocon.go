// Package nocon has no go statement and no concurrency import: the model
// takes its fast path.
package nocon

func Sum(xs []int) (n int) {
	for _, x := range xs {
		n += x
	}
	return n
}

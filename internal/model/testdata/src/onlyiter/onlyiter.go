// Package onlyiter has one source of facts: a range over an iterator it is
// given, which calls it (ParamOps' call).
package onlyiter

import (
	"iter"
	"sync"
)

var mu sync.Mutex

// Sum ranges over seq.
func Sum(seq iter.Seq[int]) int { // want Sum:`paramOps\(call\(0\)\)`
	n := 0
	for x := range seq {
		n += x
	}
	return n
}

//go:build go1.21

package fixsubtest

import "testing"

var names = []string{"a", "b"}

func use(*testing.T, string, int) {}

func TestCopy(t *testing.T) {
	for i, n := range names {
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			use(t, n, i) // want `loop variables n, i are used after t.Parallel\(\)`
		})
	}
}

func TestCopyInBranch(t *testing.T) {
	for _, n := range names {
		if n != "" {
			t.Run(n, func(t *testing.T) {
				t.Parallel()
				use(t, n, 0) // want `loop variable n is used after t.Parallel\(\)`
			})
		}
	}
}

// No fix: the loop body changes i after the subtest starts, and a copy
// would take that change away from the loop.
func TestNoFixWritten(t *testing.T) {
	for i := 0; i < len(names); i++ {
		t.Run(names[i], func(t *testing.T) {
			t.Parallel()
			use(t, "", i) // want `loop variable i is used after t.Parallel\(\)`
		})
		if names[i] == "" {
			i++
		}
	}
}

// No fix: the loop body declares n already (a later copy).
func TestNoFixDeclared(t *testing.T) {
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			use(t, n, 0) // want `loop variable n is used after t.Parallel\(\)`
		})
		n := n
		_ = n
	}
}

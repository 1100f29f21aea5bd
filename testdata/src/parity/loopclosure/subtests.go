//go:build go1.21

package loopclosure

import "testing"

// A type with Run and Parallel methods that is not testing.T.
type fakeT struct{}

func (*fakeT) Run(string, func(*testing.T)) {}
func (*fakeT) Parallel()                    {}

func subtests(t *testing.T) {
	for n, name := range []string{"a", "b"} {
		// Parallel subtests run after the loop.
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			show(n)    // PEER(loopclosure) closurecapture
			show(name) // PEER(loopclosure) closurecapture
		})

		// Silent: a serial subtest.
		t.Run(name, func(t *testing.T) {
			show(n, name)
		})

		// Only the uses after t.Parallel().
		t.Run(name, func(t *testing.T) {
			show(n)
			show(name)
			t.Parallel()
			show(n)    // PEER(loopclosure) closurecapture
			show(name) // PEER(loopclosure) closurecapture
		})

		// Silent: Parallel on another testing.T value.
		t.Run(name, func(t *testing.T) {
			var other testing.T
			other.Parallel()
			show(n, name)
		})

		// Silent: copies made before t.Parallel().
		t.Run(name, func(t *testing.T) {
			n := n
			name := name
			t.Parallel()
			show(n, name)
		})

		// Copies made after t.Parallel() are too late.
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n := n       // PEER(loopclosure) closurecapture
			name := name // PEER(loopclosure) closurecapture
			show(n, name)
		})

		// Uses in a nested block.
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			{
				show(n)    // PEER(loopclosure) closurecapture
				show(name) // PEER(loopclosure) closurecapture
			}
		})

		// Uses in a subtest of the parallel subtest.
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Run("inner", func(t *testing.T) {
				show(n)    // PEER(loopclosure) closurecapture
				show(name) // PEER(loopclosure) closurecapture
			})
		})

		// Silent: the parameter is shadowed by a value of another type.
		t.Run(name, func(_ *testing.T) {
			t := &fakeT{}
			t.Parallel()
			show(n, name)
		})

		// Silent: a goto may jump over t.Parallel().
		t.Run(name, func(t *testing.T) {
			if n > 0 {
				goto check
			}
			t.Parallel()
		check:
			show(n, name)
		})

		// Labels: a use reached only after one of the Parallel calls.
		t.Run(name, func(t *testing.T) {
			if n > 0 {
				goto check
			}
			t.Parallel()
			show(n) // EXTRA(closurecapture)
		check:
			t.Parallel()
			show(name) // PEER(loopclosure) closurecapture
		})

		// Two labels in a row.
		t.Run(name, func(t *testing.T) {
			if n > 0 {
				goto first
			} else {
				goto second
			}
		first:
		second:
			t.Parallel()
			show(name) // PEER(loopclosure) closurecapture
		})

		// Silent: t.Run given the results of one call.
		sub := func() (string, func(*testing.T)) { return "", nil }
		t.Run(sub())
	}
}

// Silent: the loop body copies the variables.
func copiedInBody(t *testing.T) {
	for n, name := range []string{"a"} {
		n := n
		name := name
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			show(n, name)
		})
	}
}

// Silent: Run of another type.
func otherRun(t *fakeT) {
	for n, name := range []string{"a"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			show(n, name)
		})
	}
}

// Only the subtest started in the loop matters: a parallel child of a
// serial subtest finishes before it returns, within the iteration.
func parentMatters(t *testing.T) {
	for _, name := range []string{"a"} {
		t.Run("serial", func(s *testing.T) {
			s.Run("child", func(u *testing.T) {
				u.Parallel()
				show(name)
			})
		})

		t.Run("parallel", func(s *testing.T) {
			s.Parallel()
			s.Run("child", func(u *testing.T) {
				show(name) // PEER(loopclosure) closurecapture
			})
		})
	}
}

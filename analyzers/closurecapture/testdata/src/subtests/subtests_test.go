//go:build go1.21

package subtests

import (
	"testing"
)

type tcase struct {
	name string
	in   int
}

var cases = []tcase{{"a", 1}, {"b", 2}}

func check(*testing.T, int) {}

// Right after t.Parallel(): every subtest sees the last case.
func TestRightAfter(t *testing.T) {
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, i) // want `loop variables i, tc are used after t.Parallel\(\) in a subtest started in the loop: before Go 1.22 all iterations share them, and a parallel subtest runs only after the loop has finished, so every subtest sees their last values \(copy them in the loop body before t.Run: i, tc := i, tc\)`
			check(t, tc.in)
		})
	}
}

// Partway through: the uses before t.Parallel() run in the loop.
func TestPartway(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check(t, tc.in)
			t.Parallel()
			check(t, tc.in) // want `loop variable tc is used after t.Parallel\(\) in a subtest started in the loop`
		})
	}
}

// In a nested block, and under another name for the *testing.T.
func TestNested(tt *testing.T) {
	for _, tc := range cases {
		tt.Run(tc.name, func(st *testing.T) {
			st.Parallel()
			if tc.in > 0 { // want `loop variable tc is used after st.Parallel\(\)`
				check(st, 0)
			}
		})
	}
}

// A serial subtest nested in a parallel one runs after the Parallel call.
func TestSerialInParallel(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			t.Run("inner", func(t *testing.T) {
				check(t, tc.in) // want `loop variable tc is used after t.Parallel\(\)`
			})
		})
	}
}

// A copy made after t.Parallel() is too late.
func TestLateCopy(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc := tc // want `loop variable tc is used after t.Parallel\(\)`
			check(t, tc.in)
		})
	}
}

// A label before the uses, reached only through t.Parallel().
func TestLabels(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in > 1 {
				goto run
			}
			goto run
		run:
			t.Parallel()
			check(t, tc.in) // want `loop variable tc is used after t.Parallel\(\)`
		})
	}
}

// Parallel on every branch.
func TestBothBranches(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() {
				t.Parallel()
			} else {
				t.Parallel()
			}
			check(t, tc.in) // want `loop variable tc is used after t.Parallel\(\)`
		})
	}
}

// The parent subtest is parallel: its serial child runs after the loop.
func TestParallelParent(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(s *testing.T) {
			s.Parallel()
			s.Run("child", func(u *testing.T) {
				check(u, tc.in) // want `loop variable tc is used after s.Parallel\(\)`
			})
		})
	}
}

// A counting loop.
func TestIndex(t *testing.T) {
	for i := 0; i < len(cases); i++ {
		t.Run(cases[i].name, func(t *testing.T) {
			t.Parallel()
			check(t, cases[i].in) // want `loop variable i is used after t.Parallel\(\)`
		})
	}
}

// Silent: a serial subtest ends before the next iteration.
func TestSerial(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check(t, tc.in)
		})
	}
}

// Silent: copied before t.Parallel(), or in the loop body.
func TestCopied(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc := tc
			t.Parallel()
			check(t, tc.in)
		})
	}
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, tc.in)
		})
	}
}

// Silent: Parallel is called on another T, not the subtest's.
func TestOtherT(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(st *testing.T) {
			var other testing.T
			other.Parallel()
			check(st, tc.in)
		})
	}
}

// Silent: a goto may skip t.Parallel().
func TestSkipped(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in > 1 {
				goto run
			}
			t.Parallel()
		run:
			check(t, tc.in)
		})
	}
}

// Silent: Parallel on one path only.
func TestMaybeParallel(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !testing.Short() {
				t.Parallel()
			}
			check(t, tc.in)
		})
	}
}

// Silent: the top-level subtest is serial, so its parallel children finish
// before it returns, within the iteration.
func TestParallelChildOfSerial(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(s *testing.T) {
			s.Run("child", func(u *testing.T) {
				u.Parallel()
				check(u, tc.in)
			})
		})
	}
}

// Silent: Run of another type.
type runner struct{}

func (runner) Run(string, func(*testing.T)) bool { return true }

func TestOtherRun(t *testing.T) {
	var r runner
	for _, tc := range cases {
		r.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, tc.in)
		})
	}
}

// Silent: t.Run with its arguments from one call.
func TestOneArg(t *testing.T) {
	sub := func() (string, func(*testing.T)) { return "x", func(*testing.T) {} }
	for range cases {
		t.Run(sub())
	}
}

// Silent: the loop variable is read by t.Run's arguments and before the
// subtest becomes parallel.
func TestNameOnly(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, 0)
		})
	}
}

// Silent: a per-iteration variable of the loop body.
func TestBodyVar(t *testing.T) {
	for _, tc := range cases {
		in := tc.in * 2
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, in)
		})
	}
}

// Silent: benchmarks have no Parallel; b.Run returns when the
// sub-benchmark is done.
func BenchmarkCases(b *testing.B) {
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = tc.in
			}
		})
	}
}

// Silent: the subtest's function is not a literal: it gets the case as an
// argument.
func runCase(tc tcase) func(*testing.T) {
	return func(t *testing.T) {
		t.Parallel()
		check(t, tc.in)
	}
}

func TestNamed(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, runCase(tc))
	}
}

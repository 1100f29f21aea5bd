//go:build go1.22

package subtests

import "testing"

// Silent: Go 1.22 loop variables are per iteration.
func TestNewLoops(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, tc.in)
		})
	}
}

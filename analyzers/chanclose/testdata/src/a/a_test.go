package a

import "testing"

// Tests panic on purpose to check the runtime's error.
func TestClosePanics(t *testing.T) {
	cases := []func(){
		func() {
			ch := make(chan struct{})
			close(ch)
			close(ch)
		},
		func() {
			ch := make(chan struct{})
			close(ch)
			ch <- struct{}{}
		},
	}
	for _, f := range cases {
		func() {
			defer func() { _ = recover() }()
			f()
		}()
	}
}

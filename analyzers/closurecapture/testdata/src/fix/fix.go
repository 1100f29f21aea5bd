//go:build go1.21

package fix

import "time"

func use(string, time.Duration) {}

func f(names []string, ds []time.Duration) {
	for _, n := range names {
		go func() {
			use(n, 0) // want `loop variable n is captured`
		}()
	}
	for i, d := range ds {
		go func(x int) {
			use("", d+time.Duration(x+i)) // want `loop variables d, i are captured`
		}(1)
	}
}

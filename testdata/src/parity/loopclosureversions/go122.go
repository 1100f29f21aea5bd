//go:build go1.22

package loopclosureversions

// Silent: Go 1.22 loop variables are per iteration.
func spawnNew(xs []int) {
	for i, x := range xs {
		go func() {
			print(i)
			print(x)
		}()
	}
}

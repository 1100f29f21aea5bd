//go:build go1.21

package loopclosureversions

func spawnOld(xs []int) {
	for i, x := range xs {
		go func() {
			print(i) // PEER(loopclosure) closurecapture
			print(x) // PEER(loopclosure) closurecapture
		}()
	}
}

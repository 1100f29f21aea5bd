//go:build go1.19

// Package loopclosureversions mirrors go vet's loopclosure test data on
// file versions: a file before Go 1.22 (here by its //go:build line; the
// peer also sets it through the module's go line, which a GOPATH test
// package cannot) shares loop variables, a Go 1.22 file does not.
package loopclosureversions

func spawnAll(xs []int) {
	for i, x := range xs {
		go func() {
			print(i) // PEER(loopclosure) closurecapture
			print(x) // PEER(loopclosure) closurecapture
		}()
	}
}

func spawnAllAgain(xs []int) {
	for i, x := range xs {
		go func() {
			print(i) // PEER(loopclosure) closurecapture
			print(x) // PEER(loopclosure) closurecapture
		}()
	}
}

// Package sa5002 mirrors, in concvet's own code, the bug lines of
// staticcheck's SA5002 (the empty for loop spins) test data (see
// analyzers/parity_test.go).
package sa5002

func more() bool { return false }

func spins() {
	for { // PEER(SA5002) loopctx
	}

	// Silent: the condition calls a function.
	for more() {
	}

	// Silent: the loop ends at once.
	for {
		break
	}

	for true { // PEER(SA5002) loopctx
	}

	running := true
	for running { // PEER(SA5002) loopctx
	}

	running = false
	for running { // PEER(SA5002) loopctx
	}

	// Silent: the body never runs.
	for false {
	}

	false := true
	for false { // PEER(SA5002) loopctx
	}
}

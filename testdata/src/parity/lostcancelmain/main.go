// Package main mirrors go vet's lostcancel test data for a main package:
// returning from main ends the program, so a cancel it skips is not lost.
package main

import "context"

var quiet bool

func main() {
	_, cancel := context.WithCancel(context.Background())
	if quiet {
		cancel()
	}
}

func helper() {
	_, cancel := context.WithCancel(context.Background()) // PEER(lostcancel) ctxcancel
	if quiet {
		cancel()
	}
} // PEER(lostcancel) ctxcancel

// Package worklib signals through helpers: its facts say which WaitGroup
// or channel each function signals on.
package worklib

import "sync"

// Finish marks the caller's work done.
func Finish(wg *sync.WaitGroup) { wg.Done() }

// Notify reports the end of the caller's work.
func Notify(done chan<- struct{}) { close(done) }

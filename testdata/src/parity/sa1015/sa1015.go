// Package sa1015 mirrors the bug lines of staticcheck's SA1015 (time.Tick
// in a loop that can end) test data in concvet's own code. Since Go 1.23 an
// unreferenced ticker is collected; concvet does not report these: no line
// here may be reported (see analyzers/parity_test.go).
package sa1015

import (
	"log"
	"time"
)

func forever() {
	for range time.Tick(time.Second) {
		log.Print("tick")
	}
}

func breaks(done func() bool) {
	for range time.Tick(time.Second) { // PEER(SA1015) -
		log.Print("tick")
		if done() {
			break
		}
	}
}

func returns(done func() bool) {
	for range time.Tick(time.Second) { // PEER(SA1015) -
		log.Print("tick")
		if done() {
			return
		}
	}
}

func inGoroutine() {
	go func() {
		for range time.Tick(time.Second) {
			log.Print("tick")
		}
	}()
}

func afterPanic(bad bool) {
	if bad {
		panic("bad")
	}
	for range time.Tick(time.Second) {
		log.Print("tick")
	}
}

type service struct{}

func (s *service) run() {
	for range time.Tick(time.Second) {
		log.Print("tick")
	}
}

func (s service) runValue() {
	for range time.Tick(time.Second) {
		log.Print("tick")
	}
}

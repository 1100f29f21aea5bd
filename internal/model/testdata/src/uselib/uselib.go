// Package uselib uses lib's facts across the package boundary.
package uselib

import (
	"lib"
	"sync"
)

// Both hands its WaitGroup to lib.Forward: Add comes from the imported
// fact. Its channel goes to lib.Send, which sends.
func Both(wg *sync.WaitGroup, ch chan int) { // want Both:`paramOps\(Add\(0\) baresend\(1\) send\(1\)\)`
	lib.Forward(wg)
	lib.Send(ch, func() {})
}

func Spawn(p *lib.Pool) {
	go p.Start()
}

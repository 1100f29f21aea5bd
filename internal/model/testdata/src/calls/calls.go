// Package calls checks the operations the model derives from facts: calls
// of functions that operate on their arguments, and goroutines running such
// functions, translated to the caller's terms.
package calls

import (
	"lib"
	"sync"
)

type job struct {
	wg sync.WaitGroup
	ch chan int
}

func use(j *job, p *lib.Pool) {
	var wg sync.WaitGroup
	lib.Forward(&wg)          // want `call Forward \[Add wg\]`
	lib.Send(j.ch, nil)       // want `call Send \[baresend j.ch send j.ch call nil:func\(\)\]`
	p.Start()                 // want `call Start \[Lock p.mu Unlock p.mu Add p.wg\]`
	go lib.Track(&j.wg, 1)    // want `spawn Track \[Add j.wg\]`
	go func() { wg.Wait() }() // want `captured wg is spawner's wg`
	wg.Wait()
}

// A parameter of a named goroutine function is the spawner's argument.
func worker(wg *sync.WaitGroup) {
	defer wg.Done()
}

func start() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg) // want `param wg is spawner's wg`
	wg.Wait()
}

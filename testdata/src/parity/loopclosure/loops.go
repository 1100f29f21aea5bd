//go:build go1.21

// Package loopclosure mirrors, in concvet's own code, the bug lines of go
// vet's loopclosure test data (see analyzers/parity_test.go). The files are
// for Go 1.21 (a //go:build line sets a file's version): before Go 1.22 a
// loop's variables are shared by all its iterations.
package loopclosure

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

var Cursor string

func show(...any) {}

func ranges(words []string) {
	for i, w := range words {
		go func() {
			show(i) // PEER(loopclosure) closurecapture
			show(w) // PEER(loopclosure) closurecapture
		}()
	}
	for i, w := range words {
		defer func() {
			show(i) // PEER(loopclosure) closurecapture
			show(w) // PEER(loopclosure) closurecapture
		}()
	}
	for i := range words {
		go func() {
			show(i) // PEER(loopclosure) closurecapture
		}()
	}
	for _, w := range words {
		go func() {
			show(w) // PEER(loopclosure) closurecapture
		}()
	}
	// The peer looks only at the loop body's last statement.
	for i, w := range words {
		go func() {
			show(i, w) // EXTRA(closurecapture)
		}()
		fmt.Println("a statement after the go statement")
	}
	// Silent: passed as arguments, or copied in the body.
	for i, w := range words {
		go func(i int, w string) {
			show(i, w)
		}(i, w)
	}
	for i, w := range words {
		i, w := i, w
		go func() {
			show(i, w)
		}()
	}

	// Package variables as the iteration variable, declared here and in
	// another file.
	for _, Cursor = range words {
		go func() {
			show(Cursor) // PEER(loopclosure) closurecapture
		}()
	}
	for _, Other = range words {
		go func() {
			show(Other) // PEER(loopclosure) closurecapture
		}()
	}
	// A key that is not an identifier; the value is a local variable of
	// the function, assigned by every iteration: concvet reports the
	// loop's write, with the goroutine's read as the related position.
	var slots [2]int
	var last string
	for slots[0], last = range words { // SAME(closurecapture)
		go func() {
			_ = last // PEER(loopclosure) closurecapture
		}()
	}
	// A composite literal's field key is not a use; a map key is.
	type entry struct{ w string }
	for _, w := range words {
		go func() {
			_ = entry{w: "x"}
			_ = map[string]bool{w: true} // PEER(loopclosure) closurecapture
		}()
	}

	// For statements.
	for n := 0; n < 4; n++ {
		go func() {
			show(n) // PEER(loopclosure) closurecapture
		}()
	}
	for a, b := 1, 1; a < 50; a, b = b, a+b {
		go func() {
			show(b) // PEER(loopclosure) closurecapture
		}()
	}
	type node struct {
		val  int
		next *node
	}
	var list *node
	for e := list; e != nil; e = e.next {
		go func() {
			show(e.val) // PEER(loopclosure) closurecapture
		}()
	}
}

// Literals in the branches of nested statements.
func nested() {
	for i := range "abc" {
		for j := range "xy" {
			if j == 0 {
				defer func() {
					show(i) // PEER(loopclosure) closurecapture
				}()
			} else if j == 1 {
				go func() {
					show(i) // PEER(loopclosure) closurecapture
				}()
			} else {
				go func() {
					show(i) // EXTRA(closurecapture)
				}()
				fmt.Println("after")
			}
		}
	}

	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 0 {
				switch j {
				case 0:
					defer func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				default:
					go func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				}
			} else if j == 1 {
				var any interface{} = j
				switch any.(type) {
				case int:
					defer func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				default:
					go func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				}
			} else {
				ready := make(chan bool)
				select {
				case <-ready:
					defer func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				default:
					go func() {
						show(i) // PEER(loopclosure) closurecapture
					}()
				}
			}
		}
	}
}

// A Go method of a type that is not errgroup.Group.
type pool struct{}

func (*pool) Go(func() error) {}

func groups(words []string) {
	g := new(errgroup.Group)
	for i, w := range words {
		g.Go(func() error {
			show(i) // PEER(loopclosure) closurecapture
			show(w) // PEER(loopclosure) closurecapture
			return nil
		})
	}
	for i, w := range words {
		if i%2 == 0 {
			g.Go(func() error {
				show(i) // PEER(loopclosure) closurecapture
				return nil
			})
		} else {
			g.Go(func() error {
				show(w) // PEER(loopclosure) closurecapture
				return nil
			})
		}
	}
	// Silent: not errgroup's Go.
	p := new(pool)
	for i, w := range words {
		p.Go(func() error {
			show(i, w)
			return nil
		})
	}
}

// Some nodes go to an errgroup, the others to plain goroutines.
func mixed(jobs []string, important func(string) bool, do func(string) error) {
	critical := new(errgroup.Group)
	var rest sync.WaitGroup
	for _, job := range jobs {
		if important(job) {
			critical.Go(func() error {
				return do(job) // PEER(loopclosure) closurecapture
			})
		} else {
			rest.Add(1)
			go func() {
				_ = do(job) // PEER(loopclosure) closurecapture
				rest.Done()
			}()
		}
	}
}

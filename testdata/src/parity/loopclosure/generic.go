//go:build go1.21

package loopclosure

import "golang.org/x/sync/errgroup"

func consume[T any](T) {}

func genericLoop[T any](xs []T) {
	for i, x := range xs {
		go func() {
			consume(i) // PEER(loopclosure) closurecapture
			consume(x) // PEER(loopclosure) closurecapture
		}()
	}
}

// Silent: a type parameter's Go method is not errgroup's.
func viaConstraint[G interface{ Go(func() error) }](g G, xs []int) {
	for i, x := range xs {
		g.Go(func() error {
			show(i, x)
			return nil
		})
	}
}

func callViaConstraint() {
	viaConstraint(new(errgroup.Group), nil)
}

type holder[P any] struct {
	group P
}

// errgroup's Go reached through a field of a generic struct.
func viaField(h holder[errgroup.Group], xs []int) {
	for i, x := range xs {
		h.group.Go(func() error {
			show(i) // PEER(loopclosure) closurecapture
			show(x) // PEER(loopclosure) closurecapture
			return nil
		})
	}
}

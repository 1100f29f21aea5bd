package syncpkg

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// processAll is the guide's "WaitGroup".
func processAll(items []Item) {
	var wg sync.WaitGroup

	for _, item := range items {
		wg.Add(1)
		go func(it Item) {
			defer wg.Done()
			process(it)
		}(item)
	}

	wg.Wait()
}

// processAllCounted adds once for the whole loop: wg.Add(len(items)) before
// the go statements.
func processAllCounted(items []Item) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, item := range items {
		go func(it Item) {
			defer wg.Done()
			process(it)
		}(item)
	}
	wg.Wait()
}

// processAllGo uses WaitGroup.Go (Go 1.25), which counts the goroutine
// itself.
func processAllGo(items []Item) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Go(func() {
			process(item)
		})
	}
	wg.Wait()
}

// processAllErrgroup uses errgroup with a limit.
func processAllErrgroup(ctx context.Context, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, item := range items {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			process(item)
			return nil
		})
	}
	return g.Wait()
}

// Tree is walked by a goroutine per node.
type Tree struct {
	Item     Item
	Children []*Tree
}

// walk is counted by wg before it starts, and adds for its children before
// its own Done: the counter cannot reach zero in between.
func walk(t *Tree, wg *sync.WaitGroup) {
	defer wg.Done()
	process(t.Item)
	for _, c := range t.Children {
		wg.Add(1)
		go walk(c, wg)
	}
}

// processTree waits for the whole tree.
func processTree(root *Tree) {
	var wg sync.WaitGroup
	wg.Add(1)
	go walk(root, &wg)
	wg.Wait()
}

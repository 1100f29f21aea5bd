package engine

// ExploreAllRoots makes every function that starts a goroutine a root, for
// the tests of what blocks forever beyond channels the package makes (a
// Cond, a context, a nil channel); it returns a function that restores the
// default.
func ExploreAllRoots() (restore func()) {
	allRoots = true
	return func() { allRoots = false }
}

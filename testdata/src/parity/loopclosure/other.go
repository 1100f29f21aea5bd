//go:build go1.21

package loopclosure

// Other is used as a loop's iteration variable in loops.go.
var Other string

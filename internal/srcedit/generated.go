package srcedit

import "go/ast"

// Generated reports whether f was written by a program, not by the user,
// so that checks report nothing in it: a finding there could only be fixed
// in the generator, and the user did not choose that code.
func Generated(f *ast.File) bool {
	return f != nil && ast.IsGenerated(f)
}

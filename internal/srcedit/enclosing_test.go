package srcedit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/tools/go/ast/astutil"
)

// TestEnclosing compares Enclosing with astutil.PathEnclosingInterval on
// every node of real files (a few standard-library packages): for a point
// at the node's start, its last byte and its middle, and for its whole
// extent, the paths must be the same.
func TestEnclosing(t *testing.T) {
	var files []string
	for _, dir := range []string{"sync", "context", "text/template/parse", "go/constant"} {
		m, err := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", dir, "*.go"))
		if err != nil || len(m) == 0 {
			t.Fatalf("no files in %s: %v", dir, err)
		}
		files = append(files, m...)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || bad > 3 {
				return false
			}
			if _, ok := n.(*ast.CommentGroup); ok {
				return false
			}
			if _, ok := n.(*ast.Comment); ok {
				return false
			}
			for _, iv := range [][2]token.Pos{{n.Pos(), n.Pos()}, {n.Pos(), n.End()}, {n.End() - 1, n.End() - 1}, {(n.Pos() + n.End()) / 2, (n.Pos() + n.End()) / 2}} {
				want, _ := astutil.PathEnclosingInterval(f, iv[0], iv[1])
				got := Enclosing(f, iv[0], iv[1])
				checked++
				if !samePath(got, want) {
					bad++
					t.Errorf("%s [%d,%d] (%T): got %s, want %s", fset.Position(iv[0]), iv[0], iv[1], n, describe(got), describe(want))
				}
			}
			return true
		})
	}
	t.Logf("%d intervals in %d files", checked, len(files))
}

func samePath(a, b []ast.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(path []ast.Node) string {
	s := ""
	for i, n := range path {
		if i == 4 {
			s += " …"
			break
		}
		s += fmt.Sprintf(" %T", n)
	}
	return "[" + s + " ]"
}

package largefunc

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestGenerate type-checks the generated package in every shape, with and
// without the bugs, and checks that the function has about the lines asked
// for.
func TestGenerate(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, shape := range []Shape{Mixed, InLoop, Flat} {
		for _, bugs := range []bool{false, true} {
			src := Generate("big", 400, Options{Shape: shape, Bugs: bugs})
			f, err := parser.ParseFile(fset, "big.go", src, 0)
			if err != nil {
				t.Fatalf("shape %d bugs %v: %v", shape, bugs, err)
			}
			conf := types.Config{Importer: imp}
			if _, err := conf.Check("big", fset, []*ast.File{f}, nil); err != nil {
				t.Errorf("shape %d bugs %v: %v", shape, bugs, err)
			}
			var big *ast.FuncDecl
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Big" {
					big = fd
				}
			}
			if big == nil {
				t.Fatalf("shape %d: no func Big", shape)
			}
			lines := fset.Position(big.End()).Line - fset.Position(big.Pos()).Line
			if lines < 400 || lines > 500 {
				t.Errorf("shape %d bugs %v: Big has %d lines, want about 400", shape, bugs, lines)
			}
			if bugs != bytes.Contains(src, []byte("lk")) {
				t.Errorf("shape %d bugs %v: the bug units are there: %v", shape, bugs, !bugs)
			}
		}
	}
}

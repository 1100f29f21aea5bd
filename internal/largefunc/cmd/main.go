// Command largefunc writes a module with one long generated function
// (package internal/largefunc) to time the concvet binary on it:
//
//	go run ./internal/largefunc/cmd -lines 8000 -o /tmp/big
//	cd /tmp/big && time concvet ./...           # or -chanclose ./... for one check
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/concvet/concvet/internal/largefunc"
)

func main() {
	lines := flag.Int("lines", 8000, "length of the function in lines")
	out := flag.String("o", "", "directory to write the module to (required)")
	shape := flag.String("shape", "mixed", "layout of the units: mixed, inloop or flat")
	bugs := flag.Bool("bugs", false, "add the units with bugs")
	flag.Parse()
	log.SetFlags(0)
	if *out == "" {
		log.Fatal("largefunc: -o is required")
	}
	shapes := map[string]largefunc.Shape{"mixed": largefunc.Mixed, "inloop": largefunc.InLoop, "flat": largefunc.Flat}
	sh, ok := shapes[*shape]
	if !ok {
		log.Fatalf("largefunc: unknown shape %q", *shape)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	src := largefunc.Generate("big", *lines, largefunc.Options{Shape: sh, Bugs: *bugs})
	if err := os.WriteFile(filepath.Join(*out, "go.mod"), []byte("module big\n\ngo 1.26\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "big.go"), src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// Command custom-gcl is golangci-lint v2.15.0 with concvet's module plugin
// compiled in: what `golangci-lint custom` builds from .custom-gcl.yml, but
// from the module proxy alone (no git clone of golangci-lint), with concvet
// taken from the enclosing directory. test.sh builds it and checks it on
// testdata/fixture.
//
// The main function is golangci-lint's cmd/golangci-lint/main.go, shortened.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The plugin registers the linter concvet.
	_ "github.com/concvet/concvet/plugin"
)

func main() {
	// Version stays "(devel)" for a local build, so golangci-lint salts
	// its result cache with the binary's hash: a rebuild with a changed
	// plugin does not reuse findings cached by the previous binary.
	info := commands.BuildInfo{Version: "(devel)", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
		if bi.Main.Version != "" {
			info.Version = bi.Main.Version
		}
	}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// Package timing records, for development, how long concvet's analyzers
// and the model's phases take: when the environment variable
// CONCVET_TIMING names a file, Record appends one tab-separated line to it
// per call (kind, name, package, microseconds). Each line is one write to a
// file opened for appending, so go vet's parallel units do not interleave
// them. ARCHITECTURE.md ("Measuring") says how to read them.
package timing

import (
	"fmt"
	"os"
	"time"
)

// file is the file lines go to; "" when timing is off.
var file = os.Getenv("CONCVET_TIMING")

// Enabled reports whether timing is on.
func Enabled() bool { return file != "" }

// Record appends a line for name, run on pkg since start.
func Record(kind, name, pkg string, start time.Time) {
	if file == "" {
		return
	}
	line := fmt.Sprintf("%s\t%s\t%s\t%d\n", kind, name, pkg, time.Since(start).Microseconds())
	if f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666); err == nil {
		f.WriteString(line)
		f.Close()
	}
}

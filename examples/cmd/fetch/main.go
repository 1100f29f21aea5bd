// Command fetch downloads the URLs given as arguments and prints a line per
// URL: its size, how long it took, or the error.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"example.com/concvet-examples/fetch"
)

func main() { os.Exit(run()) }

func run() int {
	parallel := flag.Int("p", 4, "requests in flight")
	timeout := flag.Duration("timeout", 10*time.Second, "per-request timeout")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	f := &fetch.Fetcher{Timeout: *timeout, Parallel: *parallel}
	failed := false
	for _, r := range f.FetchAll(ctx, flag.Args()) {
		if r.Err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", r.URL, r.Err)
			failed = true
			continue
		}
		fmt.Printf("%s\t%d bytes\t%v\n", r.URL, r.Size, r.Took.Round(time.Millisecond))
	}
	fmt.Printf("total\t%d bytes\n", f.Bytes())
	if failed {
		return 1
	}
	return 0
}

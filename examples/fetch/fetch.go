// Package fetch downloads a set of URLs in parallel, a few at a time.
package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Result is the outcome of fetching one URL.
type Result struct {
	URL  string
	Size int64
	Took time.Duration
	Err  error
}

// Fetcher fetches URLs with a per-request timeout and at most Parallel
// requests in flight.
type Fetcher struct {
	Client   *http.Client
	Timeout  time.Duration
	Parallel int

	mu    sync.Mutex
	bytes int64 // total bytes fetched, guarded by mu
}

// FetchAll fetches every URL and returns the results in the order of urls.
func (f *Fetcher) FetchAll(ctx context.Context, urls []string) []Result {
	results := make([]Result, len(urls))
	sem := make(chan struct{}, max(f.Parallel, 1))
	var wg sync.WaitGroup
	for i, u := range urls {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			start := time.Now()
			wg.Add(1)
			defer wg.Done()
			n, err := f.fetch(ctx, u)
			results[i] = Result{URL: u, Size: n, Took: time.Since(start), Err: err}
		}()
	}
	wg.Wait()
	return results
}

// Bytes reports how many bytes all fetches have read so far.
func (f *Fetcher) Bytes() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bytes
}

func (f *Fetcher) fetch(ctx context.Context, u string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", u, resp.Status)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	f.mu.Lock()
	f.bytes += n
	f.mu.Unlock()
	return n, err
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return http.DefaultClient
}

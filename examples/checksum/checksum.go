// Package checksum checksums files in parallel.
package checksum

import (
	"hash/crc32"
	"os"
	"sync"
)

type sum struct {
	path string
	crc  uint32
}

func checksum(path string) uint32 {
	b, _ := os.ReadFile(path)
	return crc32.ChecksumIEEE(b)
}

// Sums returns the checksum of every file, computed by n workers.
func Sums(paths []string, n int) map[string]uint32 {
	jobs := make(chan string)
	results := make(chan sum)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				results <- sum{p, checksum(p)}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, p := range paths {
			jobs <- p
		}
	}()
	out := make(map[string]uint32, len(paths))
	for r := range results {
		out[r.path] = r.crc
	}
	return out
}

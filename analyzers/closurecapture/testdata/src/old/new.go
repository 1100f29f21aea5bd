//go:build go1.22

package old

func loopGoNew(urls []string) {
	for _, u := range urls {
		go func() {
			fetch(u)
		}()
	}
}

func deferNew(n int) {
	for i := 0; i < n; i++ {
		defer func() { _ = i }()
	}
}

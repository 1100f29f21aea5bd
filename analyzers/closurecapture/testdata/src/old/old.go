//go:build go1.21

package old

import (
	"fmt"
	"sync"
)

func fetch(string) {}

func loopGo(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("start")
			fetch(u) // want `loop variable u is captured by a goroutine started in the loop: before Go 1.22`
			fmt.Println("end")
		}()
	}
	wg.Wait()
}

func loopIndex(n int) {
	for i := 0; i < n; i++ {
		defer func() {
			fmt.Println(i) // want `loop variable i is captured by a function deferred in the loop`
		}()
	}
}

func twoVars(m map[string]int) {
	for k, v := range m {
		go func() {
			fmt.Println(k, v) // want `loop variables k, v are captured by a goroutine`
		}()
	}
}

func silentArgument(urls []string) {
	for _, u := range urls {
		go func(u string) { fetch(u) }(u)
	}
}

func silentCopy(urls []string) {
	for _, u := range urls {
		u := u
		go func() { fetch(u) }()
	}
}

func silentReturn(urls []string) {
	for _, u := range urls {
		if u == "" {
			go func() { fetch(u) }()
			return
		}
	}
}

func silentSerial(urls []string) {
	for _, u := range urls {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
		wg.Wait()
	}
}

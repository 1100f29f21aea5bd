package a

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func settle() { time.Sleep(10 * time.Millisecond) }

func sharedCounter() int {
	var counter int
	go func() { counter++ }() // want `counter is written by this goroutine while another goroutine of the same function writes it`
	go func() { counter++ }()
	settle()
	return counter
}

func sumInLoop(nums []int) int {
	var total int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			total += n // want `total is written by every goroutine started in this loop without synchronization: the writes race \(guard total with a sync.Mutex or use sync/atomic, or let each goroutine write its own slice element and combine them after waiting\)`
		})
	}
	wg.Wait()
	return total
}

func readBeforeWait() string {
	var result string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = "x" // want `result is written by this goroutine while the function that starts it reads result before waiting for it`
	}()
	fmt.Println(result)
	wg.Wait()
	return result
}

func lastErr(ctx context.Context, jobs []func() error) error {
	var err error
	g, _ := errgroup.WithContext(ctx)
	for _, j := range jobs {
		g.Go(func() error {
			err = j() // want `err is written by every goroutine started in this loop`
			return nil
		})
	}
	_ = g.Wait()
	return err
}

func spawnerWrites() {
	status := "starting"
	go func() {
		fmt.Println(status)
	}()
	status = "done" // want `status is written after the go statement while the goroutine reads it`
	_ = status
}

func stopFlag() {
	stop := false
	go func() {
		for !stop {
			settle()
		}
	}()
	settle()
	stop = true // want `stop is written after the go statement while the goroutine reads it`
}

func mutexInGoroutineOnly() int {
	var mu sync.Mutex
	n := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		mu.Lock()
		n = 1 // want `n is written by this goroutine while the function that starts it reads n`
		mu.Unlock()
	}()
	v := n
	<-done
	return v
}

func workerPool(jobs <-chan int) int {
	total := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for j := range jobs {
				total += j // want `total is written by every goroutine started in this loop`
			}
		})
	}
	wg.Wait()
	return total
}

func rounds(n int, try func() bool) int {
	hits := 0
	for i := 0; i < n; i++ {
		var wg sync.WaitGroup
		wg.Add(10)
		for j := 0; j < 10; j++ {
			go func() {
				try()
				hits++ // want `hits is written by every goroutine started in this loop`
				wg.Done()
			}()
		}
		wg.Wait()
	}
	return hits
}

// From grpc's interop/xds_federation/client.go: every goroutine assigns
// the shared variable and then reads it back; a mutex around the write
// would not give each goroutine its own value.
func soak(uris []string, run func(func() string)) {
	var wg sync.WaitGroup
	var channelForTest func() string
	for _, u := range uris {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			channelForTest = func() string { return u } // want `channelForTest is written by every goroutine started in this loop without synchronization: the writes race \(declare channelForTest inside the goroutine: each goroutine reads back its own write, which another goroutine may have overwritten, and a mutex would not change that\)`
			run(channelForTest)
		}(u)
	}
	wg.Wait()
}

// From containerd's cmd/ctr/commands/shim/io_unix.go: the error return
// sets the named result wg to nil while the goroutine started before it
// still calls wg.Done.
func prepare(open func() (int, error)) (wg *sync.WaitGroup, err error) {
	wg = &sync.WaitGroup{}
	f, err := open()
	if err != nil {
		return nil, err
	}
	wg.Add(1)
	go func(r int) {
		_ = r
		wg.Done()
	}(f)
	if _, err = open(); err != nil {
		return nil, err // want `wg is written after the go statement while the goroutine reads it: if the goroutine reads wg after this write it gets nil, and wg.Done\(\) dereferences nil and panics, and the accesses race \(pass wg to the goroutine as an argument, or synchronize\)`
	}
	return wg, nil
}

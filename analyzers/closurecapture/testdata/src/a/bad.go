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
			total += n // want `total is written by every goroutine started in this loop without synchronization`
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

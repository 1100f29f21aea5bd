package main

// A goroutine of main that ranges forever ends with the program; main
// itself waiting forever on a channel nothing closes is a deadlock.
func main() {
	ch := make(chan int)
	go func() {
		for v := range ch {
			println(v)
		}
	}()
	for i := 0; i < 3; i++ {
		ch <- i
	}
	done := make(chan struct{})
	go func() { _ = done }()
	<-done // want `receive from done blocks forever: nothing sends on or closes done`
}

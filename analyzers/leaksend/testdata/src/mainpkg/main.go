package main

func check() error { return nil }

// Returning from main ends the program: nothing leaks.
func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if check() != nil {
		return
	}
	<-ch
}

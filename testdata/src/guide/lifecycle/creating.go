package lifecycle

// createGoroutines is the guide's "Creating Goroutines".
func createGoroutines() {
	// Simple goroutine
	go func() {
		doWork()
	}()

	// Goroutine with parameters (avoid closure capture issues)
	go func(data string) {
		process(data)
	}(myData)
}

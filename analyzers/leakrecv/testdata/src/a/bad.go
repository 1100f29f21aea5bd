package a

import "sync"

type Job int
type Result int

func process(j Job) Result { return Result(j) }

// The worker pool without its closer goroutine.
func collectNoClose(jobs <-chan Job, n int) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- process(j)
			}
		}()
	}
	var out []Result
	for r := range results { // want `range over results never ends: results is never closed`
		out = append(out, r)
	}
	wg.Wait()
	return out
}

// Fan-in whose senders are started with arguments.
func fanInNoCloser(inputs ...<-chan int) int {
	out := make(chan int)
	for _, ch := range inputs {
		go func(c <-chan int) {
			for v := range c {
				out <- v
			}
		}(ch)
	}
	total := 0
	for v := range out { // want `range over out never ends`
		total += v
	}
	return total
}

// The consumer is the goroutine: it leaks once produce returns.
func produce(xs []int) {
	ch := make(chan int, len(xs))
	go func() {
		for v := range ch { // want `range over ch never ends`
			_ = v
		}
	}()
	for _, x := range xs {
		ch <- x
	}
}

// WaitGroup.Go senders (Go 1.25) and no closer.
func wgGoNoClose(xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() {
			ch <- x * 2
		})
	}
	sum := 0
	for v := range ch { // want `range over ch never ends`
		sum += v
	}
	return sum
}

// A done channel the goroutine was meant to close.
func waitForgotten(work func()) {
	done := make(chan struct{})
	go func() {
		work()
		_ = done
	}()
	<-done // want `receive from done blocks forever: nothing sends on or closes done`
}

// A stop channel nothing ever closes: the goroutine never ends.
func stopNeverClosed(tick func()) {
	stop := make(chan struct{})
	go func() {
		<-stop // want `receive from stop blocks forever`
		tick()
	}()
	_ = len(stop)
}

// Named workers that never close: the pool forgets the closer.
func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- process(j)
	}
}

func namedWorkers(jobs <-chan Job, n int) []Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	var out []Result
	for r := range results { // want `range over results never ends`
		out = append(out, r)
	}
	return out
}

// A done channel handed to a function of the package that never closes it
// or sends on it (issue 16's shape h): the wait never returns.
func startWork(done chan struct{}, work func()) {
	go func() {
		work()
		_ = cap(done)
	}()
}

func waitHanded(work func()) {
	done := make(chan struct{})
	startWork(done, work)
	<-done // want `receive from done blocks forever: nothing sends on or closes done`
}

// A select of receives on two channels the goroutine was meant to signal.
func waitEither(work func() error) error {
	done := make(chan struct{})
	errc := make(chan error)
	go func() {
		_ = work()
		_, _ = cap(done), cap(errc)
	}()
	select { // want `select blocks forever: nothing sends on or closes done or errc`
	case <-done:
		return nil
	case err := <-errc:
		return err
	}
}

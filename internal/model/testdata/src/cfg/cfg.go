// Package cfg is control flow of every shape, for the index of graph.go to
// be compared with plain searches (graph_test.go). Calls of s mark points.
package cfg

func s(int) bool { return true }

func straight() {
	s(1)
	s(2)
	s(3)
}

func branches(x int) {
	if s(1) {
		s(2)
	} else if x > 2 {
		s(3)
		return
	}
	switch x {
	case 1:
		s(4)
		fallthrough
	case 2:
		s(5)
	default:
		panic("no")
	}
	s(6)
}

func loops(n int) {
	for i := 0; i < n; i++ {
		s(1)
		for j := 0; j < i; j++ {
			if s(2) {
				break
			}
			if s(3) {
				continue
			}
			s(4)
		}
		s(5)
	}
outer:
	for {
		s(6)
		for range n {
			if s(7) {
				break outer
			}
			if s(8) {
				continue outer
			}
		}
		s(9)
	}
	for s(10) {
		if s(11) {
			s(12)
		} else {
			s(13)
		}
	}
}

func gotos(n int) {
	i := 0
	if n > 3 {
		goto middle
	}
top:
	s(1)
middle:
	s(2)
	i++
	if i < n {
		goto top
	}
	if s(3) {
		goto middle
	}
	s(4)
}

func channels(ch chan int, done chan struct{}) {
	for v := range ch {
		s(v)
		select {
		case <-done:
			s(1)
			return
		case ch <- v:
			s(2)
		default:
			s(3)
		}
	}
	defer s(4)
	for {
		select {
		case <-done:
			return
		case v := <-ch:
			if s(v) {
				continue
			}
			s(5)
		}
	}
}

func forever() {
	for {
		s(1)
		if s(2) {
			s(3)
		}
	}
}

func closures(n int) func() {
	f := func() {
		for i := 0; i < n; i++ {
			s(i)
		}
	}
	defer func() {
		if recover() != nil {
			s(9)
		}
	}()
	f()
	return f
}

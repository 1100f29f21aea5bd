package fixrange

func fetch(s string) int { return len(s) }

func firstResponse(replicas []string) int {
	ch := make(chan int)
	for _, r := range replicas {
		go func() {
			ch <- fetch(r) // want `send on ch blocks forever`
		}()
	}
	return <-ch
}

// Reassigned: no fix.
func reassigned(replicas []string) int {
	ch := make(chan int)
	replicas = append(replicas, "x")
	for _, r := range replicas {
		go func() {
			ch <- fetch(r) // want `send on ch blocks forever`
		}()
	}
	return <-ch
}

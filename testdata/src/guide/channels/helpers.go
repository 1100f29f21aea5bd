// Package channels holds the "Channel Patterns" section of the concurrency
// guide: fan-out, fan-in, pipeline, semaphore, or-done and first-response,
// all correct, plus (in bugs.go) the ways each pattern goes wrong when one of
// its parts is left out.
package channels

import (
	"context"
	"errors"
	"strings"
)

// Item is a unit of work for the semaphore pattern.
type Item struct{ ID int }

func process(v int) int { return v * 2 }

func processItem(it Item) { _ = it.ID }

func fetch(ctx context.Context, u string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if !strings.HasPrefix(u, "https://") {
		return "", errors.New("insecure url")
	}
	return "body of " + u, nil
}

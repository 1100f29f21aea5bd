// Package registry tracks services and their health checks: Register locks
// the registry and then an existing checker, and the checker's Report locks
// itself and then the registry.
package registry

import (
	"sync"
	"time"
)

type Registry struct {
	mu       sync.Mutex
	services map[string]*Checker
}

type Checker struct {
	mu       sync.Mutex
	reg      *Registry
	name     string
	lastSeen time.Time
	healthy  bool
}

func New() *Registry {
	return &Registry{services: make(map[string]*Checker)}
}

// Register adds a service, or renews the one registered under name.
func (r *Registry) Register(name string) *Checker {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.services[name]
	if !ok {
		c = &Checker{reg: r, name: name}
		r.services[name] = c
	}
	c.touch()
	return c
}

func (c *Checker) touch() {
	c.mu.Lock()
	c.lastSeen = time.Now()
	c.mu.Unlock()
}

// Report records a health check, from the checker's own goroutine; a
// service that fails is dropped from the registry.
func (c *Checker) Report(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.healthy = ok
	c.lastSeen = time.Now()
	if !ok {
		c.reg.remove(c.name)
	}
}

func (r *Registry) remove(name string) {
	r.mu.Lock()
	delete(r.services, name)
	r.mu.Unlock()
}

// Healthy lists the healthy services.
func (r *Registry) Healthy() []string {
	r.mu.Lock()
	checkers := make([]*Checker, 0, len(r.services))
	for _, c := range r.services {
		checkers = append(checkers, c)
	}
	r.mu.Unlock()
	var out []string
	for _, c := range checkers {
		c.mu.Lock()
		if c.healthy {
			out = append(out, c.name)
		}
		c.mu.Unlock()
	}
	return out
}

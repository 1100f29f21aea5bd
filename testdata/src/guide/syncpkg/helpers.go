// Package syncpkg holds the "sync Package" section of the concurrency guide:
// Mutex, RWMutex, WaitGroup, Once, Pool, Map and Cond used correctly, the
// WaitGroup idioms wgadd must accept, and (in bugs.go) the misuses the lock
// and WaitGroup checks report.
package syncpkg

// Item is a unit of work.
type Item struct{ ID int }

// Config is what GetConfig loads once.
type Config struct{ Name string }

func process(it Item) { _ = it.ID }

func loadConfig() *Config { return &Config{Name: "default"} }

// Package workers holds the "Worker Pools" section of the concurrency
// guide: the fixed worker pool and the worker pool with context, their
// errgroup and WaitGroup.Go forms, and (in bugs.go) the pool's closing
// mistakes.
package workers

// Job is a unit of work.
type Job struct{ ID int }

// Result is what a worker produces for a Job.
type Result struct {
	JobID int
	Value int
}

func process(job Job) Result { return Result{JobID: job.ID, Value: job.ID * job.ID} }

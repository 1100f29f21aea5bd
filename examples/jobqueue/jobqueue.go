// Package jobqueue hands jobs to a pool of workers.
package jobqueue

import "sync"

// Queue is a job queue that workers wait on.
type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []func()
	closed bool
}

// New returns an empty queue.
func New() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Push adds a job and wakes one worker.
func (q *Queue) Push(job func()) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	q.cond.Signal()
}

// Close wakes every worker; Next then reports false once the queue is empty.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Next waits for a job. With several workers, another one can take the job
// between the Signal and this worker's wakeup: the queue is empty again, and
// Next reports a closed queue that is not closed.
func (q *Queue) Next() (func(), bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return nil, false
	}
	job := q.jobs[0]
	q.jobs = q.jobs[1:]
	return job, true
}

// Work runs jobs until the queue is closed.
func Work(q *Queue) {
	for {
		job, ok := q.Next()
		if !ok {
			return
		}
		job()
	}
}

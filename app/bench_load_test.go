package app

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// sender sends one interaction and reports what came back.
type sender func(context.Context, interaction) outcome

// atRate sends n interactions, the i-th built by next(i), at a fixed rate (open loop: a slow
// answer never delays the next send), and passes each outcome to observe. It returns the
// wall time from the first send to the last answer.
func atRate(ctx context.Context, n int, perSecond float64, next func(int) interaction, send sender, observe func(int, outcome)) time.Duration {
	interval := time.Duration(float64(time.Second) / perSecond)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		in := next(i)
		wg.Go(func() { observe(i, send(ctx, in)) })
	}
	wg.Wait()
	return time.Since(start)
}

// fullSpeed sends n interactions from workers concurrent senders, each sending its next one
// as soon as the previous one was answered (closed loop).
func fullSpeed(ctx context.Context, n, workers int, next func(int) interaction, send sender, observe func(int, outcome)) time.Duration {
	var counter atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for {
				i := int(counter.Add(1)) - 1
				if i >= n {
					return
				}
				observe(i, send(ctx, next(i)))
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// runStats summarises one load run.
type runStats struct {
	n, errors, deferred int
	firstErr            error
	elapsed             time.Duration
	latency             []time.Duration // first-response latency, sorted
	quickroll           []time.Duration // first-response latency of /quickroll only, sorted
	overhead            []time.Duration // latency minus attributed upstream time, sorted
	maxLatency          time.Duration
	upstreamCalls       int    // API requests during the run
	loadAvg             string // the machine's load average when the run ended
}

// collector gathers outcomes concurrently into preallocated slices.
type collector struct {
	mu    sync.Mutex
	stats runStats
	// upstream, when set, gives the upstream time of an interaction (bot overhead); it is
	// asked once the run is over, when every upstream call has been logged.
	upstream func(id string) time.Duration
	answered []outcome // kept for the overhead when upstream is set
}

func newCollector(n int, upstream func(string) time.Duration) *collector {
	c := &collector{upstream: upstream}
	c.stats.latency = make([]time.Duration, 0, n)
	c.stats.quickroll = make([]time.Duration, 0, n)
	if upstream != nil {
		c.stats.overhead = make([]time.Duration, 0, n)
		c.answered = make([]outcome, 0, n)
	}
	return c
}

// observe records one outcome (safe for concurrent use).
func (c *collector) observe(_ int, o outcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &c.stats
	s.n++
	if o.err != nil {
		s.errors++
		if s.firstErr == nil {
			s.firstErr = o.err
		}
		return
	}
	if o.typ == 5 || o.typ == 6 {
		s.deferred++
	}
	s.latency = append(s.latency, o.latency)
	s.maxLatency = max(s.maxLatency, o.latency)
	if o.kind == "quickroll" {
		s.quickroll = append(s.quickroll, o.latency)
	}
	if c.upstream != nil {
		c.answered = append(c.answered, o)
	}
}

// done sorts the samples and returns the summary.
func (c *collector) done(elapsed time.Duration) runStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.elapsed = elapsed
	for _, o := range c.answered {
		s.overhead = append(s.overhead, max(o.latency-c.upstream(o.id), 0))
	}
	slices.Sort(s.latency)
	slices.Sort(s.quickroll)
	slices.Sort(s.overhead)
	return s
}

// throughput is answered interactions per second.
func (s runStats) throughput() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(s.n-s.errors) / s.elapsed.Seconds()
}

// pct is the q-quantile (0..1, nearest rank) of sorted samples; 0 when there are none.
func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

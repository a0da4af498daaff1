package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// failLogEvery rate-limits the "redis unavailable" log line.
	failLogEvery = 10 * time.Second
	// maxPending bounds the invalidations and de-duplication marks remembered during an
	// outage. Past it, every cache key is dropped when Redis returns.
	maxPending = 10000
)

// health tracks Redis availability for the cache: after a failure, lookups skip Redis
// for RetryAfter and then probe it again. Invalidations that could not be applied are
// remembered and replayed in the background (the Store's maintenance goroutine) once
// Redis answers; until then lookups go to the API, so a write made during an outage is
// never served stale afterwards, and no request waits for the replay.
type health struct {
	downUntil  atomic.Int64 // Now().UnixNano() before which lookups skip Redis
	down       atomic.Bool  // failed and has not answered since (for the recovery log line)
	hasPending atomic.Bool

	replayMu sync.Mutex // one replay at a time

	mu         sync.Mutex
	lastLog    time.Time
	suppressed int
	seq        uint64
	dels       map[string]uint64    // cache keys to delete, with the order they were queued
	dedups     map[string]time.Time // de-duplication keys to set, with when they were first seen
	wipe       uint64               // > 0: the pending set overflowed; drop every cache key
}

func (h *health) init() {
	h.dels = make(map[string]uint64)
	h.dedups = make(map[string]time.Time)
}

// usable reports whether cache operations may try Redis now.
func (s *Store) usable() bool {
	return s.opts.Now().UnixNano() >= s.health.downUntil.Load()
}

// ready reports whether a cache operation op may use Redis: it is not backing off after a
// failure, and nothing queued during an outage is waiting to be replayed. When something
// is, it asks the maintenance goroutine to replay it and the operation goes to the API
// meanwhile: the replay (a pipeline of deletions, or after an overflow a SCAN of the whole
// cache) never runs inside a request. A skipped operation is reported as a fail-open event
// unless op is "" (already reported).
func (s *Store) ready(_ context.Context, op string) bool {
	if !s.usable() {
		if op != "" {
			s.obs.FailOpen(op)
		}
		return false
	}
	if s.health.hasPending.Load() {
		s.kickReplay()
		if op != "" {
			s.obs.FailOpen(op)
		}
		return false
	}
	return true
}

// failed records that Redis operation op failed with err: lookups skip Redis for a while
// and go to the API. A caller that gave up (its own context is done) is not Redis' fault.
func (s *Store) failed(ctx context.Context, op string, err error) {
	if ctx.Err() != nil {
		return
	}
	s.obs.CacheError(op, err)
	s.obs.FailOpen(op)
	now := s.opts.Now()
	s.health.downUntil.Store(now.Add(s.opts.RetryAfter).UnixNano())
	s.health.down.Store(true)

	h := &s.health
	h.mu.Lock()
	if !h.lastLog.IsZero() && now.Sub(h.lastLog) < failLogEvery {
		h.suppressed++
		h.mu.Unlock()
		return
	}
	n := h.suppressed
	h.suppressed, h.lastLog = 0, now
	h.mu.Unlock()
	s.log.Warn("redis unavailable: lookups go to the API", "op", op, "error", err, "suppressed", n)
}

// succeeded notes that Redis answered, logging the recovery once.
func (s *Store) succeeded() {
	if s.health.down.Load() && s.health.down.CompareAndSwap(true, false) {
		s.log.Info("redis answers again: caching resumed")
	}
}

// queueDeletes remembers cache keys whose invalidation failed.
func (s *Store) queueDeletes(keys ...string) {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range keys {
		h.seq++
		if _, ok := h.dels[k]; !ok && len(h.dels) >= maxPending {
			h.wipe = h.seq
			continue
		}
		h.dels[k] = h.seq
	}
	h.hasPending.Store(true)
}

// queueDedup remembers a de-duplication mark taken in process while Redis was down, so
// other replicas see it once Redis returns.
func (s *Store) queueDedup(key string, seen time.Time) {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.dedups) < maxPending {
		h.dedups[key] = seen
	}
	h.hasPending.Store(true)
}

// queueWipe asks for every cache key to be dropped (the pending set overflowed, or a
// process stopped with invalidations it could not apply: see heartbeat).
func (s *Store) queueWipe() {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	h.wipe = h.seq
	h.hasPending.Store(true)
}

// replay applies what was queued during an outage; concurrent calls wait for each other.
func (s *Store) replay(ctx context.Context) error {
	h := &s.health
	h.replayMu.Lock()
	defer h.replayMu.Unlock()
	if s.opts.replayHook != nil {
		s.opts.replayHook()
	}
	if !h.hasPending.Load() {
		return nil // replayed while we waited
	}
	h.mu.Lock()
	dels := make(map[string]uint64, len(h.dels))
	for k, v := range h.dels {
		dels[k] = v
	}
	dedups := make(map[string]time.Time, len(h.dedups))
	for k, v := range h.dedups {
		dedups[k] = v
	}
	wipe := h.wipe
	h.mu.Unlock()

	if err := s.applyPending(ctx, dels, dedups); err != nil {
		return err
	}
	if wipe > 0 {
		if err := s.wipeCache(ctx); err != nil {
			return err
		}
	}

	h.mu.Lock()
	for k, v := range dels {
		if h.dels[k] == v {
			delete(h.dels, k)
		}
	}
	for k, v := range dedups {
		if h.dedups[k].Equal(v) {
			delete(h.dedups, k)
		}
	}
	if h.wipe == wipe {
		h.wipe = 0
	}
	h.hasPending.Store(len(h.dels) > 0 || len(h.dedups) > 0 || h.wipe > 0)
	h.mu.Unlock()
	s.succeeded()
	s.log.Info("replayed cache invalidations queued while redis was unavailable", "keys", len(dels), "dedup", len(dedups), "wiped", wipe > 0)
	return nil
}

func (s *Store) applyPending(ctx context.Context, dels map[string]uint64, dedups map[string]time.Time) error {
	if len(dels) == 0 && len(dedups) == 0 {
		return nil
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	now := s.opts.Now()
	_, err := s.rdb.Pipelined(octx, func(p redis.Pipeliner) error {
		keys := make([]string, 0, len(dels))
		for k := range dels {
			p.Del(octx, k)
			keys = append(keys, k)
		}
		if len(keys) > 0 {
			s.publishL1(octx, p, keys...)
		}
		for k, seen := range dedups {
			if left := dedupTTL - now.Sub(seen); left > 0 {
				p.SetNX(octx, k, "1", left)
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("replay invalidations: %w", err)
	}
	return nil
}

// wipeCache deletes every cache key of this prefix (state keys are kept).
func (s *Store) wipeCache(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.LoadTimeout)
	defer cancel()
	match := s.cacheKey("*")
	wipe := func(ctx context.Context, c redis.Cmdable) error {
		iter := c.Scan(ctx, 0, match, 500).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	var err error
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return wipe(ctx, c) })
	} else {
		err = wipe(ctx, s.rdb)
	}
	if err != nil {
		return fmt.Errorf("drop cache after outage: %w", err)
	}
	s.l1.clear()
	if s.l1.ttl > 0 {
		_ = s.rdb.Publish(ctx, s.l1Channel(), l1Wipe).Err() // lost: the other l1s expire within L1TTL
	}
	return nil
}

// invalidate deletes cache keys now, or remembers them for when Redis answers again.
// Either way, loads already in flight will not store what they read.
func (s *Store) invalidate(ctx context.Context, op string, keys ...string) {
	s.forgetLoads(keys...)
	if !s.usable() {
		s.queueDeletes(keys...)
		return
	}
	ctx = context.WithoutCancel(ctx) // the write it follows has happened: finish the job
	octx, cancel := s.opContext(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(octx, func(p redis.Pipeliner) error {
		for _, k := range keys { // one DEL per key: keys may live in different cluster slots
			p.Del(octx, k)
		}
		s.publishL1(octx, p, keys...)
		return nil
	})
	if err != nil {
		s.queueDeletes(keys...)
		s.failed(ctx, op, err)
		return
	}
	s.l1.drop(keys...) // a read that raced with the deletion may have kept the old value
	s.succeeded()
}

// forgetLoads makes loads in flight for keys irrelevant: they will not store what they
// read (it may predate a write), and later callers start a new load instead of waiting
// for theirs.
func (s *Store) forgetLoads(keys ...string) {
	s.epoch.Add(1)
	s.l1.drop(keys...)
	for _, k := range keys {
		s.flights.Forget(k)
	}
}

package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// webhookShards bounds the bucket keys of interaction callbacks and webhook
// calls: tokens are spread over this many shards instead of one bucket each.
const webhookShards = 16

// maxBuckets bounds the rate-limit state kept at any time.
const maxBuckets = 256

// limiter remembers only "blocked until" per bucket key, learned from Discord's
// headers and 429s. Its lock is held for map access only, never across a request.
type limiter struct {
	mu     sync.Mutex
	until  map[string]time.Time
	global time.Time
	now    func() time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{until: make(map[string]time.Time), now: now}
}

// tokenShard maps an interaction token to one of webhookShards bucket keys.
func tokenShard(kind, token string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(token))
	return kind + "#" + strconv.Itoa(int(h.Sum32()%webhookShards))
}

// delay is how long a request on key must wait now.
func (l *limiter) delay(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	until := l.global
	if t, ok := l.until[key]; ok {
		if !t.After(now) {
			delete(l.until, key)
		} else if t.After(until) {
			until = t
		}
	}
	return max(until.Sub(now), 0)
}

// wait blocks until key is free or ctx ends; it fails at once when key stays
// blocked past ctx's deadline, instead of holding the caller until then.
func (l *limiter) wait(ctx context.Context, key string) error {
	for {
		d := l.delay(key)
		if d <= 0 {
			return nil
		}
		if !fits(ctx, d) {
			return fmt.Errorf("rate limited on %s for %v, past the call's deadline: %w", key, d.Round(time.Millisecond), context.DeadlineExceeded)
		}
		if err := sleepCtx(ctx, d); err != nil {
			return fmt.Errorf("wait for rate limit on %s: %w", key, err)
		}
	}
}

// fits reports whether waiting d still leaves ctx time to make the call.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// block records that key is blocked for d from now.
func (l *limiter) block(key string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	until := now.Add(d)
	if t, ok := l.until[key]; ok && t.After(until) {
		return
	}
	if _, ok := l.until[key]; !ok && len(l.until) >= maxBuckets {
		l.evict(now)
	}
	l.until[key] = until
}

// evict makes room by dropping expired entries among a few it looks at, or
// else one arbitrary entry: forgetting a block costs at most an extra 429.
func (l *limiter) evict(now time.Time) {
	const look = 16
	seen, dropped := 0, false
	var victim string
	for k, t := range l.until {
		if !t.After(now) {
			delete(l.until, k)
			dropped = true
		} else if victim == "" {
			victim = k
		}
		if seen++; seen >= look {
			break
		}
	}
	if !dropped {
		delete(l.until, victim)
	}
}

func (l *limiter) blockGlobal(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.now().Add(d); until.After(l.global) {
		l.global = until
	}
}

func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.until)
}

// learn blocks key when Discord says its bucket is exhausted.
func (l *limiter) learn(key string, h http.Header) {
	if h.Get("X-RateLimit-Remaining") != "0" {
		return
	}
	if secs, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64); err == nil && secs > 0 {
		l.block(key, seconds(secs))
	}
}

func seconds(s float64) time.Duration {
	const maxWait = 60 * time.Second
	d := time.Duration(s * float64(time.Second))
	return min(d, maxWait)
}

package vclient

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limiter is a client-side token bucket sized from the last RateLimit-Policy the API sent, so
// the client waits before sending instead of collecting 429s. It does nothing until a policy
// has been seen.
type limiter struct {
	mu       sync.Mutex
	now      func() time.Time
	maxWait  time.Duration // longest wait for a token (WithMaxRateLimitWait); 0 = no cap
	capacity float64
	rate     float64 // tokens per second
	tokens   float64
	last     time.Time
}

func newLimiter(now func() time.Time) *limiter { return &limiter{now: now} }

// wait takes one token, first sleeping until one is available. It fails with ErrRateLimited,
// without sleeping, when the token is further away than maxWait or the context's deadline.
func (l *limiter) wait(ctx context.Context, sleep func(context.Context, time.Duration) error) error {
	l.mu.Lock()
	if l.rate <= 0 {
		l.mu.Unlock()
		return nil
	}
	l.refill()
	l.tokens--
	var d time.Duration
	if l.tokens < 0 {
		d = time.Duration(math.Ceil(-l.tokens / l.rate * float64(time.Second)))
	}
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	// A wait the caller could not afford fails at once, like a 429 would: sleeping first
	// would only hold the call (and its token) past the point where it is useful.
	if l.maxWait > 0 && d > l.maxWait {
		l.giveBack()
		return fmt.Errorf("client-side rate limit: next token in %s, longer than the %s cap: %w",
			d, l.maxWait, ErrRateLimited)
	}
	if deadline, ok := ctx.Deadline(); ok && l.now().Add(d).After(deadline) {
		l.giveBack()
		return fmt.Errorf("client-side rate limit: next token in %s is past the deadline: %w: %w",
			d, ErrRateLimited, context.DeadlineExceeded)
	}
	if err := sleep(ctx, d); err != nil {
		l.giveBack()
		return err
	}
	return nil
}

func (l *limiter) giveBack() {
	l.mu.Lock()
	l.tokens++
	l.mu.Unlock()
}

// refill adds the tokens earned since the last call; l.mu must be held.
func (l *limiter) refill() {
	now := l.now()
	if !l.last.IsZero() {
		l.tokens = min(l.capacity, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	l.last = now
}

// observe updates the bucket from a response's RateLimit-Policy and RateLimit headers.
// With several policies the most restrictive one (lowest refill rate) sizes the bucket.
func (l *limiter) observe(h http.Header) {
	if h == nil {
		return
	}
	policy := h.Get("RateLimit-Policy")
	if policy == "" {
		return
	}
	capacity, rate := 0.0, 0.0
	for _, p := range strings.Split(policy, ",") {
		q, okQ := headerParam(p, "q")
		w, okW := headerParam(p, "w")
		if !okQ || !okW || w <= 0 {
			continue
		}
		if r := q / w; rate == 0 || r < rate {
			capacity, rate = q, r
		}
	}
	if rate <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fresh := l.rate == 0
	l.refill()
	l.capacity, l.rate = capacity, rate
	if remaining, ok := minParam(h.Get("RateLimit"), "r"); ok {
		l.tokens = min(remaining, capacity)
	} else if fresh {
		l.tokens = capacity
	}
}

// rateLimitWait is how long a 429 asks the client to wait: RateLimit's t=, else the body's
// retry_after, else a Retry-After header (seconds). Zero when none is given.
func rateLimitWait(h http.Header, body []byte) time.Duration {
	if t, ok := maxParam(h.Get("RateLimit"), "t"); ok && t > 0 {
		return time.Duration(t * float64(time.Second))
	}
	var p struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &p) == nil && p.RetryAfter != nil && *p.RetryAfter > 0 {
		return time.Duration(*p.RetryAfter * float64(time.Second))
	}
	if s, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After")), 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	return 0
}

// headerParam reads ";name=value" from one structured-field list member like `"default";q=50;w=60`.
func headerParam(member, name string) (float64, bool) {
	for _, part := range strings.Split(member, ";")[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && k == name {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

func minParam(header, name string) (float64, bool) { return foldParam(header, name, math.Min) }
func maxParam(header, name string) (float64, bool) { return foldParam(header, name, math.Max) }

func foldParam(header, name string, fold func(a, b float64) float64) (float64, bool) {
	res, found := 0.0, false
	for _, m := range strings.Split(header, ",") {
		if v, ok := headerParam(m, name); ok {
			if !found {
				res = v
			}
			res, found = fold(res, v), true
		}
	}
	return res, found
}

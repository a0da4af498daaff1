package vclienttest

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// limiter is the server's token bucket (one policy, named "default").
type limiter struct {
	name     string // "" = "default"
	capacity int
	refill   float64 // tokens per second
	tokens   float64
	last     time.Time
}

// take refills the bucket up to now and takes a token if there is one. It
// returns whether the request may go ahead and the seconds until a token is
// available again.
func (l *limiter) take(now time.Time) (ok bool, wait float64) {
	if !l.last.IsZero() && l.refill > 0 {
		l.tokens = math.Min(float64(l.capacity), l.tokens+now.Sub(l.last).Seconds()*l.refill)
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		ok = true
	}
	if l.tokens < 1 {
		wait = 3600 // a bucket that never refills: say "an hour"
		if l.refill > 0 {
			wait = (1 - l.tokens) / l.refill
		}
	}
	return ok, wait
}

func (l *limiter) policyName() string {
	if l.name == "" {
		return "default"
	}
	return l.name
}

// headers sets (or, with add, appends to) the RateLimit headers; several
// buckets' values are joined by ", " as on the real server.
func (l *limiter) headers(h http.Header, wait float64, add bool) {
	window := 0.0
	if l.refill > 0 {
		window = math.Ceil(float64(l.capacity) / l.refill)
	}
	policy := fmt.Sprintf(`"%s";q=%d;w=%d`, l.policyName(), l.capacity, int64(window))
	left := math.Floor(l.tokens)
	if left < 0 {
		left = 0
	}
	t := 0.0
	if left < 1 {
		t = math.Ceil(wait)
	}
	limit := fmt.Sprintf(`"%s";r=%d;t=%d`, l.policyName(), int64(left), int64(t))
	if add && h.Get("RateLimit") != "" {
		policy, limit = h.Get("RateLimit-Policy")+", "+policy, h.Get("RateLimit")+", "+limit
	}
	h.Set("RateLimit-Policy", policy)
	h.Set("RateLimit", limit)
}

// routePolicies are v2's per-route buckets (contract v2 §2.6): capacity and
// refill per second.
var routePolicies = map[string]struct {
	capacity int
	refill   float64
}{
	"user_registration": {30, 1.0 / 60},
	"asset_upload":      {50, 1.0 / 12},
}

// routeLimiter is the per-route bucket of a v2 route, created on first use.
func (e *Emulator) routeLimiter(name string) *limiter {
	if l := e.routeLimiters[name]; l != nil {
		return l
	}
	p := routePolicies[name]
	l := &limiter{name: name, capacity: p.capacity, refill: p.refill, tokens: float64(p.capacity)}
	if e.routeLimiters == nil {
		e.routeLimiters = map[string]*limiter{}
	}
	e.routeLimiters[name] = l
	return l
}

// allow applies the optional rate limit (contract §1.5): headers on every
// response, a 429 problem with a float retry_after and no Retry-After header.
// In v2 a route with its own policy also takes a token from that bucket
// (the global one is charged first, even when the route's then refuses);
// a 429 carries only the refusing bucket's headers.
func (e *Emulator) allow(w *recorder, r *http.Request, m routeMatch) bool {
	if e.limiter == nil || r.Header.Get("X-Testing-Ignore-Rate-Limit") == "true" {
		return true
	}
	e.mu.Lock()
	now := e.now()
	ok, wait := e.limiter.take(now)
	e.limiter.headers(w.header, wait, false)
	if ok && e.v2() && m.def != nil && m.def.policy != "" {
		l := e.routeLimiter(m.def.policy)
		var rok bool
		rok, wait = l.take(now)
		l.headers(w.header, wait, rok)
		ok = rok
	}
	e.mu.Unlock()
	if !ok {
		retry := ceil2(wait)
		writeProblem(w, r, &problem{Status: http.StatusTooManyRequests, Detail: "You are being rate limited.", RetryAfter: &retry})
	}
	return ok
}

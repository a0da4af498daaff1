package vclienttest

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// limiter is the server's token bucket (one policy, named "default").
type limiter struct {
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

func (l *limiter) headers(h http.Header, wait float64) {
	window := 0.0
	if l.refill > 0 {
		window = math.Ceil(float64(l.capacity) / l.refill)
	}
	h.Set("RateLimit-Policy", fmt.Sprintf(`"default";q=%d;w=%d`, l.capacity, int64(window)))
	left := math.Floor(l.tokens)
	if left < 0 {
		left = 0
	}
	t := 0.0
	if left < 1 {
		t = math.Ceil(wait)
	}
	h.Set("RateLimit", fmt.Sprintf(`"default";r=%d;t=%d`, int64(left), int64(t)))
}

// allow applies the optional rate limit (contract §1.5): headers on every
// response, a 429 problem with a float retry_after and no Retry-After header.
func (e *Emulator) allow(w *recorder, r *http.Request) bool {
	if e.limiter == nil || r.Header.Get("X-Testing-Ignore-Rate-Limit") == "true" {
		return true
	}
	e.mu.Lock()
	ok, wait := e.limiter.take(e.now())
	e.limiter.headers(w.header, wait)
	e.mu.Unlock()
	if !ok {
		retry := ceil2(wait)
		writeProblem(w, r, &problem{Status: http.StatusTooManyRequests, Detail: "You are being rate limited.", RetryAfter: &retry})
	}
	return ok
}

package vclient

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimiterWaitsWhenTheBucketIsEmpty(t *testing.T) {
	clk := &waits{clk: time.Unix(1000, 0)}
	l := newLimiter(clk.now)
	require.NoError(t, l.wait(t.Context(), clk.sleep), "no policy seen: no limit")
	l.observe(http.Header{"Ratelimit-Policy": {`"burst";q=2;w=4`}, "Ratelimit": {`"burst";r=2;t=0`}})
	require.NoError(t, l.wait(t.Context(), clk.sleep))
	require.NoError(t, l.wait(t.Context(), clk.sleep))
	assert.Empty(t, clk.all(), "two tokens")
	require.NoError(t, l.wait(t.Context(), clk.sleep))
	assert.Equal(t, []time.Duration{2 * time.Second}, clk.all(), "refill is 0.5/s")
}

func TestLimiterUsesTheMostRestrictivePolicy(t *testing.T) {
	l := newLimiter(time.Now)
	l.observe(http.Header{
		"Ratelimit-Policy": {`"hourly";q=1000;w=3704, "burst";q=30;w=60`},
		"Ratelimit":        {`"hourly";r=900;t=0, "burst";r=3;t=0`},
	})
	assert.InDelta(t, 1000.0/3704, l.rate, 1e-9)
	assert.InDelta(t, 1000, l.capacity, 1e-9)
	assert.InDelta(t, 3, l.tokens, 1e-6, "remaining: the lowest r")
	l.observe(http.Header{"Ratelimit-Policy": {`garbage`}})
	assert.InDelta(t, 1000.0/3704, l.rate, 1e-9, "unparsable policies are ignored")
	l.observe(nil)
}

func TestLimiterGivesUpBeforeTheDeadline(t *testing.T) {
	clk := &waits{clk: time.Now()}
	l := newLimiter(clk.now)
	l.observe(http.Header{"Ratelimit-Policy": {`"default";q=1;w=60`}, "Ratelimit": {`"default";r=0;t=60`}})
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	err := l.wait(ctx, clk.sleep)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Empty(t, clk.all())

	cctx, ccancel := context.WithCancel(t.Context())
	ccancel()
	assert.ErrorIs(t, l.wait(cctx, clk.sleep), context.Canceled)
}

func TestClientWaitsForTheBucketBeforeSending(t *testing.T) {
	c, mux, w := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		rw.Header().Set("RateLimit-Policy", `"default";q=50;w=60`)
		rw.Header().Set("RateLimit", `"default";r=0;t=2`)
		reply(rw, 200, `{"id":"u1"}`)
	})
	for range 2 {
		_, err := c.Users(coID).Get(t.Context(), userID)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(2), calls.Load())
	assert.Equal(t, []time.Duration{1200 * time.Millisecond}, w.all(), "one token per 1.2 s")
}

func TestRateLimitWaitSources(t *testing.T) {
	assert.Zero(t, rateLimitWait(http.Header{}, nil))
	assert.Equal(t, 4*time.Second, rateLimitWait(http.Header{"Ratelimit": {`"a";r=0;t=1, "b";r=0;t=4`}}, nil))
	assert.Equal(t, 500*time.Millisecond, rateLimitWait(http.Header{"Ratelimit": {`"a";r=0;t=0`}}, []byte(`{"retry_after":0.5}`)))
}

func TestLimiterNeverWaitsLongerThanTheCap(t *testing.T) {
	c, mux, w := setup(t, WithMaxRateLimitWait(3*time.Second))
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		rw.Header().Set("RateLimit-Policy", `"slow";q=1;w=10`) // one token per 10 s
		rw.Header().Set("RateLimit", `"slow";r=0;t=10`)
		reply(rw, 200, `{"id":"u1"}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)

	_, err = c.Users(coID).Get(t.Context(), userID)
	require.ErrorIs(t, err, ErrRateLimited, "the next token is 10 s away, past the 3 s cap")
	assert.ErrorContains(t, err, "longer than the 3s cap")
	assert.Equal(t, int32(1), calls.Load(), "nothing was sent")
	assert.Empty(t, w.all(), "nothing was slept")

	// The refused call gave its token back: once the clock reaches it, a call goes through.
	w.mu.Lock()
	w.clk = w.clk.Add(8 * time.Second)
	w.mu.Unlock()
	_, err = c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{2 * time.Second}, w.all())
	assert.Equal(t, int32(2), calls.Load())
}

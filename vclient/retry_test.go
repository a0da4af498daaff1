package vclient

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const xpAddPath = "POST /api/v1/companies/co1/users/u1/experience/xp/add"

const xpBody = `{"campaign_id":"camp1","xp_current":60,"xp_total":80,"cool_points":0}`

// loseResponse drops the connection without answering, as if the response were lost.
func loseResponse(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := http.NewResponseController(w).Hijack()
	require.NoError(t, err)
	require.NoError(t, conn.Close())
}

func TestRateLimitedCallWaitsThenSucceeds(t *testing.T) {
	tests := []struct {
		name     string
		header   http.Header
		body     string
		wantWait time.Duration
	}{
		{"RateLimit header only", http.Header{"RateLimit": {`"default";r=0;t=3`}, "RateLimit-Policy": {`"default";q=50;w=60`}},
			`{"status":429,"title":"Too Many Requests"}`, 3 * time.Second},
		{"body retry_after", nil, `{"status":429,"retry_after":1.67}`, 1670 * time.Millisecond},
		{"Retry-After header", http.Header{"Retry-After": {"2"}}, `{"status":429}`, 2 * time.Second},
		{"capped", http.Header{"RateLimit": {`"default";r=0;t=3600`}}, `{"status":429}`, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, w := setup(t, WithMaxRateLimitWait(time.Minute))
			var calls atomic.Int32
			mux.HandleFunc(xpAddPath, func(rw http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					for k, v := range tt.header {
						rw.Header()[k] = v
					}
					problemReply(rw, 429, tt.body)
					return
				}
				reply(rw, 201, xpBody)
			})
			xp, err := c.OnBehalfOf("st1").Users(coID).AddXP(t.Context(), userID, "camp1", 20)
			require.NoError(t, err)
			assert.Equal(t, 60, xp.XPCurrent)
			assert.Equal(t, int32(2), calls.Load())
			assert.Equal(t, []time.Duration{tt.wantWait}, w.all())
		})
	}
}

func TestRateLimitWaitPastDeadlineFailsAtOnce(t *testing.T) {
	c, mux, w := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		rw.Header().Set("RateLimit", `"default";r=0;t=30`)
		problemReply(rw, 429, `{"status":429,"title":"Too Many Requests","detail":"You are being rate limited."}`)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := c.Users(coID).Get(ctx, userID)
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, int32(1), calls.Load())
	assert.Empty(t, w.all())
}

func TestServerErrorRetryPolicy(t *testing.T) {
	tests := []struct {
		name      string
		opts      []Option
		ctxKey    string
		route     string
		call      func(c *Client, ctx context.Context) error
		wantCalls int32
		wantErr   error
	}{
		{
			name: "GET is retried", route: "GET /api/v1/companies/co1/users/u1",
			call: func(c *Client, ctx context.Context) error {
				_, err := c.Users(coID).Get(ctx, userID)
				return err
			},
			wantCalls: 2,
		},
		{
			name: "POST with an automatic key is retried", route: xpAddPath,
			call: func(c *Client, ctx context.Context) error {
				_, err := c.OnBehalfOf("st1").Users(coID).AddXP(ctx, userID, "camp1", 5)
				return err
			},
			wantCalls: 2,
		},
		{
			name: "POST without a key is not retried", route: xpAddPath, opts: []Option{WithIdempotency(false)},
			call: func(c *Client, ctx context.Context) error {
				_, err := c.OnBehalfOf("st1").Users(coID).AddXP(ctx, userID, "camp1", 5)
				return err
			},
			wantCalls: 1, wantErr: ErrServer,
		},
		{
			name: "POST with a caller key is retried even with automatic keys off", route: xpAddPath,
			opts: []Option{WithIdempotency(false)}, ctxKey: "noirbot-1-xp",
			call: func(c *Client, ctx context.Context) error {
				_, err := c.OnBehalfOf("st1").Users(coID).AddXP(ctx, userID, "camp1", 5)
				return err
			},
			wantCalls: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, w := setup(t, tt.opts...)
			var calls atomic.Int32
			var keys []string
			mux.HandleFunc(tt.route, func(rw http.ResponseWriter, r *http.Request) {
				keys = append(keys, r.Header.Get("Idempotency-Key"))
				if calls.Add(1) == 1 {
					problemReply(rw, 503, `{"status":503,"title":"Service Unavailable"}`)
					return
				}
				reply(rw, 201, xpBody)
			})
			ctx := t.Context()
			if tt.ctxKey != "" {
				ctx = WithIdempotencyKey(ctx, tt.ctxKey)
			}
			err := tt.call(c, ctx)
			assert.Equal(t, tt.wantCalls, calls.Load())
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				assert.Empty(t, w.all(), "no wait when not retrying")
				return
			}
			require.NoError(t, err)
			assert.Len(t, w.all(), 1, "one backoff")
			if tt.ctxKey != "" {
				assert.Equal(t, []string{tt.ctxKey, tt.ctxKey}, keys)
			}
		})
	}
}

func TestLostResponseIsRetriedAtOnceWithTheSameKey(t *testing.T) {
	c, mux, w := setup(t)
	var keys, bodies []string
	mux.HandleFunc(xpAddPath, func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		keys, bodies = append(keys, r.Header.Get("Idempotency-Key")), append(bodies, string(b))
		if len(keys) == 1 {
			loseResponse(t, rw)
			return
		}
		reply(rw, 201, xpBody)
	})
	xp, err := c.OnBehalfOf("st1").Users(coID).AddXP(t.Context(), userID, "camp1", 20)
	require.NoError(t, err)
	assert.Equal(t, 80, xp.XPTotal)
	require.Len(t, keys, 2)
	assert.NotEmpty(t, keys[0])
	assert.Equal(t, keys[0], keys[1])
	assert.Equal(t, bodies[0], bodies[1])
	assert.Empty(t, w.all(), "a connection reset is retried at once")
}

func TestTimedOutWriteWaitsATimeoutBeforeRetrying(t *testing.T) {
	c, mux, w := setup(t, WithTimeout(50*time.Millisecond))
	var calls atomic.Int32
	mux.HandleFunc(xpAddPath, func(rw http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // the connection is watched only once the body is read
		if calls.Add(1) == 1 {
			select {
			case <-r.Context().Done(): // the client gives up first
			case <-time.After(5 * time.Second):
			}
			return
		}
		reply(rw, 201, xpBody)
	})
	_, err := c.OnBehalfOf("st1").Users(coID).AddXP(t.Context(), userID, "camp1", 20)
	require.NoError(t, err)
	assert.Equal(t, int32(2), calls.Load())
	assert.Equal(t, []time.Duration{50 * time.Millisecond}, w.all())
}

func TestDeadlineStopsRetries(t *testing.T) {
	t.Run("backoff past the deadline", func(t *testing.T) {
		c, mux, w := setup(t, WithBackoff(10*time.Second, 10*time.Second))
		c.jitter = func(n int64) int64 { return n - 1 }
		var calls atomic.Int32
		mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			problemReply(rw, 503, `{"status":503}`)
		})
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err := c.Users(coID).Get(ctx, userID)
		assert.ErrorIs(t, err, ErrServer)
		assert.Equal(t, int32(1), calls.Load())
		assert.Empty(t, w.all())
	})
	t.Run("context cancelled during a call", func(t *testing.T) {
		c, mux, _ := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		var calls atomic.Int32
		mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			cancel()
			problemReply(rw, 503, `{"status":503}`)
		})
		_, err := c.Users(coID).Get(ctx, userID)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, int32(1), calls.Load())
	})
}

func TestRetriesRunOut(t *testing.T) {
	c, mux, w := setup(t, WithMaxRetries(2))
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		problemReply(rw, 502, `{"status":502}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(3), calls.Load())
	assert.Len(t, w.all(), 2)
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	c, mux, _ := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(rw http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		problemReply(rw, 404, `{"status":404,"title":"Not Found","detail":"User not found"}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, int32(1), calls.Load())
}

func TestDeleteAnswered404AfterAFailedAttemptSucceeds(t *testing.T) {
	c, mux, _ := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("DELETE /api/v1/companies/co1/users/u1/notes/n1", func(rw http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			problemReply(rw, 500, `{"status":500}`) // applied, then failed
			return
		}
		problemReply(rw, 404, `{"status":404,"detail":"Note not found"}`)
	})
	require.NoError(t, c.Users(coID).DeleteNote(t.Context(), userID, "n1"))
	assert.Equal(t, int32(2), calls.Load())
}

func TestNetworkErrorsAreRetriedWithBackoff(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens any more
	c, err := New(srv.URL, testKey, WithBackoff(time.Millisecond, 4*time.Millisecond))
	require.NoError(t, err)
	w := &waits{clk: time.Now()}
	c.sleep, c.now = w.sleep, w.now
	var events []RequestEvent
	c.observer = func(ev RequestEvent) { events = append(events, ev) }
	_, err = c.Users(coID).Get(t.Context(), userID)
	require.Error(t, err)
	assert.Len(t, events, 4)
	assert.Len(t, w.all(), 3)
	for _, d := range w.all() {
		assert.Less(t, d, 4*time.Millisecond)
	}
}

func TestBackoffIsFullJitterWithinBounds(t *testing.T) {
	c, err := New("http://x.test", "k", WithBackoff(100*time.Millisecond, time.Second))
	require.NoError(t, err)
	c.jitter = func(n int64) int64 { return n - 1 }
	tests := []struct {
		attempt int
		want    time.Duration
	}{{1, 100 * time.Millisecond}, {2, 200 * time.Millisecond}, {4, 800 * time.Millisecond}, {5, time.Second}, {30, time.Second}}
	for _, tt := range tests {
		assert.Equal(t, tt.want-1, c.backoff(tt.attempt), "attempt %d", tt.attempt)
	}
	c.backoffBase = 0
	assert.Zero(t, c.backoff(1))
}

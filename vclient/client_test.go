package vclient

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey = "test-key"
	coID    = "co1"
	userID  = "u1"
)

// waits records how long the client asked to wait, instead of waiting, and moves a fake clock
// forward by that much.
type waits struct {
	mu  sync.Mutex
	d   []time.Duration
	clk time.Time
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.clk = w.clk.Add(d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.clk
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// setup starts a test server and a v1 client for it (pass WithAPIVersion(APIv2), or use
// setupV2, for the other dialect). Waits are recorded, not slept through.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux, *waits) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	opts = append([]Option{WithAPIVersion(APIv1), WithBackoff(time.Millisecond, 10*time.Millisecond)}, opts...)
	c, err := New(srv.URL, testKey, opts...)
	require.NoError(t, err)
	w := &waits{clk: time.Now()}
	c.sleep, c.now = w.sleep, w.now
	c.limiter.now = w.now
	return c, mux, w
}

// reply writes a JSON body with the status.
func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// problemReply writes a problem+json error.
func problemReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func assertJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(got))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

func assertQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	if want == nil {
		want = url.Values{}
	}
	assert.Equal(t, want, r.URL.Query())
}

func TestNew(t *testing.T) {
	tests := []struct {
		name, base, key, wantErr string
	}{
		{"accepts a host", "https://api.valentina-noir.com", "k", ""},
		{"accepts a trailing slash", "https://api.valentina-noir.com/", "k", ""},
		{"refuses a relative URL", "api.example", "k", "invalid base URL"},
		{"refuses an empty key", "https://api.valentina-noir.com", "", "API key is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.base, tt.key)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "https://api.valentina-noir.com/api/v1", c.baseURL)
		})
	}
}

func TestClientSendsStandardHeaders(t *testing.T) {
	c, mux, _ := setup(t, WithUserAgent("noirbot/1.2.3"))
	mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, testKey, r.Header.Get("X-API-KEY"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		assert.Equal(t, "noirbot/1.2.3", r.Header.Get("User-Agent"))
		assert.Empty(t, r.Header.Get("Idempotency-Key"), "GET carries no key")
		reply(w, 200, `{"status":"ok"}`)
	})
	require.NoError(t, c.Health(t.Context()))
}

func TestDefaultUserAgent(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "noirbot", r.Header.Get("User-Agent"))
		reply(w, 200, `{}`)
	})
	require.NoError(t, c.Health(t.Context()))
}

func TestOptionsApply(t *testing.T) {
	hc := &http.Client{}
	logger := slog.New(slog.DiscardHandler)
	c, err := New("http://x.test", "k", WithHTTPClient(hc), WithTimeout(time.Second), WithMaxRetries(-1),
		WithLogger(logger), WithIdempotency(false), WithMaxRateLimitWait(time.Minute))
	require.NoError(t, err)
	assert.Same(t, hc, c.httpClient)
	assert.Equal(t, time.Second, c.timeout)
	assert.Equal(t, 0, c.maxRetries)
	assert.Same(t, logger, c.logger)
	assert.False(t, c.idempotency)
	assert.Equal(t, time.Minute, c.maxRLWait)
}

func TestObserverSeesEveryAttempt(t *testing.T) {
	var events []RequestEvent
	c, mux, _ := setup(t, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
	calls := 0
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			problemReply(w, 503, `{"status":503,"title":"Service Unavailable"}`)
			return
		}
		reply(w, 200, `{"id":"u1"}`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, "GET", events[0].Method)
	assert.Equal(t, "GET /users/{user_id}", events[0].Route)
	assert.Equal(t, 503, events[0].Status)
	assert.Equal(t, 1, events[0].Attempt)
	assert.ErrorIs(t, events[0].Err, ErrServer)
	assert.Equal(t, 200, events[1].Status)
	assert.Equal(t, 2, events[1].Attempt)
	assert.NoError(t, events[1].Err)
}

func TestSleepCtx(t *testing.T) {
	require.NoError(t, sleepCtx(t.Context(), time.Microsecond))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, sleepCtx(ctx, time.Hour), context.Canceled)
	assert.ErrorIs(t, sleepCtx(ctx, 0), context.Canceled)
}

func TestPathEscapesIDs(t *testing.T) {
	assert.Equal(t, "/companies/a%2Fb/users/x%20y", pathf("/companies/%s/users/%s", "a/b", "x y"))
}

func TestDecodeErrorIsReported(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/v1/companies/co1/users/u1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"id":`)
	})
	_, err := c.Users(coID).Get(t.Context(), userID)
	assert.ErrorContains(t, err, "decode response")
	var syntax *json.SyntaxError
	assert.ErrorAs(t, err, &syntax)
}

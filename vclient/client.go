package vclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// defaultUserAgent names the client when the program does not say which build it is
// (WithUserAgent, as noirbot does with its version).
const defaultUserAgent = "noirbot"

// Defaults applied by New.
const (
	DefaultTimeout          = 10 * time.Second
	DefaultMaxRetries       = 3
	DefaultBackoffBase      = 250 * time.Millisecond
	DefaultBackoffMax       = 5 * time.Second
	DefaultMaxRateLimitWait = 60 * time.Second
)

// Client talks to one Valentina Noir API host with one API key.
type Client struct {
	baseURL     string
	apiKey      string
	httpClient  *http.Client
	timeout     time.Duration
	maxRetries  int
	userAgent   string
	logger      *slog.Logger
	idempotency bool
	observer    func(RequestEvent)
	backoffBase time.Duration
	backoffMax  time.Duration
	maxRLWait   time.Duration
	limiter     *limiter
	version     APIVersion
	acting      string // the user a view made by OnBehalfOf acts for; "" on the root client

	// Seams for tests: the clock, how the client waits, and the jitter source.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(n int64) int64
}

// Option configures a Client in New.
type Option func(*Client)

// defaultTransport is Go's default transport keeping up to 100 idle connections to the API
// host instead of 2: with more than two requests in flight, the default closes the extra
// connections after each request, so a busy bot would pay a new TCP (and TLS) handshake per
// call and pile up TIME_WAIT sockets (found by `make bench`).
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 100
	return t
}

// WithHTTPClient sets the http.Client used for every attempt (default: a new http.Client
// whose transport keeps up to 100 idle connections to the API host).
// Its Timeout should be zero: per-attempt timeouts come from WithTimeout.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.httpClient = hc } }

// WithTimeout sets the timeout of a single attempt (default 10s). A write whose attempt timed out
// is retried only after waiting this long again, so the server has finished the first attempt.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithMaxRetries sets how many times a call is retried (default 3, so at most 4 attempts).
func WithMaxRetries(n int) Option { return func(c *Client) { c.maxRetries = max(n, 0) } }

// WithUserAgent sets the User-Agent header (default "noirbot").
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithLogger sets the logger for attempt-level debug logs (default: discard).
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// WithIdempotency turns the automatic Idempotency-Key on POST/PATCH on or off (default on).
// A key set with WithIdempotencyKey is sent either way.
func WithIdempotency(on bool) Option { return func(c *Client) { c.idempotency = on } }

// WithObserver registers a function called after every attempt (metrics, tracing).
func WithObserver(fn func(RequestEvent)) Option { return func(c *Client) { c.observer = fn } }

// WithBackoff sets the full-jitter backoff bounds: attempt n waits a random duration in
// [0, min(max, base*2^(n-1))).
func WithBackoff(base, maxWait time.Duration) Option {
	return func(c *Client) { c.backoffBase, c.backoffMax = base, maxWait }
}

// WithMaxRateLimitWait caps how long a rate-limited call waits (default 60s): before retrying
// a 429, and for a token of the client's own bucket, where a longer wait fails at once with
// ErrRateLimited instead.
func WithMaxRateLimitWait(d time.Duration) Option { return func(c *Client) { c.maxRLWait = d } }

// APIVersion names a generation of the Valentina Noir API (both are served under /api/v1).
type APIVersion string

// The API generations the client speaks.
const (
	// APIv1 is the generation of server bb19e24: the acting user travels as requesting_user_id
	// and as the {user_id} segment of campaign, character and dice-roll paths.
	APIv1 APIVersion = "v1"
	// APIv2 is contract v2 (the hosted API since 2026-04-15): the acting user travels in the
	// On-Behalf-Of header and campaigns, characters and dice rolls live at company level.
	APIv2 APIVersion = "v2"
)

// ErrUnsupported is returned, without any request, by a method the client's API version
// does not offer.
var ErrUnsupported = errors.New("not available in this API version")

// WithAPIVersion selects the API generation the client speaks (default APIv2).
func WithAPIVersion(v APIVersion) Option { return func(c *Client) { c.version = v } }

// APIVersion reports the API generation the client speaks.
func (c *Client) APIVersion() APIVersion { return c.version }

// OnBehalfOf returns a view of c acting for userID: it shares c's transport, rate limiter,
// observer and options, and names userID as the acting user of every call made through it
// (v1: requesting_user_id and the {user_id} path segment; v2: the On-Behalf-Of header, reads
// included). Creating a view is cheap.
func (c *Client) OnBehalfOf(userID string) *Client {
	v := *c
	v.acting = userID
	return &v
}

// ActingUser returns the user a view made by OnBehalfOf acts for ("" on the root client).
func (c *Client) ActingUser() string { return c.acting }

// v2 reports whether the client speaks contract v2.
func (c *Client) v2() bool { return c.version == APIv2 }

// requireActing fails, naming where the acting user would go, when c is not a view made by
// OnBehalfOf. v1Field is the v1 wire name ("requesting_user_id", or "user_id" for a path
// segment).
func (c *Client) requireActing(v1Field string) error {
	if strings.TrimSpace(c.acting) != "" {
		return nil
	}
	if c.v2() {
		return invalid("On-Behalf-Of", "is required: call through OnBehalfOf")
	}
	return invalid(v1Field, "is required: call through OnBehalfOf")
}

// requireActingV2 is requireActing for calls that need an acting user only in v2.
func (c *Client) requireActingV2() error {
	if !c.v2() {
		return nil
	}
	return c.requireActing("")
}

// onlyV2 returns ErrUnsupported (wrapped with the operation) unless c speaks contract v2.
func (c *Client) onlyV2(op string) error {
	if c.v2() {
		return nil
	}
	return fmt.Errorf("vclient %s: API %s: %w", op, c.version, ErrUnsupported)
}

// RequestEvent describes one HTTP attempt, reported to the WithObserver function.
type RequestEvent struct {
	Method string
	// Route is the method and path template after /api/v1/companies/{company_id}, e.g.
	// "POST /users/{user_id}/experience/xp/add" (v1 and v2), "GET /campaigns" or
	// "POST /dicerolls/quickroll" (v2). Routes outside a company are "GET /companies/{company_id}",
	// "GET /health" and "GET /users/lookup".
	Route    string
	Status   int // 0 when no response arrived
	Attempt  int // 1 for the first attempt
	Duration time.Duration
	Err      error
}

// New returns a Client for baseURL (like "https://api.valentina-noir.com", without /api/v1).
func New(baseURL, apiKey string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("vclient: invalid base URL %q", baseURL)
	}
	if apiKey == "" {
		return nil, fmt.Errorf("vclient: API key is empty")
	}
	c := &Client{
		baseURL:     strings.TrimSuffix(u.String(), "/") + "/api/v1",
		apiKey:      apiKey,
		httpClient:  &http.Client{Transport: defaultTransport()},
		timeout:     DefaultTimeout,
		maxRetries:  DefaultMaxRetries,
		userAgent:   defaultUserAgent,
		logger:      slog.New(slog.DiscardHandler),
		idempotency: true,
		backoffBase: DefaultBackoffBase,
		backoffMax:  DefaultBackoffMax,
		maxRLWait:   DefaultMaxRateLimitWait,
		now:         time.Now,
		sleep:       sleepCtx,
		jitter:      rand.Int64N,
		version:     APIv2,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.version != APIv1 && c.version != APIv2 {
		return nil, fmt.Errorf("vclient: unknown API version %q (want %q or %q)", c.version, APIv1, APIv2)
	}
	c.limiter = newLimiter(c.now)
	c.limiter.maxWait = c.maxRLWait
	return c, nil
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pathf formats a path, escaping every argument as one path segment.
func pathf(format string, ids ...string) string {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = url.PathEscape(id)
	}
	return fmt.Sprintf(format, args...)
}

// drain discards the rest of a body so the connection can be reused.
func drain(r io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<10))
	_ = r.Close()
}

// call runs a JSON call: in (when non-nil) is marshalled once as the body, out receives the
// decoded 2xx body.
func (c *Client) call(ctx context.Context, method, route, path string, query url.Values, in, out any) error {
	r := &request{method: method, route: route, path: path, query: query}
	if in != nil {
		body, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("vclient %s: encode request: %w", route, err)
		}
		r.body, r.contentType = body, "application/json"
	}
	return c.do(ctx, r, out)
}

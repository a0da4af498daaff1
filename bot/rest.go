package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// DefaultAPIURL is Discord's own REST API host.
const DefaultAPIURL = "https://discord.com"

// ProjectURL is noirbot's home, named in the User-Agent of every Discord call.
const ProjectURL = "https://github.com/noirbot/noirbot"

// UserAgent is the User-Agent Discord requires of bots, "DiscordBot (<url>, <version>)",
// for this version of noirbot.
func UserAgent(version string) string { return "DiscordBot (" + ProjectURL + ", " + version + ")" }

// REST is noirbot's own Discord REST client: it honours api_url (scheme and host
// replaced, /api/v9 path kept), keeps a bounded set of rate-limit buckets and
// never holds a lock across a request.
type REST struct {
	base       *url.URL
	baseErr    error
	token      string
	app        string
	hc         *http.Client
	userAgent  string
	limiter    *limiter
	log        *slog.Logger
	observer   Observer
	maxRetries int
}

// RESTOption configures a REST client.
type RESTOption func(*REST)

// WithRESTHTTPClient sets the HTTP client (default: 15 s timeout).
func WithRESTHTTPClient(hc *http.Client) RESTOption { return func(r *REST) { r.hc = hc } }

// WithRESTVersion names noirbot's version in the User-Agent (see UserAgent; default "dev").
func WithRESTVersion(version string) RESTOption {
	return func(r *REST) { r.userAgent = UserAgent(version) }
}

// WithRESTLogger sets the logger.
func WithRESTLogger(l *slog.Logger) RESTOption { return func(r *REST) { r.log = l } }

// WithRESTObserver reports 429s to o.
func WithRESTObserver(o Observer) RESTOption { return func(r *REST) { r.observer = o } }

// NewREST returns a client for apiURL ("" = DefaultAPIURL). A malformed apiURL
// makes every call fail with an error saying so.
func NewREST(apiURL, token, applicationID string, opts ...RESTOption) *REST {
	r := &REST{
		token: token, app: applicationID,
		hc:         &http.Client{Timeout: 15 * time.Second, Transport: transport()},
		userAgent:  UserAgent("dev"),
		limiter:    newLimiter(time.Now),
		log:        slog.Default(),
		observer:   nopObserver{},
		maxRetries: 2,
	}
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	u, err := url.Parse(apiURL)
	if err == nil && (u.Scheme == "" || u.Host == "") {
		err = fmt.Errorf("need scheme and host")
	}
	if err != nil {
		r.baseErr = fmt.Errorf("discord api_url %q: %w", apiURL, err)
	} else {
		r.base = &url.URL{Scheme: u.Scheme, Host: u.Host}
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// transport keeps enough idle connections for many concurrent webhook edits.
func transport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 100
	return t
}

// RESTError is a non-2xx answer from Discord.
type RESTError struct {
	Method, Route string
	Status        int
	Body          string
}

// Error describes the failed call without any token.
func (e *RESTError) Error() string {
	return fmt.Sprintf("discord %s %s: status %d: %s", e.Method, e.Route, e.Status, e.Body)
}

// call is one REST request: route is the template used for logs and metrics,
// bucket the bounded rate-limit key.
type call struct {
	method, path, route, bucket string
	body                        any
	files                       []Attachment // sent as multipart/form-data with body as payload_json
	auth                        bool
	out                         any
}

func (r *REST) do(ctx context.Context, c call) error {
	if r.baseErr != nil {
		return r.baseErr
	}
	payload, contentType, err := encodeBody(c)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		if err := r.limiter.wait(ctx, c.bucket); err != nil {
			return err
		}
		retry, wait, err := r.once(ctx, c, payload, contentType)
		if !retry || attempt >= r.maxRetries || !fits(ctx, wait) {
			// A wait past the call's deadline would end in the same error, later.
			return err
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return fmt.Errorf("%s %s: waiting out 429: %w", c.method, c.route, err)
		}
	}
}

// encodeBody is the request body, built once for every attempt: the JSON of
// c.body, or with files a multipart/form-data body carrying it as payload_json.
func encodeBody(c call) (payload []byte, contentType string, err error) {
	if c.body == nil {
		return nil, "", nil
	}
	if payload, err = json.Marshal(c.body); err != nil {
		return nil, "", fmt.Errorf("encode %s %s: %w", c.method, c.route, err)
	}
	if len(c.files) == 0 {
		return payload, "application/json", nil
	}
	if payload, contentType, err = multipartBody(payload, c.files); err != nil {
		return nil, "", fmt.Errorf("encode %s %s: %w", c.method, c.route, err)
	}
	return payload, contentType, nil
}

// once sends the request once; retry says a 429 asked to try again after wait.
func (r *REST) once(ctx context.Context, c call, payload []byte, contentType string) (retry bool, wait time.Duration, err error) {
	u := *r.base
	u.Path, _ = url.PathUnescape(c.path)
	u.RawPath = c.path
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, u.String(), body)
	if err != nil {
		return false, 0, fmt.Errorf("build %s %s: %w", c.method, c.route, err)
	}
	req.Header.Set("User-Agent", r.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.auth {
		req.Header.Set("Authorization", "Bot "+r.token)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return false, 0, fmt.Errorf("discord %s %s: %w", c.method, c.route, redactURL(err))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	r.limiter.learn(c.bucket, resp.Header)
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, global := retryAfter(resp.Header, data)
		if global {
			r.limiter.blockGlobal(wait)
		} else {
			r.limiter.block(c.bucket, wait)
		}
		r.observer.DiscordRateLimited(c.route)
		r.log.WarnContext(ctx, "discord rate limited", "route", c.route, "retry_after", wait, "global", global)
		return true, wait, &RESTError{Method: c.method, Route: c.route, Status: resp.StatusCode, Body: string(data)}
	}
	if resp.StatusCode >= 300 {
		return false, 0, &RESTError{Method: c.method, Route: c.route, Status: resp.StatusCode, Body: string(data)}
	}
	if c.out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, c.out); err != nil {
			return false, 0, fmt.Errorf("decode %s %s: %w", c.method, c.route, err)
		}
	}
	return false, 0, nil
}

// redactURL drops the request URL (it holds the interaction token) from transport errors.
func redactURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// retryAfter reads how long a 429 asks to wait and whether it is global.
func retryAfter(h http.Header, body []byte) (time.Duration, bool) {
	var b struct {
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	_ = json.Unmarshal(body, &b)
	global := b.Global || h.Get("X-RateLimit-Global") == "true"
	secs := b.RetryAfter
	if secs <= 0 {
		secs, _ = strconv.ParseFloat(h.Get("Retry-After"), 64)
	}
	if secs <= 0 {
		secs = 1
	}
	return seconds(secs), global
}

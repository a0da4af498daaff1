package vclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// maxBody caps how much of a success body is read; error bodies are capped at maxErrorBody.
const maxBody = 32 << 20

// request is one logical API call. Its body bytes are produced once and replayed by retries.
type request struct {
	method      string
	route       string // "POST /users/{user_id}/experience/xp/add"
	path        string // after /api/v1
	query       url.Values
	body        []byte
	contentType string
}

// outcome is what one attempt produced.
type outcome struct {
	status   int
	header   http.Header
	body     []byte
	err      error // transport error (no response)
	failure  error // what the caller sees if this attempt is the last: err wrapped, or *APIError
	timedOut bool  // the per-attempt timeout fired while the caller's context was still live
}

// do runs a call with the retry policy of SPEC §6 and decodes a 2xx body into out (when non-nil).
//
//   - 429 is retried for every method, after the wait the server asked for (capped), unless that
//     wait would pass the context deadline.
//   - 500/502/503/504 and transport errors are retried only for GET/PUT/DELETE and for writes that
//     carry an Idempotency-Key; a write whose attempt timed out waits one more timeout first.
//   - a DELETE answered 404 after an earlier attempt failed (transport error or 5xx) succeeded.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	key := c.idempotencyKey(ctx, r.method)
	safe := r.method == http.MethodGet || r.method == http.MethodPut ||
		r.method == http.MethodDelete || key != ""
	earlierFailure := false
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := c.limiter.wait(ctx, c.sleep); err != nil {
			return c.wrapErr(r, lastErr, err)
		}
		o := c.attempt(ctx, r, key, attempt)
		if o.failure == nil {
			return c.decode(r, o.body, out)
		}
		if o.err == nil && r.method == http.MethodDelete && o.status == http.StatusNotFound && earlierFailure {
			return nil
		}
		lastErr = o.failure
		if ctx.Err() != nil {
			return c.wrapErr(r, lastErr, ctx.Err())
		}
		wait, retry := c.retryWait(r, o, safe, attempt)
		if !retry || attempt > c.maxRetries {
			return lastErr
		}
		if o.err != nil || o.status >= 500 {
			earlierFailure = true
		}
		if deadline, ok := ctx.Deadline(); ok && c.now().Add(wait).After(deadline) {
			return lastErr
		}
		c.logger.DebugContext(ctx, "valentina retry", "route", r.route, "attempt", attempt, "wait", wait, "err", lastErr)
		if wait > 0 {
			if err := c.sleep(ctx, wait); err != nil {
				return c.wrapErr(r, lastErr, err)
			}
		}
	}
}

// retryWait decides whether an attempt's failure is retried, and after how long.
func (c *Client) retryWait(r *request, o outcome, safe bool, attempt int) (time.Duration, bool) {
	switch {
	case o.err == nil && o.status == http.StatusTooManyRequests:
		if d := rateLimitWait(o.header, o.body); d > 0 {
			return min(d, c.maxRLWait), true
		}
		return c.backoff(attempt), true
	case !safe:
		return 0, false
	case o.err == nil && isRetryableStatus(o.status):
		return c.backoff(attempt), true
	case o.err == nil:
		return 0, false
	case o.timedOut && (r.method == http.MethodPost || r.method == http.MethodPatch):
		// The API has no lock between requests sharing a key: let the first attempt finish so
		// the retry is answered from the idempotency store instead of running again.
		return c.timeout, true
	case isConnReset(o.err):
		return 0, true
	default:
		return c.backoff(attempt), true
	}
}

// backoff is the full-jitter wait before retry number attempt.
func (c *Client) backoff(attempt int) time.Duration {
	ceil := c.backoffBase
	for i := 1; i < attempt && ceil < c.backoffMax; i++ {
		ceil *= 2
	}
	ceil = min(ceil, c.backoffMax)
	if ceil <= 0 {
		return 0
	}
	return time.Duration(c.jitter(int64(ceil)))
}

func isRetryableStatus(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isConnReset reports a connection that broke after the request was sent.
func isConnReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE)
}

// attempt sends the request once and reads the whole response.
func (c *Client) attempt(ctx context.Context, r *request, key string, n int) outcome {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	start := c.now()
	o := c.send(actx, r, key)
	if o.err != nil && errors.Is(actx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		o.timedOut = true
	}
	c.limiter.observe(o.header)
	switch {
	case o.err != nil:
		o.failure = fmt.Errorf("valentina %s: %w", r.route, o.err)
	case o.status < 200 || o.status > 299:
		o.failure = newAPIError(r, o.status, o.header, o.body)
	}
	ev := RequestEvent{Method: r.method, Route: r.route, Status: o.status, Attempt: n,
		Duration: c.now().Sub(start), Err: o.failure}
	c.logger.DebugContext(ctx, "valentina request", "route", r.route, "status", o.status,
		"attempt", n, "duration", ev.Duration, "err", o.err)
	if c.observer != nil {
		c.observer(ev)
	}
	return o
}

func (c *Client) send(ctx context.Context, r *request, key string) outcome {
	u := c.baseURL + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return outcome{err: err}
	}
	req.Header.Set("X-API-KEY", c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.body != nil {
		req.Header.Set("Content-Type", r.contentType)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if c.v2() && c.acting != "" {
		// The API's response cache keys on the raw header: one spelling per user.
		req.Header.Set("On-Behalf-Of", strings.ToLower(c.acting))
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return outcome{err: err}
	}
	defer drain(resp.Body)
	limit := int64(maxBody)
	if resp.StatusCode >= 300 {
		limit = maxErrorBody
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return outcome{status: resp.StatusCode, header: resp.Header, err: err}
	}
	return outcome{status: resp.StatusCode, header: resp.Header, body: data}
}

func (c *Client) wrapErr(r *request, last, err error) error {
	if last != nil {
		return fmt.Errorf("%w (after: %w)", err, last)
	}
	return fmt.Errorf("valentina %s: %w", r.route, err)
}

func (c *Client) decode(r *request, body []byte, out any) error {
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("valentina %s: decode response: %w", r.route, err)
	}
	return nil
}

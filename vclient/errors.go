package vclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// maxErrorBody caps how much of an error response is read.
const maxErrorBody = 64 << 10

// Sentinel errors matched by *APIError (by status code) and *RequestValidationError with errors.Is.
var (
	ErrValidation        = errors.New("valentina: request rejected as invalid (400)")
	ErrAuthentication    = errors.New("valentina: API key missing or unknown (401)")
	ErrAuthorization     = errors.New("valentina: not allowed (403)")
	ErrNotFound          = errors.New("valentina: not found (404)")
	ErrConflict          = errors.New("valentina: conflict (409)")
	ErrRateLimited       = errors.New("valentina: rate limited (429)")
	ErrServer            = errors.New("valentina: server error (5xx)")
	ErrRequestValidation = errors.New("vclient: invalid request")
)

// APIError is a non-2xx answer from the API, decoded from its problem+json body (RFC 9457).
type APIError struct {
	StatusCode        int
	Title             string
	Detail            string // the body's detail, or the raw body text when it is not problem JSON
	Instance          string // the full request URL, as the server saw it
	InvalidParameters []InvalidParameter
	RetryAfter        time.Duration // 429: from RateLimit t=, the body's retry_after or Retry-After
	CurrentXP         *int          // insufficient XP (400 on xp/remove)
	RequiredXP        *int
	RequestID         string // v2: the body's request_id, else the X-Request-Id header ("req_…")
	Code              string // v2 identity errors: TOKEN_VERIFICATION_FAILED, LAST_IDENTITY, …
	Method            string // the call that failed
	Route             string // route template, e.g. "POST /users/{user_id}/experience/xp/remove"
}

// InvalidParameter is one entry of a 400's invalid_parameters.
type InvalidParameter struct {
	// Field is the path to the bad field: the API sends a string ("email") or an array of
	// segments (["title"]); a string becomes a one-element slice. Nil when the API sent none.
	Field   []string
	Message string
}

// UnmarshalJSON accepts field as a string, an array of segments, or missing.
func (p *InvalidParameter) UnmarshalJSON(data []byte) error {
	var raw struct {
		Field   json.RawMessage `json:"field"`
		Message string          `json:"message"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	p.Message, p.Field = raw.Message, nil
	var one string
	if json.Unmarshal(raw.Field, &one) == nil {
		p.Field = []string{one}
		return nil
	}
	var segs []any
	if json.Unmarshal(raw.Field, &segs) == nil {
		for _, s := range segs {
			p.Field = append(p.Field, fmt.Sprint(s))
		}
	}
	return nil
}

// Error reads like "valentina: POST /users/{user_id}/experience/xp/remove: 400 Bad Request: <detail>",
// followed by " (request req_…)" when the API sent a request id.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("valentina: ")
	if e.Route != "" {
		b.WriteString(e.Route + ": ")
	}
	title := e.Title
	if title == "" {
		title = http.StatusText(e.StatusCode)
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, title)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, p := range e.InvalidParameters {
		fmt.Fprintf(&b, "; %s: %s", strings.Join(p.Field, "."), p.Message)
	}
	if e.RequestID != "" {
		// The id the API's operators need to find the request in their logs.
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	return b.String()
}

// Is matches the sentinel for the status code (ErrServer for every 5xx).
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest
	case ErrAuthentication:
		return e.StatusCode == http.StatusUnauthorized
	case ErrAuthorization:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// problem is the wire shape of an error body.
type problem struct {
	Status            int                `json:"status"`
	Title             string             `json:"title"`
	Detail            string             `json:"detail"`
	Instance          string             `json:"instance"`
	InvalidParameters []InvalidParameter `json:"invalid_parameters"`
	RetryAfter        *float64           `json:"retry_after"`
	CurrentXP         *int               `json:"current_xp"`
	RequiredXP        *int               `json:"required_xp"`
	RequestID         string             `json:"request_id"`
	Code              string             `json:"code"`
}

func newAPIError(r *request, status int, h http.Header, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: r.method, Route: r.route}
	var p problem
	if err := json.Unmarshal(body, &p); err == nil {
		e.Title, e.Detail, e.Instance = p.Title, p.Detail, p.Instance
		e.InvalidParameters, e.CurrentXP, e.RequiredXP = p.InvalidParameters, p.CurrentXP, p.RequiredXP
		e.RequestID, e.Code = p.RequestID, p.Code
	} else {
		e.Detail = plainText(body)
	}
	if e.RequestID == "" {
		// Errors raised in the API's middleware may lack the header but not the body member,
		// and unmatched routes have neither: read the body first, then the header.
		e.RequestID = h.Get("X-Request-Id")
	}
	if e.Title == "" {
		e.Title = http.StatusText(status)
	}
	if e.Detail == "" {
		e.Detail = plainText(body)
	}
	if status == http.StatusTooManyRequests {
		e.RetryAfter = rateLimitWait(h, body)
	}
	return e
}

// plainText is a short, printable excerpt of a non-JSON body.
func plainText(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] == '{' || !utf8.Valid(body) {
		return ""
	}
	const maxLen = 512
	s := string(body)
	if len(s) > maxLen {
		s = strings.ToValidUTF8(s[:maxLen], "") + "…"
	}
	return s
}

// RequestValidationError is a request the client refused to send because a field is invalid.
// It matches ErrRequestValidation with errors.Is.
type RequestValidationError struct {
	Field   string
	Message string
}

// Error reads like "vclient: invalid request: name: must be 3 to 50 characters".
func (e *RequestValidationError) Error() string {
	return fmt.Sprintf("vclient: invalid request: %s: %s", e.Field, e.Message)
}

// Is reports whether target is ErrRequestValidation.
func (e *RequestValidationError) Is(target error) bool { return target == ErrRequestValidation }

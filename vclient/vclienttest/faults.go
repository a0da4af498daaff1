package vclienttest

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Request is one request the emulator received, as recorded in its log.
type Request struct {
	Method string
	Path   string
	// Route is the route template, e.g. "POST /users/{user_id}/experience/xp/add"
	// (the path after /api/v1/companies/{company_id}; "GET /health" and
	// "GET /companies/{company_id}" otherwise); "" when no route matched.
	Route  string
	Query  url.Values
	Header http.Header
	// OnBehalfOf is the request's On-Behalf-Of header ("" when absent): the
	// acting user a v2 client named.
	OnBehalfOf string
	// Body is the request body (its first WithRequestLogLimit bytes when the
	// log is bounded).
	Body []byte
	// Status is the status the emulator produced (499 when the client gave up
	// during injected latency), even when the response was then lost.
	Status int
	Time   time.Time
	// Lost reports that a LoseResponse fault dropped the response.
	Lost bool
}

// Fault makes matching requests misbehave. Method and Route ("" = any) match
// the route template. Latency delays the request (respecting cancellation);
// Status answers with that status (problem+json with Detail) without running
// the handler; LoseResponse runs the request, then drops the connection so
// the client sees a network error (it panics with http.ErrAbortHandler, so
// use it behind a Server, not with a ResponseRecorder; once injected, the
// Server stops keeping connections alive, so Go's transport cannot silently
// resend the request). Times limits how often the fault fires (0 = forever).
type Fault struct {
	Method  string
	Route   string
	Latency time.Duration
	// Hold, when set, keeps the request waiting before the handler until it is closed: a
	// gate the test opens once what it wants to see in flight is in flight.
	Hold <-chan struct{}
	// LatencyAfter delays the response after the handler ran (the effect is
	// applied even if the client gives up): a slow server, not a slow queue.
	LatencyAfter time.Duration
	Status       int
	Detail       string
	LoseResponse bool
	Times        int
	// RetryAfter is the wait a 429 Status fault announces (default 1 s), in
	// the body's retry_after and the RateLimit header's t=, like a real 429.
	RetryAfter time.Duration
}

// faultProblem answers with the fault's status. A 429 looks like the real
// limiter's (retry_after, RateLimit with r=0; no Retry-After header).
func (e *Emulator) faultProblem(w *recorder, r *http.Request, f *Fault) {
	p := &problem{Status: f.Status, Detail: f.Detail}
	if f.Status == http.StatusTooManyRequests {
		wait := f.RetryAfter.Seconds()
		if wait <= 0 {
			wait = 1
		}
		retry := ceil2(wait)
		p.RetryAfter = &retry
		if p.Detail == "" {
			p.Detail = "You are being rate limited."
		}
		w.header.Set("RateLimit", fmt.Sprintf(`"default";r=0;t=%d`, int64(math.Ceil(wait))))
	}
	writeProblem(w, r, p)
}

type faultEntry struct {
	Fault
	left int
}

// InjectFault adds a fault; call the returned function to remove it.
func (e *Emulator) InjectFault(f Fault) (remove func()) {
	fe := &faultEntry{Fault: f, left: f.Times}
	e.mu.Lock()
	e.faults = append(e.faults, fe)
	loss := e.onLoss
	e.mu.Unlock()
	if f.LoseResponse && loss != nil {
		loss()
	}
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.faults = slices.DeleteFunc(e.faults, func(x *faultEntry) bool { return x == fe })
	}
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// SetLatency delays every request by d (benchmarks, slow-API scenarios).
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = d
}

// takeFault returns the first matching fault (using up one of its Times)
// and the total latency to inject before the handler.
func (e *Emulator) takeFault(method, route string) (*Fault, time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	latency := e.latency
	for i, fe := range e.faults {
		if (fe.Method != "" && fe.Method != method) || (fe.Route != "" && fe.Route != route) {
			continue
		}
		if fe.Times > 0 {
			fe.left--
			if fe.left <= 0 {
				e.faults = slices.Delete(e.faults, i, i+1)
			}
		}
		f := fe.Fault
		return &f, latency + f.Latency
	}
	return nil, latency
}

func (e *Emulator) record(r *http.Request, route string, body []byte, status int, at time.Time, lost bool) {
	if e.bodyLimit > 0 && len(body) > e.bodyLimit {
		body = body[:e.bodyLimit:e.bodyLimit]
	}
	req := Request{
		Method: r.Method, Path: r.URL.Path, Route: route, Query: r.URL.Query(), Header: r.Header.Clone(),
		OnBehalfOf: r.Header.Get(onBehalfOfHeader), Body: body, Status: status, Time: at, Lost: lost,
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.logLimit > 0 && len(e.log) >= e.logLimit {
		// A ring: overwrite the oldest entry.
		e.log[e.logHead] = req
		e.logHead = (e.logHead + 1) % e.logLimit
		return
	}
	e.log = append(e.log, req)
}

// ordered returns the log oldest first (unrolling the ring).
func (e *Emulator) ordered() []Request {
	out := make([]Request, 0, len(e.log))
	out = append(out, e.log[e.logHead:]...)
	return append(out, e.log[:e.logHead]...)
}

// Requests returns a copy of the request log, oldest first.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ordered()
}

// ResetRequests empties the request log.
func (e *Emulator) ResetRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log, e.logHead = nil, 0
}

// CountRequests counts logged requests with the method and route template ("" = any).
func (e *Emulator) CountRequests(method, route string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.log {
		if (method == "" || r.Method == method) && (route == "" || r.Route == route) {
			n++
		}
	}
	return n
}

package vclienttest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// maxBody is Litestar's default request body limit (believed 10 MB);
// v2's server sets request_max_body_size to 5 MiB.
const (
	maxBody   = 10 << 20
	maxBodyV2 = 5 << 20
)

// DefaultAPIKey is the X-API-KEY the emulator accepts unless WithAPIKey says otherwise.
const DefaultAPIKey = "test-api-key"

// Option configures an Emulator.
type Option func(*Emulator)

// WithAPIKey sets the only API key the emulator accepts.
func WithAPIKey(key string) Option { return func(e *Emulator) { e.apiKey = key } }

// WithSeed seeds the dice RNG (default 1), so rolls are reproducible.
func WithSeed(seed int64) Option {
	return func(e *Emulator) { e.rng = newRNG(seed) }
}

// WithRateLimit turns on a token bucket of the given capacity and refill
// rate (tokens per second) with draft RateLimit headers and 429 problems.
func WithRateLimit(capacity int, refillPerSecond float64) Option {
	return func(e *Emulator) {
		e.limiter = &limiter{capacity: capacity, refill: refillPerSecond, tokens: float64(capacity)}
	}
}

// WithRequestLogLimit bounds the request log for long runs (`noirbot
// emulator`): only the last maxRequests requests are kept (a ring) and each
// stored body is cut to maxBodyBytes. Zero leaves that dimension unbounded
// (the default: tests see every request whole).
func WithRequestLogLimit(maxRequests, maxBodyBytes int) Option {
	return func(e *Emulator) { e.logLimit, e.bodyLimit = maxRequests, maxBodyBytes }
}

// WithClock sets the clock used for timestamps, idempotency expiry and the
// rate limiter (default time.Now).
func WithClock(now func() time.Time) Option { return func(e *Emulator) { e.now = now } }

// Emulator is an in-memory Valentina API. It implements http.Handler for
// paths under /api/v1. It is safe for concurrent use.
type Emulator struct {
	apiKey     string
	now        func() time.Time
	version    APIVersion
	discordAPI string
	logLimit   int // 0 = unbounded request log
	bodyLimit  int // 0 = whole bodies in the log

	mu            sync.Mutex // guards everything below
	st            *state
	rng           *rand.Rand
	dice          func(n, size int) []int
	limiter       *limiter
	idem          map[string]*idemEntry
	log           []Request
	faults        []*faultEntry
	latency       time.Duration
	nextID        uint64
	lastMS        uint64 // last UUID v7 timestamp
	logHead       int    // ring start when the log is bounded
	routeLimiters map[string]*limiter
	onLoss        func() // called when a LoseResponse fault is injected

	idemMissHook func() // tests: runs after an idempotency miss, before the handler; set before serving
}

// New returns an empty emulator (seed it with AddCompany and friends or SeedDemo).
func New(opts ...Option) *Emulator {
	e := &Emulator{
		apiKey:     DefaultAPIKey,
		now:        time.Now,
		version:    V1,
		discordAPI: "https://discord.com",
		st:         newState(),
		rng:        newRNG(1),
		idem:       map[string]*idemEntry{},
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

func newRNG(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
}

// Server is an Emulator behind a real HTTP server.
type Server struct {
	*Emulator
	// URL is the server's base URL without /api/v1: pass it to vclient.New.
	URL string
	srv *httptest.Server
}

// NewServer starts an emulator on a local httptest server that is closed by t.Cleanup.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := Start(opts...)
	t.Cleanup(s.Close)
	return s
}

// Start starts an emulator on a local HTTP server for non-test use (console,
// `noirbot emulator`, benchmarks). Call Close when done.
func Start(opts ...Option) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("vclienttest: listen on a local port: %v", err))
	}
	return start(ln, opts)
}

func start(ln net.Listener, opts []Option) *Server {
	e := New(opts...)
	srv := httptest.NewUnstartedServer(e)
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	// Go's transport silently resends a request that carries an
	// Idempotency-Key when a reused connection dies before the response, which
	// would hide a lost response from the client. Once a test asks for lost
	// responses, every request gets a fresh connection instead.
	e.mu.Lock()
	e.onLoss = func() { srv.Config.SetKeepAlivesEnabled(false) }
	e.mu.Unlock()
	return &Server{Emulator: e, URL: srv.URL, srv: srv}
}

// StartAt is Start on a fixed address such as "127.0.0.1:8081" (for
// `noirbot emulator`). Call Close when done.
func StartAt(addr string, opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return start(ln, opts), nil
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// ServeHTTP serves the emulated API: faults and latency, authentication,
// rate limiting, idempotency, then the route's handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m := e.matchRoute(r.Method, r.URL.Path)
	received := e.now()
	f, latency := e.takeFault(r.Method, m.route)
	if latency > 0 && !sleepCtx(r, latency) || f != nil && !waitCtx(r, f.Hold) {
		e.record(r, m.route, body, 499, received, false)
		return
	}
	rec := newRecorder()
	if e.v2() && m.handler != nil {
		// Unmatched routes never reach the server's request-id middleware.
		rec.reqID = newRequestID()
	}
	if f != nil && f.Status != 0 {
		e.faultProblem(rec, r, f)
	} else {
		e.serve(rec, r, body, m)
	}
	if f != nil && f.LatencyAfter > 0 && !sleepCtx(r, f.LatencyAfter) {
		e.record(r, m.route, body, rec.status, received, true)
		return
	}
	if rec.reqID != "" {
		rec.header.Set("X-Request-Id", rec.reqID) // fresh even on an idempotent replay
		rec.header.Set("Cache-Control", cacheControl(r.Method, m.route))
	}
	lost := f != nil && f.LoseResponse
	e.record(r, m.route, body, rec.status, received, lost)
	if lost {
		// The effect was applied (and any idempotent response stored); the
		// client sees the connection drop instead of a response.
		panic(http.ErrAbortHandler)
	}
	rec.copyTo(w)
}

func sleepCtx(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// waitCtx waits until hold is closed (at once when it is nil); false when the client gave up.
func waitCtx(r *http.Request, hold <-chan struct{}) bool {
	if hold == nil {
		return true
	}
	select {
	case <-hold:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (e *Emulator) serve(w *recorder, r *http.Request, body []byte, m routeMatch) {
	switch key := r.Header.Get("X-API-KEY"); {
	case key == "":
		writeProblem(w, r, &problem{Status: http.StatusUnauthorized, Detail: "API key not provided"})
		return
	case key != e.apiKey:
		writeProblem(w, r, &problem{Status: http.StatusUnauthorized, Detail: "Unauthorized API key"})
		return
	}
	// v2 matches the route first (an unmatched path never reaches the limiter).
	if (!e.v2() || m.handler != nil) && !e.allow(w, r, m) {
		return
	}
	if m.handler == nil {
		writeProblem(w, r, &problem{Status: http.StatusNotFound, Detail: "Not Found"})
		return
	}
	if len(body) > maxBody || (e.v2() && len(body) > maxBodyV2) {
		writeProblem(w, r, &problem{Status: http.StatusRequestEntityTooLarge, Detail: "Request Entity Too Large"})
		return
	}
	e.idempotent(w, r, body, func(w *recorder) { e.dispatch(w, r, body, m) })
}

// Package bottest holds test helpers for code built on package bot: a fake
// Discord (REST server, gateway websocket, and the OAuth2 code grant of "Sign
// in with Discord"), an Ed25519 request signer,
// interaction builders and a Recorder that runs a Handler and returns its Response.
package bottest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Kind names the Discord REST call a request was.
type Kind string

// The calls noirbot makes.
const (
	Callback    Kind = "callback"     // POST /api/v9/interactions/{id}/{token}/callback
	Edit        Kind = "edit"         // PATCH /api/v9/webhooks/{app}/{token}/messages/@original
	Delete      Kind = "delete"       // DELETE /api/v9/webhooks/{app}/{token}/messages/@original
	FollowUp    Kind = "followup"     // POST /api/v9/webhooks/{app}/{token}
	ChannelPost Kind = "channel_post" // POST /api/v9/channels/{id}/messages
	Commands    Kind = "commands"     // PUT /api/v9/applications/{app}[/guilds/{g}]/commands
	Gateway     Kind = "gateway"      // GET /api/v9/gateway[/bot] (gateway discovery)
	OAuthToken  Kind = "oauth_token"  // POST /api/v10/oauth2/token (OAuth2 code exchange)
	CurrentUser Kind = "current_user" // GET /api/v10/users/@me (or /api/users/@me) with a bearer token
	Other       Kind = "other"
)

// FailTimeout is how long the fake waits for something that should happen
// before failing a test; generous, never a timing assertion.
const FailTimeout = 30 * time.Second

// Request is one recorded call to the fake Discord.
type Request struct {
	Kind   Kind
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Payload is the JSON the request carries: the body itself, or the
	// payload_json part of a multipart/form-data request.
	Payload []byte
	// Files are the files[n] parts of a multipart/form-data request, in order.
	Files []File
}

// File is one uploaded file of a multipart/form-data request.
type File struct {
	Field       string // the form field, "files[0]"
	Name        string // the file name
	ContentType string
	Data        []byte
}

// JSON decodes the payload into a generic map (nil when not JSON).
func (r Request) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Payload, &m)
	return m
}

// Multipart reports whether the request was sent as multipart/form-data.
func (r Request) Multipart() bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// Token is the interaction token in the path ("" for channel and command calls).
func (r Request) Token() string {
	parts := strings.Split(strings.TrimPrefix(r.Path, "/api/v9/"), "/")
	switch {
	case len(parts) >= 3 && parts[0] == "interactions":
		return parts[2]
	case len(parts) >= 3 && parts[0] == "webhooks":
		return parts[2]
	}
	return ""
}

// Reply is a canned answer for the next request of a kind.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// FakeDiscord is an httptest Discord REST server that records every call. Its
// gateway discovery points at its own websocket gateway (see Gateway).
type FakeDiscord struct {
	*httptest.Server
	t        testing.TB
	gateway  *FakeGateway
	oauth    *OAuthProvider
	mu       sync.Mutex
	reqs     []Request
	changed  chan struct{}
	barriers map[Kind]*barrier
	replies  map[Kind][]Reply
	inFlight map[Kind]int
	maxIn    map[Kind]int
}

type barrier struct {
	n       int
	arrived int
	open    chan struct{}
}

// NewFakeDiscord starts a fake Discord closed by t.Cleanup; pass its URL as api_url.
func NewFakeDiscord(t testing.TB) *FakeDiscord {
	f := &FakeDiscord{
		t: t, changed: make(chan struct{}),
		barriers: map[Kind]*barrier{}, replies: map[Kind][]Reply{},
		inFlight: map[Kind]int{}, maxIn: map[Kind]int{},
		gateway: newFakeGateway(t),
		oauth:   NewOAuthProvider(),
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		f.gateway.close()
		f.Close()
	})
	return f
}

// Gateway is the fake's websocket gateway, which GET /api/v9/gateway[/bot] names.
func (f *FakeDiscord) Gateway() *FakeGateway { return f.gateway }

func classify(method, path string) Kind {
	switch {
	case strings.HasPrefix(path, "/api/v9/interactions/") && strings.HasSuffix(path, "/callback"):
		return Callback
	case strings.HasPrefix(path, "/api/v9/webhooks/") && strings.HasSuffix(path, "/messages/@original"):
		if method == http.MethodDelete {
			return Delete
		}
		return Edit
	case strings.HasPrefix(path, "/api/v9/webhooks/") && method == http.MethodPost:
		return FollowUp
	case strings.HasPrefix(path, "/api/v9/channels/") && strings.HasSuffix(path, "/messages"):
		return ChannelPost
	case strings.HasPrefix(path, "/api/v9/applications/") && strings.HasSuffix(path, "/commands"):
		return Commands
	case method == http.MethodGet && (path == "/api/v9/gateway" || path == "/api/v9/gateway/bot"):
		return Gateway
	case method == http.MethodPost && (path == "/api/v10/oauth2/token" || path == "/api/oauth2/token"):
		return OAuthToken
	case method == http.MethodGet && (path == "/api/v10/users/@me" || path == "/api/users/@me"):
		return CurrentUser
	}
	return Other
}

func (f *FakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == gatewayPath {
		f.gateway.serveWS(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := Request{Kind: classify(r.Method, r.URL.Path), Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Payload: body}
	var formErr error
	if req.Multipart() {
		req.Payload, req.Files, formErr = parseForm(req.Header.Get("Content-Type"), body)
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	close(f.changed)
	f.changed = make(chan struct{})
	f.inFlight[req.Kind]++
	f.maxIn[req.Kind] = max(f.maxIn[req.Kind], f.inFlight[req.Kind])
	b := f.barriers[req.Kind]
	if b != nil {
		b.arrived++
		if b.arrived == b.n {
			close(b.open)
		}
	}
	var reply *Reply
	if q := f.replies[req.Kind]; len(q) > 0 {
		reply, f.replies[req.Kind] = &q[0], q[1:]
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[req.Kind]--
		f.mu.Unlock()
	}()
	if b != nil {
		select {
		case <-b.open:
		case <-time.After(FailTimeout):
			f.t.Errorf("fake discord: %s held %v waiting for %d requests in flight", req.Kind, FailTimeout, b.n)
		}
	}
	if formErr != nil {
		// Discord refuses a form it cannot read; so does the fake, loudly.
		http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
		return
	}
	f.answer(w, req, reply)
}

func (f *FakeDiscord) answer(w http.ResponseWriter, req Request, reply *Reply) {
	if reply != nil {
		for k, v := range reply.Header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(reply.Status)
		_, _ = io.WriteString(w, reply.Body)
		return
	}
	switch {
	case req.Kind == Delete || req.Kind == Callback:
		w.WriteHeader(http.StatusNoContent)
	case req.Kind == Commands:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(req.Body)
	case req.Kind == Gateway:
		f.gateway.discovery(w, req.Path, strings.TrimPrefix(f.URL, "http://"))
	case req.Kind == OAuthToken:
		f.oauth.token(w, req)
	case req.Kind == CurrentUser:
		f.oauth.me(w, req)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"1"}`)
	}
}

// HoldUntilInFlight makes each request of kind wait until n of them are in
// flight at once (the structural proof of concurrency); it fails the test after FailTimeout.
func (f *FakeDiscord) HoldUntilInFlight(kind Kind, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.barriers[kind] = &barrier{n: n, open: make(chan struct{})}
}

// Hold makes requests of kind wait until release is called (or FailTimeout passes).
func (f *FakeDiscord) Hold(kind Kind) (release func()) {
	b := &barrier{n: -1, open: make(chan struct{})}
	f.mu.Lock()
	f.barriers[kind] = b
	f.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.barriers, kind)
			f.mu.Unlock()
			close(b.open)
		})
	}
}

// ReplyNext queues canned answers for the next requests of kind (e.g. a 429).
func (f *FakeDiscord) ReplyNext(kind Kind, replies ...Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.replies[kind] = append(f.replies[kind], replies...)
}

// MaxInFlight is the most requests of kind that were in flight at the same time.
func (f *FakeDiscord) MaxInFlight(kind Kind) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxIn[kind]
}

// Requests are the recorded requests of the given kinds (all when none given), in arrival order.
func (f *FakeDiscord) Requests(kinds ...Kind) []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Request
	for _, r := range f.reqs {
		if len(kinds) == 0 || containsKind(kinds, r.Kind) {
			out = append(out, r)
		}
	}
	return out
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// Count is how many requests of kind were received.
func (f *FakeDiscord) Count(kind Kind) int { return len(f.Requests(kind)) }

// WaitFor waits until at least n requests of kind arrived and returns them;
// it fails the test after FailTimeout.
func (f *FakeDiscord) WaitFor(t testing.TB, kind Kind, n int) []Request {
	t.Helper()
	deadline := time.After(FailTimeout)
	for {
		f.mu.Lock()
		changed := f.changed
		f.mu.Unlock()
		if got := f.Requests(kind); len(got) >= n {
			return got
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("fake discord: waited %v for %d %s requests, got %d", FailTimeout, n, kind, f.Count(kind))
		}
	}
}

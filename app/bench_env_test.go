package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// benchEnv is one noirbot (App.Run, HTTP interactions mode) under load, with the Valentina
// emulator either in this process behind an upstreamLog, or in a child process (soak).
type benchEnv struct {
	app    *App
	emu    *vclienttest.Emulator // nil when the emulator runs in a child process
	up     *upstreamLog          // nil when the emulator runs in a child process
	url    string                // the interactions endpoint
	apiURL string                // the Valentina API the app talks to
	signer *bottest.Signer
	client *http.Client
	nextID atomic.Int64
	stop   func()
}

// benchSetup says what a benchEnv is built from.
type benchSetup struct {
	redisURL string // "" = embedded
	apiURL   string // "" = a new in-process emulator
	prefix   string // Redis key prefix ("" = a fresh one)
	// version is the API dialect of the emulator and of valentina.api_version ("" = the
	// suite's, NOIRBOT_TEST_API_VERSION; a child emulator inherits it from the environment).
	version vclienttest.APIVersion
	adjust  func(*config.Config)
	// companyID is the sandbox company of the emulator at apiURL ("" = seeded alike: true
	// of v1's ids, not of v2's time-ordered UUIDs, so a v2 emulator elsewhere must name it).
	companyID string
	// appOpts adjust the app (tests).
	appOpts []Option
	// publicKey is the hex Ed25519 key interactions are signed with ("" = env.signer's).
	publicKey string
}

// benchPrefixSeq makes every bench app's key prefix unique (a cold cache each time).
var benchPrefixSeq atomic.Int64

// newBenchEnv starts an app as `noirbot run` would, logging JSON at info level to nowhere (the
// production cost of the one log line per interaction, without the terminal).
func newBenchEnv(t testing.TB, s benchSetup) *benchEnv {
	t.Helper()
	env := &benchEnv{signer: bottest.NewSigner(), client: benchHTTPClient()}
	env.nextID.Store(1_000_000_000_000_000_000 + benchPrefixSeq.Add(1)*1_000_000_000)
	fake := bottest.NewFakeDiscord(t)
	cfg := config.Default()
	cfg.Discord.Gateway = false
	cfg.Discord.Token = "bench-bot-token"
	cfg.Discord.ApplicationID = bottest.DefaultAppID
	cfg.Discord.PublicKey = hex.EncodeToString(env.signer.Public)
	if s.publicKey != "" {
		cfg.Discord.PublicKey = s.publicKey
	}
	cfg.Discord.InteractionsAddr = "127.0.0.1:0"
	cfg.Discord.APIURL = fake.URL
	cfg.HTTP.Addr = "localhost:0"
	cfg.Redis.URL = config.Secret(s.redisURL)
	cfg.Redis.KeyPrefix = s.prefix
	if cfg.Redis.KeyPrefix == "" {
		cfg.Redis.KeyPrefix = fmt.Sprintf("bench-%d-%d", os.Getpid(), benchPrefixSeq.Add(1))
	}
	if s.redisURL != "" {
		prefix := cfg.Redis.KeyPrefix
		t.Cleanup(func() { _ = dropPrefix(s.redisURL, prefix) })
	}
	version := s.version
	if version == "" {
		version = testAPIVersion()
	}
	cfg.Valentina.APIKey = vclienttest.DefaultAPIKey
	cfg.Valentina.BaseURL = s.apiURL
	cfg.Valentina.APIVersion = string(version)
	dialect := vclienttest.WithAPIVersion(version)
	companyID := s.companyID
	if s.apiURL == "" {
		env.emu = vclienttest.New(dialect)
		companyID = vclienttest.SeedDemo(env.emu).CompanyID
		env.up = newUpstreamLog()
		srv := httptest.NewServer(env.up.wrap(env.emu))
		t.Cleanup(srv.Close)
		cfg.Valentina.BaseURL = srv.URL
	}
	if companyID == "" { // another process's emulator: v1's seeding is deterministic, v2's UUIDs are not
		companyID = vclienttest.SeedDemo(vclienttest.New(dialect)).CompanyID
	}
	env.apiURL = cfg.Valentina.BaseURL
	g := config.DefaultGuild()
	g.ID, g.CompanyID = bottest.DefaultGuildID, companyID
	cfg.Guilds = []config.Guild{g}
	if s.adjust != nil {
		s.adjust(cfg)
	}
	if err := cfg.Validate(config.CmdRun); err != nil {
		t.Fatalf("bench config: %v", err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := New(context.Background(), cfg, log, s.appOpts...)
	if err != nil {
		t.Fatalf("bench app: %v", err)
	}
	env.app = a
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() { exited <- a.Run(ctx) }()
	select {
	case <-a.up:
	case code := <-exited:
		t.Fatalf("bench app exited with %d", code)
	}
	if env.emu != nil {
		env.emu.ResetRequests() // the start-up probe is no interaction's
	}
	env.url = "http://" + a.interactionsAddr + "/interactions"
	var once sync.Once
	env.stop = func() {
		once.Do(func() {
			cancel()
			<-exited
			env.client.CloseIdleConnections()
		})
	}
	t.Cleanup(env.stop)
	return env
}

// benchHTTPClient is the load generator's client: keep-alive connections, as Discord's
// edge keeps them to a busy bot.
func benchHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 512, 512
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// interaction is one built interaction: its id, what it is, and its JSON.
type interaction struct {
	id   string
	kind string // "quickroll" or "autocomplete"
	body []byte
}

// quickroll builds Alice's /quickroll of one of her sandbox quickrolls.
func (env *benchEnv) quickroll() interaction {
	id := strconv.FormatInt(env.nextID.Add(1), 10)
	b := bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms")).ID(id)
	return interaction{id: id, kind: "quickroll", body: b.JSON()}
}

// autocomplete builds Alice typing a quickroll name.
func (env *benchEnv) autocomplete() interaction {
	id := strconv.FormatInt(env.nextID.Add(1), 10)
	b := bottest.Autocomplete("/quickroll", "name", bottest.O("name", "Dex")).ID(id)
	return interaction{id: id, kind: "autocomplete", body: b.JSON()}
}

// outcome is what the load generator saw for one interaction (without its body, so that
// keeping 100k of them stays cheap).
type outcome struct {
	id, kind string
	latency  time.Duration // request sent → first response read (signing excluded)
	typ      int           // interaction response type (4 message, 5 deferred, 8 choices, ...)
	err      error
}

// send signs in, posts it and reads the first response.
func (env *benchEnv) send(ctx context.Context, in interaction) outcome {
	return sendSigned(ctx, env.client, env.signer, env.url, in)
}

// sendSigned signs and posts one interaction to url; the clock starts after signing.
func sendSigned(ctx context.Context, hc *http.Client, s *bottest.Signer, url string, in interaction) outcome {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(in.body))
	if err != nil {
		return outcome{id: in.id, kind: in.kind, err: err}
	}
	for k, v := range s.Headers(in.body, time.Now()) {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return outcome{id: in.id, kind: in.kind, err: err}
	}
	data, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	o := outcome{id: in.id, kind: in.kind, latency: time.Since(start), err: err}
	if resp.StatusCode != http.StatusOK {
		o.err = fmt.Errorf("status %d: %s", resp.StatusCode, data)
		return o
	}
	var first struct {
		Type int `json:"type"`
	}
	if err := json.Unmarshal(data, &first); err != nil {
		o.err = fmt.Errorf("decode first response: %w", err)
	}
	o.typ = first.Type
	return o
}

// upstreamLog times every request the emulator serves (server side: from the handler's
// start to its end, injected latency included) and attributes it to the interaction named
// by its Idempotency-Key ("noirbot-<interaction id>-<op>"); reads carry no key.
type upstreamLog struct {
	mu     sync.Mutex
	calls  []upstreamCall
	byID   map[string]time.Duration
	record bool // keep calls (cold measurements); byID is always kept
}

// upstreamCall is one request to the emulator.
type upstreamCall struct {
	route      string
	start, end time.Time
}

func newUpstreamLog() *upstreamLog {
	return &upstreamLog{byID: map[string]time.Duration{}}
}

func (u *upstreamLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		end := time.Now()
		id := interactionOfKey(r.Header.Get("Idempotency-Key"))
		u.mu.Lock()
		defer u.mu.Unlock()
		if id != "" {
			u.byID[id] += end.Sub(start)
		}
		if u.record {
			u.calls = append(u.calls, upstreamCall{route: r.Method + " " + r.URL.Path, start: start, end: end})
		}
	})
}

// interactionOfKey is the interaction id in "noirbot-<id>-<op>".
func interactionOfKey(key string) string {
	rest, ok := strings.CutPrefix(key, "noirbot-")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "-")
	return id
}

// reset forgets everything and sets whether individual calls are kept.
func (u *upstreamLog) reset(record bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls, u.byID, u.record = nil, map[string]time.Duration{}, record
}

// upstreamOf is the upstream time attributed to an interaction.
func (u *upstreamLog) upstreamOf(id string) time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.byID[id]
}

// recorded returns the calls kept since reset(true).
func (u *upstreamLog) recorded() []upstreamCall {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]upstreamCall(nil), u.calls...)
}

// sequentialRoundTrips is the longest chain of calls each starting after the previous one
// ended: the number of round trips the caller waited for one after another.
func sequentialRoundTrips(calls []upstreamCall) int {
	calls = slices.Clone(calls)
	slices.SortFunc(calls, func(a, b upstreamCall) int { return a.start.Compare(b.start) })
	depth := make([]int, len(calls))
	longest := 0
	for i, c := range calls {
		depth[i] = 1
		for j := range i {
			if !calls[j].end.After(c.start) {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		longest = max(longest, depth[i])
	}
	return longest
}

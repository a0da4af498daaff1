package oauth_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Discord accounts of the tests: the sandbox's Alice (Valentina knows her Discord id), Carol
// (Valentina knows her e-mail only) and Nora (a newcomer).
const (
	aliceDiscord = "300"
	carolDiscord = "500"
	noraDiscord  = "777"
	clientSecret = "oauth-client-secret-s3cr3t"
)

// flow is a Linker served over real HTTP, in front of the fake Discord and the v2 emulator,
// with its states in Redis (TEST_REDIS_URL, or a private miniredis), its hook recorded and
// its logs captured as JSON.
type flow struct {
	linker *oauth.Linker
	fake   *bottest.FakeDiscord
	emu    *vclienttest.Server
	sb     *vclienttest.Demo
	srv    *httptest.Server
	hook   *recordingHook
	logs   *bottest.SyncBuffer
	mini   *miniredis.Miniredis // nil on a real Redis
	carol  string               // Carol's Valentina user id
}

type flowOption func(*flowSetup)

type flowSetup struct {
	budget    time.Duration
	miniredis bool
}

// withBudget replaces the callback's 8 s budget.
func withBudget(d time.Duration) flowOption { return func(s *flowSetup) { s.budget = d } }

// onMiniredis keeps the states in a private miniredis, whose clock the test moves.
func onMiniredis() flowOption { return func(s *flowSetup) { s.miniredis = true } }

func newFlow(t *testing.T, opts ...flowOption) *flow {
	t.Helper()
	setup := &flowSetup{}
	for _, o := range opts {
		o(setup)
	}
	f := &flow{fake: bottest.NewFakeDiscord(t), hook: &recordingHook{}, logs: &bottest.SyncBuffer{}}
	f.fake.SetOAuthClient(bottest.DefaultAppID, clientSecret)
	f.fake.AddUser(bottest.DiscordUser{ID: aliceDiscord, Username: "alice", Email: "alice@example.com", Verified: true})
	f.fake.AddUser(bottest.DiscordUser{ID: carolDiscord, Username: "carol", Email: "carol@example.com", Verified: true})
	f.fake.AddUser(bottest.DiscordUser{ID: noraDiscord, Username: "nora", Email: "nora@example.com", Verified: true})

	f.emu = vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V2), vclienttest.WithDiscordAPI(f.fake.URL))
	f.sb = vclienttest.SeedDemo(f.emu.Emulator)
	f.carol = f.emu.AddUser(f.sb.CompanyID, vclienttest.User{Name: "Carol", Email: "Carol@example.com", Role: vclient.RolePlayer})
	api, err := vclient.New(f.emu.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIv2),
		vclient.WithBackoff(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)

	redisURL := os.Getenv("TEST_REDIS_URL")
	if redisURL == "" || setup.miniredis {
		f.mini = miniredis.RunT(t)
		redisURL = "redis://" + f.mini.Addr()
	}
	store, err := cache.Open(t.Context(), cache.Options{URL: redisURL, KeyPrefix: "oauth-test-" + randomHex(6),
		OpTimeout: 5 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })

	mux := http.NewServeMux()
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	o := oauth.Options{
		ClientID: bottest.DefaultAppID, ClientSecret: config.Secret(clientSecret),
		RedirectURL: f.srv.URL + oauth.CallbackPath, DiscordAPI: f.fake.URL,
		States: store, API: api, Hook: f.hook,
		Logger: slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	o.Budget = setup.budget
	f.linker, err = oauth.New(o)
	require.NoError(t, err)
	mux.Handle(oauth.CallbackPath, f.linker)
	f.emu.ResetRequests()
	return f
}

// authorizeURL is the URL of a button made for discordID in the sandbox's guild.
func (f *flow) authorizeURL(t *testing.T, discordID string) string {
	t.Helper()
	u, err := f.linker.AuthorizeURL(t.Context(), bottest.DefaultGuildID, f.sb.CompanyID, discordID)
	require.NoError(t, err)
	return u
}

// callback is one answer of the callback, as the member's browser sees it.
type callback struct {
	status int
	header http.Header
	body   string
}

// open requests rawURL (the callback, as Discord's redirect names it) over real HTTP, with a
// client that gives up after 10 s: the bound every page must come within.
func (f *flow) open(t *testing.T, rawURL string) callback {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(rawURL)
	require.NoError(t, err, "the callback answers within 10 s")
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return callback{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// callbackURL is the callback with the given query (raw, as a forger would write it).
func (f *flow) callbackURL(rawQuery string) string {
	return f.srv.URL + oauth.CallbackPath + "?" + rawQuery
}

// signIn plays the whole browser side: a button for asker, Discord's authorize page approved
// by signer, then the callback.
func (f *flow) signIn(t *testing.T, asker, signer string) callback {
	t.Helper()
	return f.open(t, f.fake.Authorize(t, f.authorizeURL(t, asker), signer))
}

// writes lists the API requests that were not reads.
func (f *flow) writes() []string {
	var w []string
	for _, r := range f.emu.Requests() {
		if r.Method != http.MethodGet {
			w = append(w, r.Route)
		}
	}
	return w
}

// says asserts that the page shows text (as the browser reads it: escaped in the HTML).
func (c callback) says(t *testing.T, text string) {
	t.Helper()
	assert.Contains(t, c.body, html.EscapeString(text))
}

// stateOf is the state parameter of an authorize URL.
func stateOf(t *testing.T, authorizeURL string) string {
	t.Helper()
	u, err := url.Parse(authorizeURL)
	require.NoError(t, err)
	return u.Query().Get("state")
}

// recordingHook records what it is told.
type recordingHook struct {
	mu       sync.Mutex
	outcomes []oauth.Outcome
}

func (h *recordingHook) SignedIn(_ context.Context, o oauth.Outcome) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.outcomes = append(h.outcomes, o)
}

func (h *recordingHook) told() []oauth.Outcome {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]oauth.Outcome(nil), h.outcomes...)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

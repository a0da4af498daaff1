package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// runEnv is the environment of a `noirbot run` in HTTP interactions mode against the API at
// apiURL with valentina.api_version = version, and the admin and interactions addresses.
func runEnv(t *testing.T, apiURL string, version vclienttest.APIVersion, signer *bottest.Signer) (env map[string]string, admin, interactions string) {
	t.Helper()
	fake := bottest.NewFakeDiscord(t)
	interactions, admin = freeAddr(t), freeAddr(t)
	return map[string]string{
		"NOIRBOT_DISCORD_TOKEN":             "run-cmd-secret-token",
		"NOIRBOT_DISCORD_APPLICATION_ID":    bottest.DefaultAppID,
		"NOIRBOT_DISCORD_PUBLIC_KEY":        hex.EncodeToString(signer.Public),
		"NOIRBOT_DISCORD_GATEWAY":           "false",
		"NOIRBOT_DISCORD_INTERACTIONS_ADDR": interactions,
		"NOIRBOT_DISCORD_API_URL":           fake.URL,
		"NOIRBOT_VALENTINA_BASE_URL":        apiURL,
		"NOIRBOT_VALENTINA_API_KEY":         vclienttest.DefaultAPIKey,
		"NOIRBOT_VALENTINA_API_VERSION":     string(version),
		"NOIRBOT_HTTP_ADDR":                 admin,
	}, admin, interactions
}

func TestRunCommandServesUntilSIGTERMThenStopsCleanly(t *testing.T) {
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.TestAPIVersion()))
	sb := vclienttest.SeedDemo(emu.Emulator)
	signer := bottest.NewSigner()
	env, admin, interactions := runEnv(t, emu.URL, vclienttest.TestAPIVersion(), signer)
	cfgPath := writeConfig(t, "[[guilds]]\nid = \""+bottest.DefaultGuildID+"\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	ctx, sigterm := context.WithCancel(t.Context())
	defer sigterm()
	stderr := &bottest.SyncBuffer{}
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), io.Discard, stderr, lookup)
	}()

	get := func(path string) int {
		resp, err := http.Get("http://" + admin + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	require.True(t, bottest.WaitUntil(func() bool { return get("/readyz") == http.StatusOK }), stderr.String())

	req, err := signer.Request(t.Context(), "http://"+interactions+"/interactions", bottest.Command("/help").JSON())
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, bottest.WaitUntil(func() bool { return strings.Contains(stderr.String(), `"command":"/help"`) }))
	assert.Equal(t, http.StatusOK, get("/metrics"))

	sigterm()
	assert.Equal(t, 0, <-exited)
	logs := stderr.String()
	assert.Contains(t, logs, `"msg":"starting noirbot"`, "JSON logs on stderr")
	assert.Contains(t, logs, `"msg":"stopped"`)
	assert.NotContains(t, logs, "run-cmd-secret-token")
	assert.Zero(t, get("/healthz"), "the admin server is closed after shutdown")
}

func TestRunExitsTwoNamingTheKeyWhenTheAPISpeaksTheOtherGeneration(t *testing.T) {
	for _, tt := range []struct{ configured, served vclienttest.APIVersion }{
		{vclienttest.V1, vclienttest.V2},
		{vclienttest.V2, vclienttest.V1},
	} {
		t.Run("api_version "+string(tt.configured)+" against an API "+string(tt.served), func(t *testing.T) {
			emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(tt.served))
			sb := vclienttest.SeedDemo(emu.Emulator)
			env, admin, _ := runEnv(t, emu.URL, tt.configured, bottest.NewSigner())
			cfgPath := writeConfig(t, "[[guilds]]\nid = \""+bottest.DefaultGuildID+"\"\ncompany_id = \""+sb.CompanyID+"\"\n")

			code, _, errOut := runCLI(t, env, "run", "-config", cfgPath)
			assert.Equal(t, 2, code, errOut)
			want := fmt.Sprintf(`valentina.api_version is \"%s\" but the API speaks %s: set api_version = \"%s\"`,
				tt.configured, tt.served, tt.served)
			assert.Contains(t, errOut, want, "the key and the value to set")
			assert.Equal(t, 1, strings.Count(errOut, `"level":"ERROR"`), "one error line:\n%s", errOut)
			assert.NotContains(t, errOut, "serving", "nothing was served")
			assert.Len(t, emu.Requests(), 1, "one probe")
			_, err := http.Get("http://" + admin + "/healthz")
			assert.Error(t, err, "the admin server never started")
		})
	}
}

// flakyAPI is a Valentina API that drops every connection until serve is given a handler.
type flakyAPI struct {
	mu      sync.Mutex
	next    http.Handler
	dropped int // connections dropped while down
}

func (f *flakyAPI) serve(h http.Handler) { f.mu.Lock(); f.next = h; f.mu.Unlock() }

func (f *flakyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	next := f.next
	if next == nil {
		f.dropped++
	}
	f.mu.Unlock()
	if next == nil {
		panic(http.ErrAbortHandler)
	}
	next.ServeHTTP(w, r)
}

func (f *flakyAPI) drops() int { f.mu.Lock(); defer f.mu.Unlock(); return f.dropped }

func TestRunStartsWhenTheAPIDoesNotAnswerAndReadyzProbesUntilItDoes(t *testing.T) {
	api := &flakyAPI{}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	signer := bottest.NewSigner()
	env, admin, _ := runEnv(t, srv.URL, vclienttest.TestAPIVersion(), signer)
	cfgPath := writeConfig(t, "[[guilds]]\nid = \""+bottest.DefaultGuildID+"\"\ncompany_id = \"c\"\n")
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	ctx, sigterm := context.WithCancel(t.Context())
	defer sigterm()
	stderr := &bottest.SyncBuffer{}
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), io.Discard, stderr, lookup)
	}()
	readyz := func() (int, string) {
		resp, err := http.Get("http://" + admin + "/readyz")
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	require.True(t, bottest.WaitUntil(func() bool { code, _ := readyz(); return code == http.StatusOK }), stderr.String())
	assert.Contains(t, stderr.String(), "cannot tell which Valentina API generation", "a warning, not an exit")
	before := api.drops()
	code, _ := readyz()
	assert.Equal(t, http.StatusOK, code, "an API that does not answer does not make the bot unready")
	assert.Greater(t, api.drops(), before, "the readiness check probed again")

	// The API comes back speaking the other generation: the next check finds out and says so.
	emu := vclienttest.New(vclienttest.WithAPIVersion(vclienttest.OtherTestAPIVersion()))
	api.serve(emu)
	want := fmt.Sprintf(`valentina.api_version is \"%s\" but the API speaks %s`, vclienttest.TestAPIVersion(), vclienttest.OtherTestAPIVersion())
	var body string
	require.True(t, bottest.WaitUntil(func() bool { code, body = readyz(); return code == http.StatusServiceUnavailable }), stderr.String())
	var decoded map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &decoded), body)
	assert.Equal(t, "unavailable", decoded["status"])
	assert.Contains(t, decoded["reason"], strings.ReplaceAll(want, `\"`, `"`), "the reason names the key and the value")
	code, _ = readyz()
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Len(t, emu.Requests(), 1, "an answer ends the probing")

	sigterm()
	assert.Equal(t, 0, <-exited)
	assert.Equal(t, 1, strings.Count(stderr.String(), want), "the mismatch is logged once:\n%s", stderr.String())
}

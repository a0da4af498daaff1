package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// runCLI runs a command line in-process and returns its exit code and output.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(t.Context(), args, strings.NewReader(""), &out, &errOut, lookup)
	return code, out.String(), errOut.String()
}

func TestVersionAndUsage(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version")
	assert.Equal(t, 0, code)
	assert.Equal(t, "noirbot dev\n", out)

	code, out, _ = runCLI(t, nil, "-h")
	assert.Equal(t, 0, code)
	for _, cmd := range []string{"run", "register", "console", "link", "emulator", "healthcheck", "version"} {
		assert.Contains(t, out, "noirbot "+cmd)
	}

	code, _, errOut := runCLI(t, nil, "launch")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "launch"`)
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range []string{"run", "register", "link", "emulator", "healthcheck"} {
		t.Run(cmd, func(t *testing.T) {
			code, _, errOut := runCLI(t, nil, cmd, "-h")
			assert.Equal(t, 0, code)
			assert.Contains(t, errOut, "Usage: noirbot "+cmd)
		})
	}
}

func TestBadFlagsAndConfigExitTwoWithOneLinePerProblem(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "run", "-bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "bogus")

	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[discord]\ntokn = \"x\"\n"), 0o600))
	code, _, errOut = runCLI(t, nil, "run", "-config", path)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "discord.tokn")
	assert.Contains(t, errOut, "line 2")

	require.NoError(t, os.WriteFile(path, []byte("[discord]\ngateway = false\n"), 0o600))
	code, _, errOut = runCLI(t, nil, "run", "-config", path)
	assert.Equal(t, 2, code)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	assert.GreaterOrEqual(t, len(lines), 2, "one line per problem: %s", errOut)
	assert.Contains(t, errOut, "valentina.api_key")
}

func TestLinkPatchesTheUserAndPrintsNoEmail(t *testing.T) {
	// The v1 link: a PATCH of the user's discord_profile (v2 cannot write it).
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V1))
	sb := vclienttest.SeedSandbox(emu.Emulator)
	env := map[string]string{
		"NOIRBOT_VALENTINA_BASE_URL":    emu.URL,
		"NOIRBOT_VALENTINA_API_KEY":     vclienttest.DefaultAPIKey,
		"NOIRBOT_VALENTINA_API_VERSION": "v1",
	}
	cfgPath := writeConfig(t, "[[guilds]]\nid = \"900\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	code, out, errOut := runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", sb.Bob)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "linked Discord 555555555555555555")
	assert.NotContains(t, out+errOut, "@example.com")

	u, ok := emu.User(sb.Bob)
	require.True(t, ok)
	assert.Equal(t, "555555555555555555", u.DiscordProfile.ID)
	reqs := emu.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "PATCH", reqs[0].Method)
	assert.JSONEq(t, `{"discord_profile":{"id":"555555555555555555"},"requesting_user_id":"`+sb.Bob+`"}`, string(reqs[0].Body))
}

func TestLinkWritesTheAdminLinkInV2(t *testing.T) {
	emu := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V2))
	sb := vclienttest.SeedSandbox(emu.Emulator)
	redis := miniredis.RunT(t)
	env := map[string]string{
		"NOIRBOT_VALENTINA_BASE_URL": emu.URL,
		"NOIRBOT_VALENTINA_API_KEY":  vclienttest.DefaultAPIKey,
		"NOIRBOT_REDIS_URL":          "redis://" + redis.Addr(),
	}
	cfgPath := writeConfig(t, "[[guilds]]\nid = \"900\"\ncompany_id = \""+sb.CompanyID+"\"\n")
	code, out, errOut := runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", sb.Bob)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "linked Discord 555555555555555555 to bob")
	assert.NotContains(t, out+errOut, "@example.com")

	got, err := redis.Get("noirbot:s:link:" + sb.CompanyID + ":555555555555555555")
	require.NoError(t, err)
	assert.Equal(t, sb.Bob, got, "the admin link is in the bot's state")
	reqs := emu.Requests()
	require.Len(t, reqs, 1, "the user is checked, nothing is written to the API")
	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, sb.Bob, reqs[0].OnBehalfOf)

	code, _, errOut = runCLI(t, env, "link", "-config", cfgPath, "-discord-id", "555555555555555555", "-user-id", "01900000-0000-7000-8000-000000000bad")
	assert.Equal(t, 1, code, "an unknown user is refused")
	assert.Contains(t, errOut, "not found")
}

func TestLinkRefusesAnEmbeddedRedisInV2(t *testing.T) {
	env := map[string]string{"NOIRBOT_VALENTINA_API_KEY": "k"}
	code, _, errOut := runCLI(t, env, "link", "-config", writeConfig(t, ""), "-discord-id", "5", "-user-id", "u", "-company", "c")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "redis.url is empty")
}

func TestLinkNeedsItsFlags(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"NOIRBOT_VALENTINA_API_KEY": "k"}, "link", "-config", writeConfig(t, ""))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-discord-id: required")
	assert.Contains(t, errOut, "-user-id: required")
	assert.Contains(t, errOut, "-company: required")
}

func TestRegisterSendsEveryValidatedCommandToTheGuild(t *testing.T) {
	fake := bottest.NewFakeDiscord(t)
	env := map[string]string{"NOIRBOT_DISCORD_TOKEN": "secret-token", "NOIRBOT_DISCORD_APPLICATION_ID": "700", "NOIRBOT_DISCORD_API_URL": fake.URL}
	code, out, errOut := runCLI(t, env, "register", "-config", writeConfig(t, ""), "-guild", "900")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "for guild 900")
	reqs := fake.WaitFor(t, bottest.Commands, 1)
	assert.Contains(t, reqs[0].Path, "/api/v9/applications/700/guilds/900/commands")
	assert.NotContains(t, out+errOut, "secret-token")
}

// discordBotUA is the User-Agent Discord requires, for the tests' version "dev".
const discordBotUA = "DiscordBot (https://github.com/noirbot/noirbot, dev)"

func TestDiscordRESTCallsSendTheDiscordBotUserAgent(t *testing.T) {
	t.Parallel()
	t.Run("noirbot register", func(t *testing.T) {
		fake := bottest.NewFakeDiscord(t)
		env := map[string]string{"NOIRBOT_DISCORD_TOKEN": "secret-token", "NOIRBOT_DISCORD_APPLICATION_ID": "700", "NOIRBOT_DISCORD_API_URL": fake.URL}
		code, _, errOut := runCLI(t, env, "register", "-config", writeConfig(t, ""), "-guild", "900")
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, discordBotUA, fake.WaitFor(t, bottest.Commands, 1)[0].Header.Get("User-Agent"))
	})
	t.Run("noirbot run", func(t *testing.T) {
		gate := newUpstreamGate(t, http.MethodPost, e2eRollSuffix)
		ta := startTestApp(t, e2eDeferAfter(e2eSlowAPI), withGate(gate))
		a := ta.e2eSendSigned(t, e2eAliceQuickroll().JSON())
		require.Equal(t, e2eDeferred, a.Type, a.Body)
		gate.open()
		assert.Equal(t, discordBotUA, ta.fake.WaitFor(t, bottest.Edit, 1)[0].Header.Get("User-Agent"))
	})
}

func TestHealthcheck(t *testing.T) {
	srv := startTestApp(t)
	code, out, errOut := runCLI(t, map[string]string{"NOIRBOT_HTTP_ADDR": srv.app.adminAddr}, "healthcheck", "-config", writeConfig(t, ""))
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok\n", out)

	code, _, _ = runCLI(t, map[string]string{"NOIRBOT_HTTP_ADDR": "127.0.0.1:1"}, "healthcheck", "-config", writeConfig(t, ""))
	assert.Equal(t, 1, code)
}

func TestHealthURLDialsLoopbackForAnEmptyHost(t *testing.T) {
	u, err := healthURL(":9090")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9090/healthz", u)
	u, err = healthURL("0.0.0.0:9090")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9090/healthz", u)
}

// testApp is a running noirbot in HTTP interactions mode against the emulator and a fake Discord.
type testApp struct {
	app    *app
	emu    *vclienttest.Server
	sb     *vclienttest.Sandbox
	signer *bottest.Signer
	fake   *bottest.FakeDiscord
	logs   *lockedWriter // everything the app logged (JSON lines)

	cancel context.CancelFunc // the "signal": cancels the context app.run waits on
	exited chan int           // app.run's exit code
}

// testSetup is what startTestApp builds the app from; testOptions adjust it.
type testSetup struct {
	cfg     *config.Config
	emuOpts []vclienttest.Option
	// upstream wraps the emulator's handler (e.g. to hold requests).
	upstream func(http.Handler) http.Handler
	// release runs before the emulator closes (e.g. to let held requests go).
	release []func()
	appOpts []appOption
	// fake, when set, is the Discord the app talks to instead of a fake of its own.
	fake *bottest.FakeDiscord
	// shared, when set, is another test app whose emulator and sandbox this app uses (two
	// replicas of one bot in front of one API).
	shared *testApp
	// guild adjusts the test guild's block (e.g. its audit channel).
	guild []func(*config.Guild)
}

// testOption adjusts a testSetup before the app is built.
type testOption func(*testSetup)

// startTestApp runs a real app (app.run, as `noirbot run` does) until the test ends or
// stop is called.
func startTestApp(t *testing.T, opts ...testOption) *testApp {
	t.Helper()
	signer := bottest.NewSigner()
	fake := bottest.NewFakeDiscord(t)
	cfg := config.Default()
	cfg.Discord.Gateway = false
	cfg.Discord.Token = "secret-bot-token"
	cfg.Discord.ApplicationID = bottest.DefaultAppID
	cfg.Discord.PublicKey = hex.EncodeToString(signer.Public)
	cfg.Discord.InteractionsAddr = "127.0.0.1:0"
	cfg.Discord.APIURL = fake.URL
	cfg.HTTP.Addr = "localhost:0" // a different string: validation refuses equal addresses
	cfg.Redis.URL = config.Secret(os.Getenv("TEST_REDIS_URL"))
	cfg.Redis.KeyPrefix = "test-main-" + hex.EncodeToString([]byte(t.Name()))[:16] + time.Now().Format("150405.000000")
	cfg.Valentina.APIVersion = string(testAPIVersion())
	setup := &testSetup{cfg: cfg, upstream: func(h http.Handler) http.Handler { return h },
		emuOpts: []vclienttest.Option{vclienttest.WithAPIVersion(testAPIVersion())}}
	for _, o := range opts {
		o(setup)
	}
	if setup.fake != nil {
		fake = setup.fake
		cfg.Discord.APIURL = fake.URL
	}
	var emu *vclienttest.Emulator
	var sb *vclienttest.Sandbox
	if setup.shared != nil {
		emu, sb = setup.shared.emu.Emulator, setup.shared.sb
	} else {
		emu = vclienttest.New(setup.emuOpts...)
		sb = vclienttest.SeedSandbox(emu)
	}
	upstream := httptest.NewServer(setup.upstream(emu))
	t.Cleanup(upstream.Close)
	t.Cleanup(func() {
		for _, f := range setup.release {
			f()
		}
	})
	cfg.Valentina.BaseURL = upstream.URL
	if cfg.Valentina.APIKey == "" {
		cfg.Valentina.APIKey = vclienttest.DefaultAPIKey
	}
	g := config.DefaultGuild()
	g.ID, g.CompanyID = bottest.DefaultGuildID, sb.CompanyID
	for _, f := range setup.guild {
		f(&g)
	}
	cfg.Guilds = []config.Guild{g}
	require.NoError(t, cfg.Validate(config.CmdRun))

	logs := &lockedWriter{w: &bytes.Buffer{}}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := newApp(t.Context(), cfg, log, setup.appOpts...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	ta := &testApp{app: a, emu: &vclienttest.Server{Emulator: emu, URL: upstream.URL}, sb: sb,
		signer: signer, fake: fake, logs: logs, cancel: cancel, exited: make(chan int, 1)}
	go func() { ta.exited <- a.run(ctx) }()
	select {
	case <-a.up:
	case code := <-ta.exited:
		t.Fatalf("app exited with %d before serving; logs:\n%s", code, logs)
	}
	emu.ResetRequests() // the start-up probe is not what the tests count
	t.Cleanup(func() { ta.stop(t) })
	return ta
}

// stop cancels the app's context as SIGTERM does and waits for app.run to return its
// exit code (again on later calls).
func (ta *testApp) stop(t *testing.T) int {
	t.Helper()
	ta.cancel()
	select {
	case code := <-ta.exited:
		ta.exited <- code
		return code
	case <-time.After(2 * shutdownBudget):
		t.Fatal("app did not stop")
		return -1
	}
}

// post sends a signed interaction to the running app and decodes its first response.
func (ta *testApp) post(t *testing.T, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := ta.signer.Request(t.Context(), "http://"+ta.app.interactionsAddr+"/interactions", body)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func TestRunServesSignedInteractionsEndToEnd(t *testing.T) {
	ta := startTestApp(t)
	status, out := ta.post(t, []byte(`{"type":1,"id":"1","application_id":"700","token":"t"}`))
	assert.Equal(t, 200, status)
	assert.Equal(t, float64(1), out["type"])

	status, out = ta.post(t, bottest.Command("/help").JSON())
	assert.Equal(t, 200, status)
	assert.Equal(t, float64(4), out["type"])
	data, _ := out["data"].(map[string]any)
	assert.Equal(t, float64(64), data["flags"], "help is private")

	resp, err := http.Get("http://" + ta.app.adminAddr + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

// lockedWriter serialises writes to a buffer shared with the test.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (lw *lockedWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}

// String is everything written so far (w must be a *bytes.Buffer).
func (lw *lockedWriter) String() string {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.(*bytes.Buffer).String()
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

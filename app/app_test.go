package app

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testApp is a running noirbot in HTTP interactions mode against the emulator and a fake Discord.
type testApp struct {
	app    *App
	emu    *vclienttest.Server
	sb     *vclienttest.Demo
	signer *bottest.Signer
	fake   *bottest.FakeDiscord
	logs   *bottest.SyncBuffer // everything the app logged (JSON lines)

	cancel context.CancelFunc // the "signal": cancels the context App.Run waits on
	exited chan int           // App.Run's exit code
}

// testSetup is what startTestApp builds the app from; testOptions adjust it.
type testSetup struct {
	cfg     *config.Config
	emuOpts []vclienttest.Option
	// upstream wraps the emulator's handler (e.g. to hold requests).
	upstream func(http.Handler) http.Handler
	// release runs before the emulator closes (e.g. to let held requests go).
	release []func()
	appOpts []Option
	// fake, when set, is the Discord the app talks to instead of a fake of its own.
	fake *bottest.FakeDiscord
	// shared, when set, is another test app whose emulator and sandbox this app uses (two
	// replicas of one bot in front of one API).
	shared *testApp
	// guild adjusts the test guild's block (e.g. its audit channel).
	guild []func(*config.Guild)
}

// testRedisOpTimeout bounds one Redis round trip in the system tests.
const testRedisOpTimeout = 5 * time.Second

// testOption adjusts a testSetup before the app is built.
type testOption func(*testSetup)

// startTestApp runs a real app (App.Run, as `noirbot run` does) until the test ends or
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
		emuOpts: []vclienttest.Option{vclienttest.WithAPIVersion(testAPIVersion())},
		// A loaded machine's Redis hiccups outlast production's 300 ms; the commands harness
		// allows the same 5 s. A test that needs Redis to give up sooner says so.
		appOpts: []Option{withRedisOpTimeout(testRedisOpTimeout)}}
	for _, o := range opts {
		o(setup)
	}
	if setup.fake != nil {
		fake = setup.fake
		cfg.Discord.APIURL = fake.URL
	}
	var emu *vclienttest.Emulator
	var sb *vclienttest.Demo
	if setup.shared != nil {
		emu, sb = setup.shared.emu.Emulator, setup.shared.sb
	} else {
		emu = vclienttest.New(setup.emuOpts...)
		sb = vclienttest.SeedDemo(emu)
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

	logs := &bottest.SyncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(t.Context(), cfg, log, setup.appOpts...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	ta := &testApp{app: a, emu: &vclienttest.Server{Emulator: emu, URL: upstream.URL}, sb: sb,
		signer: signer, fake: fake, logs: logs, cancel: cancel, exited: make(chan int, 1)}
	go func() { ta.exited <- a.Run(ctx) }()
	select {
	case <-a.up:
	case code := <-ta.exited:
		t.Fatalf("app exited with %d before serving; logs:\n%s", code, logs)
	}
	emu.ResetRequests() // the start-up probe is not what the tests count
	t.Cleanup(func() { ta.stop(t) })
	return ta
}

// stop cancels the app's context as SIGTERM does and waits for App.Run to return its
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

package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/stretchr/testify/require"
)

// Timers for the defer decision: the handler either always beats the timer or never does.
var (
	neverFires = func(time.Duration) <-chan time.Time { return nil }
	firesNow   = func(time.Duration) <-chan time.Time {
		c := make(chan time.Time, 1)
		c <- time.Now()
		return c
	}
)

// memDedup is an in-memory Deduper.
type memDedup struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (d *memDedup) FirstDelivery(_ context.Context, id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[id] {
		return false
	}
	d.seen[id] = true
	return true
}

type harness struct {
	url    string
	fake   *bottest.FakeDiscord
	signer *bottest.Signer
	engine *bot.Engine
	logs   *bottest.SyncBuffer
}

type harnessConfig struct {
	after func(time.Duration) <-chan time.Time
	grace time.Duration
}

// newHarness starts the real interactions handler over HTTP, with a fake
// Discord reached through api_url and a freshly generated signing key.
func newHarness(t *testing.T, cfg harnessConfig, routes func(m *bot.Mux)) *harness {
	t.Helper()
	h := &harness{fake: bottest.NewFakeDiscord(t), signer: bottest.NewSigner(), logs: &bottest.SyncBuffer{}}
	log := slog.New(slog.NewJSONHandler(h.logs, nil))
	mux := bot.NewMux()
	routes(mux)
	rest := bot.NewREST(h.fake.URL+"/ignored/path", "bot-token", bottest.DefaultAppID, bot.WithRESTLogger(log))
	h.engine = bot.NewEngine(bot.EngineConfig{
		Router: mux, REST: rest, ApplicationID: bottest.DefaultAppID, DeferAfter: 20 * time.Millisecond,
		Dedup: &memDedup{seen: map[string]bool{}}, Logger: log, After: cfg.after, ShutdownGrace: cfg.grace,
	})
	srv := httptest.NewServer(bot.NewInteractionsHandler(h.engine, h.signer.Public))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/interactions"
	return h
}

// send posts a signed interaction and returns the status and decoded JSON answer.
func (h *harness) send(t *testing.T, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := h.signer.Request(t.Context(), h.url, body)
	require.NoError(t, err)
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if resp.StatusCode == http.StatusOK {
		require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		require.NoError(t, json.Unmarshal(data, &m), string(data))
	}
	return resp.StatusCode, m
}

// data is the "data" object of a callback or the body of an edit.
func data(m map[string]any) map[string]any {
	d, _ := m["data"].(map[string]any)
	return d
}

func flagsOf(m map[string]any) int {
	f, _ := m["flags"].(float64)
	return int(f)
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

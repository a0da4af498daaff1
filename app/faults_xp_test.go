package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// deliverAll delivers the interactions concurrently and returns what became of each, in
// order; an interaction that got no answer fails the test.
func (ta *testApp) deliverAll(t *testing.T, bs []*bottest.Builder) []delivery {
	t.Helper()
	out := make([]delivery, len(bs))
	var wg sync.WaitGroup
	for i, b := range bs {
		wg.Go(func() {
			var err error
			out[i], err = ta.deliver(t.Context(), b)
			assert.NoError(t, err, "interaction %d got no answer", i)
		})
	}
	wg.Wait()
	return out
}

func TestFault429StormAnswersEveryInteractionAndAppliesEachAwardOnce(t *testing.T) {
	t.Parallel()
	// A tiny bucket (four requests, then one every 25 ms) that vclient paces itself against from
	// the RateLimit headers, plus a burst of 429s it cannot foresee (the shared identity load
	// meets three of them and gets through on its last retry).
	ta := startTestApp(t, func(s *testSetup) { s.emuOpts = append(s.emuOpts, vclienttest.WithRateLimit(4, 40)) })
	before := ta.xpTotal()
	ta.emu.InjectFault(vclienttest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 50 * time.Millisecond, Times: 3})
	var bs []*bottest.Builder
	for i := range 3 {
		bs = append(bs, faultXPAdd(fmt.Sprint(6300001+i), 1), faultQuickroll(fmt.Sprint(6300101+i)))
	}
	ds := ta.deliverAll(t, bs)
	applied := 0
	for i, d := range ds {
		switch {
		case strings.Contains(d.msg, "Total XP"):
			applied++
		case strings.Contains(d.msg, "Dexterity + Firearms"):
		default:
			assert.Contains(t, d.msg, "Valentina is busy", "interaction %d: %s", i, d.msg)
		}
	}
	limited := 0
	for _, r := range ta.emu.Requests() {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	assert.Positive(t, limited, "the storm happened")
	t.Logf("%d requests rate-limited; %d of 3 awards applied", limited, applied)

	assert.Equal(t, before+applied, ta.xpTotal(), "exactly the awards reported as done were applied, once each")
	ta.stillServes(t)
}

func TestFaultSlowAPIGetsTheDeferredAcknowledgementThenTheResult(t *testing.T) {
	t.Parallel()
	// Scaled down from SPEC §10's 5 s: the API is slower than defer_after, faster than the timeout.
	ta := startTestApp(t, withConfig(func(c *config.Config) {
		c.Discord.DeferAfter = config.Duration{Duration: 50 * time.Millisecond}
		c.Valentina.Timeout = config.Duration{Duration: 2 * time.Second}
	}))
	before := ta.xpTotal()
	rolled(t, ta.answer(t, faultQuickroll("6400001")))
	awarded(t, ta.answer(t, faultXPAdd("6400002", 1)))
	// 20 times defer_after: the acknowledgement goes out long before any answer can.
	ta.emu.SetLatency(time.Second)

	q := ta.answer(t, faultQuickroll("6400003"))
	assert.Equal(t, 5, q.first, "deferred")
	rolled(t, q)
	x := ta.answer(t, faultXPAdd("6400004", 2))
	assert.Equal(t, 5, x.first, "deferred")
	awarded(t, x)
	assert.Equal(t, before+3, ta.xpTotal())
	ta.emu.SetLatency(0)
	ta.stillServes(t)
}

// xpAddKeys are the Idempotency-Keys of the xp/add requests the emulator saw.
func xpAddKeys(ta *testApp) []string {
	var keys []string
	for _, r := range ta.emu.Requests() {
		if r.Route == xpAddRoute {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	return keys
}

func TestFaultXPAwardIsAppliedOnceWhenTheAPIIsSlowerThanTheTimeoutOrLosesTheResponse(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]vclienttest.Fault{
		// The award is applied, but its answer comes after valentina.timeout: the client gives
		// up, waits a further timeout, and retries with the same key.
		"answer slower than the timeout": {Method: "POST", Route: xpAddRoute, LatencyAfter: 2 * time.Second, Times: 1},
		"response lost":                  {Method: "POST", Route: xpAddRoute, LoseResponse: true, Times: 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ta := startTestApp(t, withConfig(func(c *config.Config) {
				c.Discord.DeferAfter = config.Duration{Duration: 50 * time.Millisecond}
				c.Valentina.Timeout = config.Duration{Duration: 200 * time.Millisecond}
			}))
			before := ta.xpTotal()
			awarded(t, ta.answer(t, faultXPAdd("6500001", 1)))
			ta.emu.ResetRequests()
			ta.emu.InjectFault(fault)

			d := ta.answer(t, faultXPAdd("6500002", 4))
			awarded(t, d)
			assert.Contains(t, d.msg, fmt.Sprintf("%d → %d", before+1, before+5), d.msg)
			assert.Equal(t, before+5, ta.xpTotal(), "applied once")
			assert.Equal(t, []string{"noirbot-6500002-xp-add", "noirbot-6500002-xp-add"}, xpAddKeys(ta),
				"the retry carried the same key")
			ta.stillServes(t)
		})
	}
}

func TestFaultSameInteractionAtTwoInstancesSharingRedisIsAppliedOnce(t *testing.T) {
	t.Parallel()
	// On every backend the bot supports (SPEC §10): miniredis, and when configured a real
	// single node, a Redis Cluster and Sentinel (topology_test.go).
	for _, be := range redisBackends(t) {
		t.Run(be.Name, func(t *testing.T) {
			t.Parallel()
			reportBackend(t, be.Name)
			prefix := uniquePrefix("fault-replicas")
			a := startTestApp(t, withRedis(be.URL, prefix))
			b := startTestApp(t, withRedis(be.URL, prefix),
				func(s *testSetup) { s.shared = a }) // one API for both
			before := a.xpTotal()

			// The same interaction reaches both replicas at once, then again one after the other.
			for _, id := range []string{"6600001", "6600002"} {
				var firsts [2]int
				var wg sync.WaitGroup
				for i, ta := range []*testApp{a, b} {
					wg.Go(func() {
						first, _, err := ta.postFirst(t.Context(), faultXPAdd(id, 2).JSON())
						assert.NoError(t, err)
						firsts[i] = first
					})
					if id == "6600002" {
						wg.Wait() // one after the other
					}
				}
				wg.Wait()
				assert.Contains(t, [][2]int{{4, 5}, {5, 4}}, firsts, "one replica answered, the other only acknowledged")
			}
			assert.Equal(t, before+4, a.xpTotal(), "each interaction applied once")
			keys := xpAddKeys(a)
			assert.Len(t, keys, 2, "the duplicate was stopped before any API call: %v", keys)
			a.stillServes(t)
			b.stillServes(t)
		})
	}
}

func TestFaultHandlerPanicAfterTheDeferralIsAnsweredAndLogged(t *testing.T) {
	t.Parallel()
	// The real commands cannot be made to panic from here, so a handler that does is routed by
	// the same engine and HTTP server noirbot runs (bot's own tests cover the inline case).
	logs := &bottest.SyncBuffer{}
	acked := make(chan struct{})
	mux := bot.NewMux()
	mux.Command("/quickroll", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response {
		<-acked // only after the deferred acknowledgement went out
		panic("boom")
	}))
	mux.Command("/help", bot.HandlerFunc(func(context.Context, *bot.Interaction) *bot.Response { return bot.Private("help") }))
	fake := bottest.NewFakeDiscord(t)
	e := bot.NewEngine(bot.EngineConfig{Router: mux, REST: bot.NewREST(fake.URL, "token", bottest.DefaultAppID),
		ApplicationID: bottest.DefaultAppID, DeferAfter: time.Millisecond, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	signer := bottest.NewSigner()
	srv := httptest.NewServer(bot.NewInteractionsHandler(e, signer.Public))
	t.Cleanup(srv.Close)
	ta := &testApp{app: &App{interactionsAddr: strings.TrimPrefix(srv.URL, "http://")}, signer: signer, fake: fake}

	b := faultQuickroll("6800001")
	first, _, err := ta.postFirst(t.Context(), b.JSON())
	require.NoError(t, err)
	assert.Equal(t, 5, first)
	close(acked)
	var in struct{ Token string }
	require.NoError(t, json.Unmarshal(b.JSON(), &in))
	msg, err := ta.awaitEdit(in.Token)
	require.NoError(t, err)
	assert.Contains(t, msg, "Something went wrong (ref 6800001)")
	assert.Contains(t, logs.String(), `"msg":"handler panicked","interaction_id":"6800001"`)

	assert.Contains(t, ta.answer(t, bottest.Command("/help").ID("6800002")).msg, "help", "still serving")
	require.NoError(t, e.Shutdown(t.Context()))
}

package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// coldTargets are SPEC §9's cold /quickroll budgets per dialect: calls and sequential round
// trips (v2's lookup and include= save two calls and a round trip, §11.4).
var coldTargets = map[vclienttest.APIVersion]struct{ calls, sequential int }{
	vclienttest.V1: {6, 4},
	vclienttest.V2: {4, 3},
}

// callRows measures the upstream calls of one /quickroll and one autocomplete, cold (a fresh
// app, empty cache) and warm, with a 20 ms API so that sequential round trips show, in each
// API dialect.
func callRows(t testing.TB, tb *benchTable, redisURL string) {
	for _, version := range []vclienttest.APIVersion{vclienttest.V1, vclienttest.V2} {
		callRowsIn(t, tb, redisURL, version)
	}
}

// callRowsIn is callRows in one dialect.
func callRowsIn(t testing.TB, tb *benchTable, redisURL string, version vclienttest.APIVersion) {
	setup := "API " + string(version) + ", 20 ms, " + redisName(redisURL)
	target := coldTargets[version]
	for _, kind := range []string{"quickroll", "autocomplete"} {
		env := newBenchEnv(t, benchSetup{redisURL: redisURL, version: version})
		env.emu.SetLatency(20 * time.Millisecond)
		build := env.quickroll
		label := "/quickroll"
		if kind == "autocomplete" {
			build, label = env.autocomplete, "/quickroll autocomplete"
		}
		cold, coldOut := env.measureOne(t, build())
		warm, warmOut := env.measureOne(t, build())
		seq := sequentialRoundTrips(cold)
		coldFig := fmt.Sprintf("%s, %d sequential (%s; first response %s)", calls(len(cold)), seq, routesOf(cold), ms(coldOut.latency))
		warmFig := fmt.Sprintf("%s (%s; first response %s)", calls(len(warm)), routesOf(warm), ms(warmOut.latency))
		if kind == "quickroll" {
			tb.row(label+" upstream calls, cold", setup, coldFig,
				fmt.Sprintf("≤ %d calls, ≤ %d sequential", target.calls, target.sequential),
				met(len(cold) <= target.calls && seq <= target.sequential))
			tb.row(label+" upstream calls, warm", setup, warmFig, "exactly 1", met(len(warm) == 1))
			env.stop()
			continue
		}
		tb.row(label+" upstream calls, cold", setup, coldFig, "", "")
		tb.row(label+" upstream calls, warm", setup, warmFig, "0", met(len(warm) == 0))
		env.stop()
	}
}

// calls says how many calls.
func calls(n int) string {
	if n == 1 {
		return "1 call"
	}
	return fmt.Sprintf("%d calls", n)
}

// measureOne sends one interaction and returns the upstream calls it made.
func (env *benchEnv) measureOne(t testing.TB, in interaction) ([]upstreamCall, outcome) {
	t.Helper()
	env.up.reset(true)
	o := env.send(context.Background(), in)
	if o.err != nil || o.typ != 4 && o.typ != 8 {
		t.Fatalf("%s: type %d, err %v", in.kind, o.typ, o.err)
	}
	return env.up.recorded(), o
}

// routesOf lists the calls' methods and paths without ids, in order.
func routesOf(calls []upstreamCall) string {
	parts := make([]string, 0, len(calls))
	for _, c := range calls {
		method, path, _ := strings.Cut(c.route, " ")
		segs := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
		var kept []string
		for _, s := range segs {
			if len(s) != 24 && len(s) != 36 { // ids: 24 hex characters (v1), UUIDs (v2)
				kept = append(kept, s)
			}
		}
		parts = append(parts, method+" "+strings.Join(kept, "/"))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// roundTrip is the p50 of 50 sequential vclient health checks against an emulator with the
// given latency: one API round trip as noirbot's client sees it.
func roundTrip(t testing.TB, latency time.Duration) time.Duration {
	srv := vclienttest.NewServer(t, vclienttest.WithAPIVersion(testAPIVersion()))
	srv.SetLatency(latency)
	api, err := vclient.New(srv.URL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIVersion(testAPIVersion())))
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector(50, nil)
	for range 50 {
		start := time.Now()
		if err := api.Health(t.Context()); err != nil {
			t.Fatalf("health: %v", err)
		}
		c.observe(0, outcome{latency: time.Since(start)})
	}
	return pct(c.done(0).latency, 0.5)
}

// loadRun warms a fresh app up, then sends n mixed interactions at 500/s (fixed) or from 16
// connections at full speed.
func loadRun(t testing.TB, redisURL string, latency time.Duration, fixed bool, n int) runStats {
	ctx := context.Background()
	env := newBenchEnv(t, benchSetup{redisURL: redisURL})
	defer env.stop()
	env.emu.SetLatency(latency)
	next := mixedLoad(env)
	fullSpeed(ctx, 500, 8, next, env.send, func(int, outcome) {})
	env.up.reset(false)
	env.emu.ResetRequests()
	c := newCollector(n, env.up.upstreamOf)
	var elapsed time.Duration
	if fixed {
		elapsed = atRate(ctx, n, 500, next, env.send, c.observe)
	} else {
		elapsed = fullSpeed(ctx, n, 16, next, env.send, c.observe)
	}
	s := c.done(elapsed)
	s.upstreamCalls = env.emu.CountRequests("", "")
	s.loadAvg = loadAverage()
	return s
}

// slowRun warms a fresh app up, breaks the API (slower than defer_after, or down), then sends
// n mixed interactions at perSecond and measures their first responses.
func slowRun(t testing.TB, redisURL string, n int, perSecond float64, breakAPI func(*vclienttest.Emulator)) runStats {
	ctx := context.Background()
	env := newBenchEnv(t, benchSetup{redisURL: redisURL})
	defer env.stop()
	next := mixedLoad(env)
	fullSpeed(ctx, 50, 4, next, env.send, func(int, outcome) {})
	breakAPI(env.emu)
	c := newCollector(n, nil)
	return c.done(atRate(ctx, n, perSecond, next, env.send, c.observe))
}

// slowRows adds the first-response figures of a slow or broken API.
func (tb *benchTable) slowRows(setup string, s runStats) {
	tb.row("first response p50 / p99 (max); deferred share", setup,
		fmt.Sprintf("%s / %s (%s); %.0f%% deferred, %d errors", ms(pct(s.latency, .5)), ms(pct(s.latency, .99)),
			ms(s.maxLatency), 100*float64(s.deferred)/float64(max(s.n, 1)), s.errors),
		"every first response ≤ 3 s", met(s.errors == 0 && s.maxLatency <= 3*time.Second))
}

// loadRows adds a load run's figures; targeted says the SPEC's overhead targets apply.
func (tb *benchTable) loadRows(setup string, s runStats, targeted bool) {
	okFirst := s.errors == 0 && s.maxLatency <= 3*time.Second
	tb.row("throughput; first response p50 / p95 / p99 (max)", setup,
		fmt.Sprintf("%.0f/s; %s / %s / %s (%s), %d errors; load avg %s", s.throughput(), ms(pct(s.latency, .5)),
			ms(pct(s.latency, .95)), ms(pct(s.latency, .99)), ms(s.maxLatency), s.errors, s.loadAvg),
		"every first response ≤ 3 s", met(okFirst))
	target50, target99, ok50, ok99 := "", "", "", ""
	if targeted {
		target50, ok50 = "< 1 ms", met(pct(s.overhead, .5) < time.Millisecond)
		target99, ok99 = "< 5 ms", met(pct(s.overhead, .99) < 5*time.Millisecond)
	}
	tb.row("bot overhead p50", setup, ms(pct(s.overhead, .5)), target50, ok50)
	tb.row("bot overhead p99", setup, ms(pct(s.overhead, .99)), target99, ok99)
	perInteraction := float64(s.upstreamCalls) / float64(max(s.n, 1))
	tb.row("deferred share; upstream calls per interaction", setup,
		fmt.Sprintf("%.1f%%; %.2f (90%% /quickroll at 1, 10%% autocomplete at 0 = 0.90)",
			100*float64(s.deferred)/float64(max(s.n, 1)), perInteraction), "", "")
}

// soakRows adds a soak's memory figures.
func (tb *benchTable) soakRows(redis string, r soakResult) {
	setup := fmt.Sprintf("soak %dk at full speed, %s", r.soakN/1000, redis)
	growth := r.rssAfter - r.rssBefore
	tb.row("RSS before → after soak (growth)", setup,
		fmt.Sprintf("%s → %s (%+.1f MB); %.0f/s, %d errors", mb(r.rssBefore), mb(r.rssAfter), float64(growth)/(1<<20),
			r.stats.throughput(), r.stats.errors), "growth < 10 MB", met(growth < 10<<20 && r.stats.errors == 0))
	tb.row("live heap; goroutines before → after", setup,
		fmt.Sprintf("%s → %s; %d → %d", mb(int64(r.heapBefore)), mb(int64(r.heapAfter)), r.goroutinesBefore, r.after),
		"", "")
	tb.row("allocations per interaction", setup,
		fmt.Sprintf("%.0f (process %.0f − load generator's client %.0f)", r.allocsPerInteraction-r.clientAllocsPerRequest,
			r.allocsPerInteraction, r.clientAllocsPerRequest), "", "")
}

// method prints how the figures were measured.
func (tb *benchTable) method() {
	tb.notes = append(tb.notes,
		"Method: first response = client side, signed request sent → answer read (signing excluded).",
		"Upstream time = server side around the emulator per request, attributed by Idempotency-Key;",
		"bot overhead = first response − upstream time (includes loopback HTTP both ways).",
		"Sequential round trips = longest chain of the interaction's API calls each starting after the previous ended.",
		"Soak: emulator in a child process; RSS read after GC + FreeOSMemory; allocations = runtime Mallocs delta / n.",
		"Load: 90% /quickroll, 10% /quickroll autocomplete, one user, unique interaction ids, loopback only.")
}

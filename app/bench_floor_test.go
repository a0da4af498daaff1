package app

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// floorRun is what one server (noirbot or the floor) showed in the comparison.
type floorRun struct {
	cpu, redisCPU          time.Duration // per roll, at 500/s
	redisCmds, redisTrips  float64       // per roll, from the hook (bot's process)
	serverCmds             float64       // per roll, INFO commandstats of the redis-server
	allocs                 float64       // per roll
	overhead50, overhead99 time.Duration // at 500/s, API 0 ms
	inflight50, inflight99 time.Duration // 20 in flight, API 20 ms
	saturation             float64       // rolls/s, 16 connections, API 0 ms
	errors                 int
}

// floorRows compares warm /quickroll in noirbot with the floor (floorHandler), both in
// processes of their own against one emulator in this process, in each API dialect, with a
// private redis-server so that its CPU and command counts are the bot's alone.
func floorRows(b *testing.B, tb *benchTable) {
	redisURL := startPrivateRedis(b)
	for _, version := range []vclienttest.APIVersion{vclienttest.V1, vclienttest.V2} {
		b.Run(string(version), func(b *testing.B) {
			bot, floor := floorCompare(b, redisURL, version)
			tb.floorRowsOf("API "+string(version), bot, floor)
		})
	}
	tb.note("Floor comparison: every roll is Alice's \"Dexterity + Firearms\"; rolling the quickroll already in front of " +
		"her recent list writes nothing, a roll of another one adds one Redis command in one round trip, alongside the API call.")
}

// floorCompare runs the same workloads against both servers, alternating, in one dialect.
func floorCompare(t testing.TB, redisURL string, version vclienttest.APIVersion) (bot, floor floorRun) {
	emu := vclienttest.New(vclienttest.WithAPIVersion(version))
	sb := vclienttest.SeedDemo(emu)
	up := newUpstreamLog()
	srv := httptest.NewServer(up.wrap(emu))
	defer srv.Close()
	signer := bottest.NewSigner()
	servers := []*benchServer{
		startBenchServer(t, "bot", srv.URL, redisURL, signer.Public, version, sb),
		startBenchServer(t, "floor", srv.URL, redisURL, signer.Public, version, sb),
	}
	runs := []*floorRun{&bot, &floor}
	hc := benchHTTPClient()
	defer hc.CloseIdleConnections()
	var seq int64 = 1_300_000_000_000_000_000
	if version == vclienttest.V2 {
		seq += 100_000_000
	}
	ctx := context.Background()
	for i, s := range servers {
		send := func(ctx context.Context, in interaction) outcome { return sendSigned(ctx, hc, signer, s.url, in) }
		next := func(int) interaction {
			seq++
			id := strconv.FormatInt(seq, 10)
			return interaction{id: id, kind: "quickroll",
				body: bottest.Command("/quickroll", bottest.O("name", "Dexterity + Firearms")).ID(id).JSON()}
		}
		r := runs[i]
		fullSpeed(ctx, 300, 8, next, send, func(int, outcome) {}) // warm: caches, connections

		const n = 3000
		up.reset(false)
		before, redisBefore := s.stats(t), redisInfo(t, redisURL)
		c := newCollector(n, up.upstreamOf)
		st := c.done(atRate(ctx, n, 500, next, send, c.observe))
		after, redisAfter := s.stats(t), redisInfo(t, redisURL)
		r.errors += st.errors
		r.cpu = (after.CPU - before.CPU) / n
		r.allocs = float64(after.Allocs-before.Allocs) / n
		r.redisCmds = float64(after.RedisCmds-before.RedisCmds) / n
		r.redisTrips = float64(after.RedisTrips-before.RedisTrips) / n
		r.redisCPU = (redisAfter.cpu - redisBefore.cpu) / n
		r.serverCmds = float64(redisAfter.calls-redisBefore.calls) / n
		r.overhead50, r.overhead99 = pct(st.overhead, .5), pct(st.overhead, .99)

		emu.SetLatency(20 * time.Millisecond)
		c = newCollector(2000, nil)
		st = c.done(fullSpeed(ctx, 2000, 20, next, send, c.observe))
		emu.SetLatency(0)
		r.errors += st.errors
		r.inflight50, r.inflight99 = pct(st.latency, .5), pct(st.latency, .99)

		c = newCollector(6000, nil)
		st = c.done(fullSpeed(ctx, 6000, 16, next, send, c.observe))
		r.errors += st.errors
		r.saturation = st.throughput()
	}
	return bot, floor
}

// floorRowsOf adds the comparison's rows: noirbot, the floor and their ratio, against the
// SPEC §9 targets for a warm roll.
func (tb *benchTable) floorRowsOf(setup string, b, f floorRun) {
	setup += ", warm /quickroll, private redis-server"
	ratio := func(x, y float64) float64 {
		if y == 0 {
			return 0
		}
		return x / y
	}
	side := func(bv, fv string, r float64) string {
		return fmt.Sprintf("noirbot %s | floor %s | ×%.2f", bv, fv, r)
	}
	botCPU, floorCPU := b.cpu+b.redisCPU, f.cpu+f.redisCPU
	cpuRatio := ratio(float64(botCPU), float64(floorCPU))
	tb.row("CPU per roll, bot + Redis (500/s, API 0 ms)", setup,
		side(fmt.Sprintf("%s (bot %s + Redis %s)", us(botCPU), us(b.cpu), us(b.redisCPU)), us(floorCPU), cpuRatio),
		"≤ 2× floor", met(cpuRatio <= 2))
	tb.row("Redis commands; round trips per roll (hook; INFO commandstats)", setup,
		fmt.Sprintf("noirbot %.2f; %.2f (server saw %.2f) | floor 0", b.redisCmds, b.redisTrips, b.serverCmds),
		"≤ 3 commands, ≤ 2 round trips", met(b.redisCmds <= 3 && b.redisTrips <= 2))
	tb.row("allocations per roll", setup,
		side(fmt.Sprintf("%.0f", b.allocs), fmt.Sprintf("%.0f", f.allocs), ratio(b.allocs, f.allocs)),
		"≤ 350", met(b.allocs <= 350))
	p50Ratio := ratio(float64(b.inflight50), float64(f.inflight50))
	tb.row("first response p50 / p99, 20 in flight, API 20 ms", setup,
		side(ms(b.inflight50)+" / "+ms(b.inflight99), ms(f.inflight50)+" / "+ms(f.inflight99), p50Ratio),
		"p50 ≤ 1.15× floor", met(p50Ratio <= 1.15))
	tb.row("overhead p50 / p99 at 500/s, API 0 ms", setup,
		side(ms(b.overhead50)+" / "+ms(b.overhead99), ms(f.overhead50)+" / "+ms(f.overhead99),
			ratio(float64(b.overhead50), float64(f.overhead50))),
		"p50 < 0.5 ms, p99 < 3 ms", met(b.overhead50 < 500*time.Microsecond && b.overhead99 < 3*time.Millisecond))
	tb.row("saturation throughput (16 conns, API 0 ms)", setup,
		side(fmt.Sprintf("%.0f/s", b.saturation), fmt.Sprintf("%.0f/s", f.saturation), ratio(b.saturation, f.saturation)),
		"printed beside the floor's", "—")
	if b.errors+f.errors > 0 {
		tb.note("%s: %d noirbot errors, %d floor errors", setup, b.errors, f.errors)
	}
}

// us renders a duration in microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }

// redisStats are a redis-server's cumulative CPU and command count.
type redisStats struct {
	cpu   time.Duration
	calls int64
}

// redisInfo reads INFO cpu and commandstats (the INFO calls themselves left out).
func redisInfo(t testing.TB, url string) redisStats {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	text, err := rdb.Info(context.Background(), "cpu", "commandstats").Result()
	if err != nil {
		t.Fatalf("redis INFO: %v", err)
	}
	var s redisStats
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		k, v, _ := strings.Cut(line, ":")
		switch {
		case k == "used_cpu_sys" || k == "used_cpu_user":
			f, _ := strconv.ParseFloat(v, 64)
			s.cpu += time.Duration(f * float64(time.Second))
		case strings.HasPrefix(k, "cmdstat_") && k != "cmdstat_info" && k != "cmdstat_hello" && k != "cmdstat_client":
			calls, _, _ := strings.Cut(strings.TrimPrefix(v, "calls="), ",")
			n, _ := strconv.ParseInt(calls, 10, 64)
			s.calls += n
		}
	}
	return s
}

package app

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// BenchmarkSPEC9Report is `make bench`'s report (NOIRBOT_BENCH=1, -benchtime 1x): it asserts
// nothing and fails only when it cannot measure; it prints noirbot's HTTP interactions
// server in this process, against the Valentina emulator, under a fixed rate and at full
// speed, with real Redis and the embedded one. It prints one table of the SPEC §9 figures
// next to their targets. Method (also printed under the table):
//   - first response: client side, from the signed request being sent to its answer read;
//   - upstream time: server side in front of the emulator, per request, attributed to the
//     interaction by its Idempotency-Key (a warm /quickroll makes one call, the keyed roll;
//     a warm autocomplete none); bot overhead = first response − upstream time, so it
//     includes loopback HTTP to the API and to the client;
//   - calls per command: the emulator's requests for one interaction, in each API dialect
//     (targets per dialect); sequential round trips: the longest chain of those requests each
//     starting after the previous ended;
//   - API round trip: p50 of vclient GET /health at the same latency;
//   - the soak runs the emulator in a child process, so RSS and allocations are noirbot's
//     plus the load generator's client (whose allocations are measured alone and subtracted).
func BenchmarkSPEC9Report(b *testing.B) {
	if os.Getenv("NOIRBOT_BENCH") != "1" {
		b.Skip("set NOIRBOT_BENCH=1 (make bench)")
	}
	realURL, realLabel := benchRealRedis(b)
	tb := &benchTable{}
	tb.note("noirbot bench, %s, GOMAXPROCS=%d, %s, %s", time.Now().UTC().Format(time.RFC3339),
		runtime.GOMAXPROCS(0), runtime.Version(), orNone(realLabel))
	tb.note("load average before: %s (other processes share these cores)", loadAverage())
	tb.note("API dialect: the call counts run in v1 and v2; the load, slow-API and soak runs in %s (NOIRBOT_TEST_API_VERSION)",
		testAPIVersion())

	// Each scenario is a subtest so that its app, emulator and servers are gone before the
	// next one starts (and `-bench BenchmarkSPEC9Report/<name>` runs one).
	b.Run("floor", func(b *testing.B) { floorRows(b, tb) })
	b.Run("calls", func(b *testing.B) { callRows(b, tb, realURL) })
	var rt time.Duration
	b.Run("roundtrip", func(b *testing.B) {
		rt = roundTrip(b, 20*time.Millisecond)
		tb.row("one API round trip (vclient GET /health p50)", "API 20 ms", ms(rt), "", "")
	})
	type loadCase struct {
		name     string
		redis    string
		latency  time.Duration
		fixed    bool
		n        int
		targeted bool // the SPEC's overhead setup: 500/s, HTTP mode, real Redis
	}
	cases := []loadCase{
		{"500 per s, API 0 ms, " + redisName(realURL), realURL, 0, true, 5000, realURL != ""},
		{"500 per s, API 20 ms, " + redisName(realURL), realURL, 20 * time.Millisecond, true, 5000, false},
		{"500 per s, API 0 ms, embedded Redis", "", 0, true, 5000, false},
		{"full speed (16 conns), API 0 ms, " + redisName(realURL), realURL, 0, false, 20000, false},
		{"full speed (16 conns), API 0 ms, embedded Redis", "", 0, false, 20000, false},
	}
	if realURL == "" {
		cases = cases[2:]
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := loadRun(b, c.redis, c.latency, c.fixed, c.n)
			tb.loadRows(c.name, s, c.targeted)
			if c.latency == 20*time.Millisecond && rt > 0 {
				ratio := float64(pct(s.quickroll, 0.5)) / float64(rt)
				tb.row("/quickroll p50 ÷ one API round trip", c.name,
					fmt.Sprintf("%s / %s = %.2f", ms(pct(s.quickroll, 0.5)), ms(rt), ratio), "≤ 1.1", met(ratio <= 1.1))
			}
		})
	}
	b.Run("slow API", func(b *testing.B) {
		s := slowRun(b, realURL, 200, 50, func(e *vclienttest.Emulator) { e.SetLatency(2500 * time.Millisecond) })
		tb.slowRows("API 2.5 s (> defer_after 1.5 s), 50 per s, "+redisName(realURL), s)
	})
	b.Run("API down", func(b *testing.B) {
		s := slowRun(b, realURL, 200, 50, func(e *vclienttest.Emulator) { e.InjectFault(vclienttest.Fault{Status: 503}) })
		tb.slowRows("API answering 503 to everything, 50 per s, "+redisName(realURL), s)
	})
	soaks := []struct{ url, name string }{{realURL, redisName(realURL)}, {"", "embedded Redis"}}
	if realURL == "" {
		soaks = soaks[1:]
	}
	for _, r := range soaks {
		b.Run("soak "+r.name, func(b *testing.B) { tb.soakRows(r.name, soak(b, r.url, 100_000)) })
	}
	tb.method()
	tb.note("load average after: %s", loadAverage())
	fmt.Print(tb.String())
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures ("?" where there is none).
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// orNone names the real Redis in use.
func orNone(label string) string {
	if label == "" {
		return "no real Redis (set TEST_REDIS_URL or install redis-server)"
	}
	return label
}

// redisName is how a setup names its Redis.
func redisName(url string) string {
	if url == "" {
		return "embedded Redis"
	}
	return "real Redis"
}

// benchTable accumulates the rows and notes of the printed table.
type benchTable struct {
	head  []string
	rows  [][5]string
	notes []string
}

func (tb *benchTable) note(format string, args ...any) {
	tb.head = append(tb.head, fmt.Sprintf(format, args...))
}

// row adds a figure: what, under which setup, the measured value, the SPEC §9 target
// ("" = none) and whether it is met ("" = no target).
func (tb *benchTable) row(figure, setup, value, target, ok string) {
	if target == "" {
		target, ok = "—", "—"
	}
	tb.rows = append(tb.rows, [5]string{figure, setup, value, target, ok})
}

// met renders a verdict.
func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

// ms renders a duration in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// mb renders bytes in MB.
func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

// String renders the table (tab-aligned, Markdown-compatible pipes).
func (tb *benchTable) String() string {
	var b strings.Builder
	for _, h := range tb.head {
		b.WriteString(h + "\n")
	}
	b.WriteString("\n")
	w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(w, " Figure\t Setup\t Measured\t SPEC §9 target\t Met")
	fmt.Fprintln(w, " ---\t ---\t ---\t ---\t ---")
	for _, r := range tb.rows {
		fmt.Fprintf(w, " %s\t %s\t %s\t %s\t %s\n", r[0], r[1], r[2], r[3], r[4])
	}
	_ = w.Flush()
	b.WriteString("\n")
	for _, n := range tb.notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

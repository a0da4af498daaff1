package app

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// benchEmulatorEnv makes the test binary, re-executed, serve the emulator (TestBenchEmulatorChild).
const benchEmulatorEnv = "NOIRBOT_BENCH_EMULATOR"

// TestBenchEmulatorChild is not a test: re-executed by the soak, it serves the sandbox emulator
// (and /sink, a constant interaction answer for measuring the load generator alone) in a child
// process, so that the emulator's own growth (stored rolls, request log) is not noirbot's RSS.
// It prints its URL and serves until its stdin closes.
func TestBenchEmulatorChild(t *testing.T) {
	if os.Getenv(benchEmulatorEnv) != "1" {
		t.Skip("runs only as the soak's emulator process")
	}
	emu := vclienttest.New(vclienttest.WithAPIVersion(testAPIVersion())) // the parent's dialect, from the environment
	sb := vclienttest.SeedDemo(emu)
	mux := http.NewServeMux()
	mux.Handle("/api/", emu)
	mux.HandleFunc("/sink", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"type":4,"data":{"content":"ok"}}`)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() { // the request log is not what the soak is about: keep the child small
		for range time.Tick(time.Second) {
			emu.ResetRequests()
		}
	}()
	fmt.Printf("BENCH-EMULATOR http://%s %s\n", ln.Addr(), sb.CompanyID) // v2's ids differ per emulator
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
}

// startEmulatorChild runs TestBenchEmulatorChild in a child process and returns its URL and
// the sandbox company's id.
func startEmulatorChild(t testing.TB) (url, companyID string) {
	t.Helper()
	rest := startChild(t, "TestBenchEmulatorChild", "BENCH-EMULATOR ", []string{benchEmulatorEnv + "=1", "GOMAXPROCS=1"})
	url, companyID, _ = strings.Cut(rest, " ")
	return url, companyID
}

// soakResult is what a 100k-interaction soak showed.
type soakResult struct {
	stats                    runStats
	rssBefore, rssAfter      int64 // bytes, after a GC that returns free memory to the OS
	heapBefore, heapAfter    uint64
	goroutinesBefore, after  int
	allocsPerInteraction     float64 // whole process: noirbot and the load generator's client
	clientAllocsPerRequest   float64 // the load generator's client alone (against /sink)
	soakN, warmN, workersNum int
}

// soak warms noirbot up, then sends n /quickroll and autocomplete interactions at full speed
// against an emulator in a child process, reading RSS, heap, goroutines and allocations
// around it.
func soak(t testing.TB, redisURL string, n int) soakResult {
	t.Helper()
	ctx := context.Background()
	apiURL, companyID := startEmulatorChild(t)
	env := newBenchEnv(t, benchSetup{redisURL: redisURL, apiURL: apiURL, companyID: companyID})
	r := soakResult{soakN: n, warmN: 5000, workersNum: 16}
	next := mixedLoad(env)
	discard := func(int, outcome) {}
	fullSpeed(ctx, r.warmN, r.workersNum, next, env.send, discard)

	sinkURL := strings.TrimSuffix(apiURL, "/") + "/sink"
	r.clientAllocsPerRequest = allocsPer(r.warmN, func() {
		fullSpeed(ctx, r.warmN, r.workersNum, next, func(ctx context.Context, in interaction) outcome {
			return sendSigned(ctx, env.client, env.signer, sinkURL, in)
		}, discard)
	})

	c := newCollector(n, nil)
	r.rssBefore, r.heapBefore, r.goroutinesBefore = settledMemory()
	var elapsed time.Duration
	r.allocsPerInteraction = allocsPer(n, func() {
		elapsed = fullSpeed(ctx, n, r.workersNum, next, env.send, c.observe)
	})
	r.stats = c.done(elapsed)
	r.rssAfter, r.heapAfter, r.after = settledMemory()
	env.stop()
	return r
}

// mixedLoad is the bench's traffic: /quickroll, with every tenth interaction an autocomplete.
func mixedLoad(env *benchEnv) func(int) interaction {
	return func(i int) interaction {
		if i%10 == 9 {
			return env.autocomplete()
		}
		return env.quickroll()
	}
}

// allocsPer is the number of heap allocations the process made while run ran, per n.
func allocsPer(n int, run func()) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(n)
}

// settledMemory collects garbage, returns free memory to the OS, then reads VmRSS, the live
// heap and the number of goroutines (idle keep-alive connections included).
func settledMemory() (rss int64, heap uint64, goroutines int) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return vmRSS(), ms.HeapAlloc, runtime.NumGoroutine()
}

// vmRSS reads the resident set size from /proc/self/status (0 where there is none).
func vmRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

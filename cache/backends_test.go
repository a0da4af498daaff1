package cache

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/cache/redistest"
)

// The package's suites run on every Redis deployment the bot supports. A plain `go test`
// runs them on TEST_REDIS_URL (a single node) or a private miniredis; when the topologies
// of scripts/redis-topology.sh are up (TEST_REDIS_CLUSTER_ADDRS, TEST_REDIS_SENTINEL_ADDRS
// and TEST_REDIS_SENTINEL_MASTER), TestSuitesOnClusterAndSentinel runs this same test
// binary again once per topology, with TEST_REDIS_URL set to that topology's URL in the
// form noirbot's own configuration takes (?addr= for Cluster, ?master_name= for Sentinel).
// Every test that opens its Store with newTestStore or newTestEnv therefore runs on each
// backend without being listed anywhere.

// backendEnv names the backend a re-run test binary is on ("cluster" or "sentinel").
const backendEnv = "TEST_REDIS_BACKEND"

// backendReportEnv, when set, is a file each backend run appends its counts to (CI prints it).
const backendReportEnv = "TEST_BACKEND_REPORT"

// notOnTopologies are the tests that never touch TEST_REDIS_URL (URL parsing, the embedded
// server, the in-process LRU): re-running them on a topology would only inflate its count.
var notOnTopologies = []string{
	"TestSuitesOnClusterAndSentinel",
	"TestRedisURLs", "TestBadRedisURLsAreRejected", "TestURLErrorsDoNotRevealThePassword",
	"TestEmbeddedRedisExpiresKeys", "TestEmbeddedTickerStopsOnClose", "TestEmbeddedFirstDeliveryKeepsNoKeyPerInteraction",
	"TestLRUForgetsTheOldest", "TestRedisLogLinesBecomeDebugRecords",
}

// currentBackend is the backend this test binary runs on: "cluster", "sentinel", or
// "single" (TEST_REDIS_URL or miniredis).
func currentBackend() string {
	if b := os.Getenv(backendEnv); b != "" {
		return b
	}
	return "single"
}

// needsOneNode skips a test that cuts or stalls the connections to one Redis node through
// a proxy: a Cluster or Sentinel client learns the other nodes' addresses from the server
// and bypasses it.
func needsOneNode(t testing.TB) {
	t.Helper()
	if b := currentBackend(); b != "single" {
		t.Skipf("on %s the client bypasses a proxy in front of one node: runs on a single node only", b)
	}
}

func TestSuitesOnClusterAndSentinel(t *testing.T) {
	if os.Getenv(backendEnv) != "" {
		t.Skip("already a run on one backend")
	}
	bs := redistest.Topologies()
	if len(bs) == 0 {
		t.Skip("no Cluster or Sentinel configured (scripts/redis-topology.sh sets TEST_REDIS_CLUSTER_ADDRS, TEST_REDIS_SENTINEL_ADDRS, TEST_REDIS_SENTINEL_MASTER)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	skip := "^(" + strings.Join(notOnTopologies, "|") + ")$"
	for _, b := range bs {
		t.Run(b.Name, func(t *testing.T) {
			cmd := exec.CommandContext(ctx, exe, "-test.v", "-test.count=1", "-test.skip", skip)
			cmd.Env = append(os.Environ(), "TEST_REDIS_URL="+b.URL, backendEnv+"="+b.Name)
			out, err := cmd.CombinedOutput()
			c := countResults(out)
			summary := fmt.Sprintf("cache suites on %s: %d passed, %d failed, %d skipped", b.Name, c.passed, c.failed, c.skipped)
			t.Log(summary)
			if err != nil || c.failed > 0 {
				t.Fatalf("%s (%v); output of the failed tests:\n%s", summary, err, failedOutput(out))
			}
			if c.passed == 0 {
				t.Fatalf("%s: no test ran", summary)
			}
		})
	}
}

// results counts the top-level tests of a `-test.v` output.
type results struct{ passed, failed, skipped int }

var resultLine = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): `)

func countResults(out []byte) results {
	var r results
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		switch m := resultLine.FindSubmatch(sc.Bytes()); {
		case m == nil:
		case string(m[1]) == "PASS":
			r.passed++
		case string(m[1]) == "FAIL":
			r.failed++
		default:
			r.skipped++
		}
	}
	return r
}

// failedOutput keeps what a failure needs of a `-test.v` output: every line but the
// "=== RUN/PAUSE/CONT" and passing or skipped results, at most the last 400.
func failedOutput(out []byte) string {
	var keep []string
	for line := range strings.Lines(string(out)) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "=== ") || strings.HasPrefix(trimmed, "--- PASS") || strings.HasPrefix(trimmed, "--- SKIP") {
			continue
		}
		keep = append(keep, line)
	}
	if len(keep) > 400 {
		keep = keep[len(keep)-400:]
	}
	return strings.Join(keep, "")
}

// redisTests records the top-level tests that opened a Store on this run's backend and
// were not skipped, and whether they failed: TestMain reports the counts.
var redisTests = struct {
	sync.Mutex
	failed map[string]bool
}{failed: map[string]bool{}}

// countRedisTest notes that t (a test or subtest) runs on this run's backend.
func countRedisTest(t testing.TB) {
	top, _, _ := strings.Cut(t.Name(), "/")
	t.Cleanup(func() {
		if t.Skipped() {
			return
		}
		redisTests.Lock()
		redisTests.failed[top] = redisTests.failed[top] || t.Failed()
		redisTests.Unlock()
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	redisTests.Lock()
	passed, failed := 0, 0
	for _, f := range redisTests.failed {
		if f {
			failed++
		} else {
			passed++
		}
	}
	redisTests.Unlock()
	if path := os.Getenv(backendReportEnv); path != "" && passed+failed > 0 {
		line := fmt.Sprintf("cache: %d tests ran on %s Redis (%s); failures: %d\n",
			passed+failed, currentBackend(), backendKind(), failed)
		if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			_, _ = f.WriteString(line)
			_ = f.Close()
		}
	}
	os.Exit(code)
}

// backendKind says what the single backend is: a real server or miniredis.
func backendKind() string {
	switch {
	case currentBackend() != "single":
		return "real servers"
	case os.Getenv("TEST_REDIS_URL") != "":
		return "real server"
	default:
		return "miniredis"
	}
}

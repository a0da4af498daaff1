package app

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/noirbot/noirbot/cache/redistest"
)

// The Redis deployments the scale-out tests run on (SPEC §10): always a private miniredis,
// the real single node of TEST_REDIS_URL, and the Redis Cluster and Sentinel that
// scripts/redis-topology.sh starts (package redistest), each through a redis.url in the form
// an operator writes.

// redisBackends lists the configured backends; the miniredis one lives as long as t.
func redisBackends(t *testing.T) []redistest.Backend {
	bs := []redistest.Backend{{Name: "miniredis", URL: "redis://" + miniredis.RunT(t).Addr() + "/0"}}
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		bs = append(bs, redistest.Backend{Name: "single", URL: u})
	}
	return append(bs, redistest.Topologies()...)
}

var prefixSeq atomic.Int64

// uniquePrefix is a key prefix no earlier run used: real servers outlive a test run, and
// a de-duplication mark lasts 15 minutes.
func uniquePrefix(name string) string {
	return fmt.Sprintf("%s-%d-%d", name, time.Now().UnixNano(), prefixSeq.Add(1))
}

// reportBackend appends whether t passed on backend to the file TEST_BACKEND_REPORT names
// (CI prints it: how many tests ran on each backend).
func reportBackend(t *testing.T, backend string) {
	path := os.Getenv("TEST_BACKEND_REPORT")
	if path == "" {
		return
	}
	t.Cleanup(func() {
		outcome := "passed"
		if t.Failed() {
			outcome = "FAILED"
		}
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = fmt.Fprintf(f, "noirbot: %s ran on %s Redis: %s\n", t.Name(), backend, outcome)
	})
}

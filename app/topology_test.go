package app

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// The Redis deployments the scale-out tests run on (SPEC §10): always a private miniredis,
// the real single node of TEST_REDIS_URL, and the Redis Cluster and Sentinel that
// scripts/redis-topology.sh starts (TEST_REDIS_CLUSTER_ADDRS, TEST_REDIS_SENTINEL_ADDRS,
// TEST_REDIS_SENTINEL_MASTER), each through a redis.url in the form an operator writes.

// redisBackend is one Redis deployment, reached through one redis.url.
type redisBackend struct{ name, url string }

// redisBackends lists the configured backends; the miniredis one lives as long as t.
func redisBackends(t *testing.T) []redisBackend {
	bs := []redisBackend{{"miniredis", "redis://" + miniredis.RunT(t).Addr() + "/0"}}
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		bs = append(bs, redisBackend{"single", u})
	}
	if addrs := splitAddrs(os.Getenv("TEST_REDIS_CLUSTER_ADDRS")); len(addrs) > 0 {
		bs = append(bs, redisBackend{"cluster", multiHostRedisURL(addrs, nil)})
	}
	if u := sentinelRedisURL(os.Getenv("TEST_REDIS_SENTINEL_MASTER")); u != "" {
		bs = append(bs, redisBackend{"sentinel", u})
	}
	return bs
}

// sentinelRedisURL is the redis.url of master through the sentinels of
// TEST_REDIS_SENTINEL_ADDRS, or "" when either is not configured.
func sentinelRedisURL(master string) string {
	addrs := splitAddrs(os.Getenv("TEST_REDIS_SENTINEL_ADDRS"))
	if len(addrs) == 0 || master == "" {
		return ""
	}
	return multiHostRedisURL(addrs, []string{"master_name=" + master})
}

// multiHostRedisURL is "redis://first?<extra>&addr=second&...": Cluster with several addr,
// Sentinel with master_name (cache.Options.URL).
func multiHostRedisURL(addrs, extra []string) string {
	q := append([]string(nil), extra...)
	for _, a := range addrs[1:] {
		q = append(q, "addr="+a)
	}
	if len(q) == 0 {
		q = append(q, "addr="+addrs[0])
	}
	return "redis://" + addrs[0] + "?" + strings.Join(q, "&")
}

func splitAddrs(s string) []string {
	var out []string
	for a := range strings.SplitSeq(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
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

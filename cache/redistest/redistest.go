// Package redistest names the Redis deployments the test suites run on besides a single node:
// the Redis Cluster and Sentinel that scripts/redis-topology.sh starts, each as the redis.url
// an operator writes (?addr= for Cluster, ?master_name= for Sentinel).
package redistest

import (
	"os"
	"strings"
)

// The variables scripts/redis-topology.sh exports.
const (
	ClusterAddrsEnv   = "TEST_REDIS_CLUSTER_ADDRS"   // the Cluster's nodes, comma-separated
	SentinelAddrsEnv  = "TEST_REDIS_SENTINEL_ADDRS"  // the sentinels, comma-separated
	SentinelMasterEnv = "TEST_REDIS_SENTINEL_MASTER" // the master the suites use
)

// Backend is one Redis deployment, reached through one redis.url.
type Backend struct{ Name, URL string }

// Topologies are the Cluster and Sentinel backends configured in the environment (none when
// scripts/redis-topology.sh is not running).
func Topologies() []Backend {
	var bs []Backend
	if addrs := SplitAddrs(os.Getenv(ClusterAddrsEnv)); len(addrs) > 0 {
		bs = append(bs, Backend{"cluster", multiHostURL(addrs, nil)})
	}
	if u := SentinelURL(os.Getenv(SentinelMasterEnv)); u != "" {
		bs = append(bs, Backend{"sentinel", u})
	}
	return bs
}

// SentinelURL is the redis.url of master through the sentinels of TEST_REDIS_SENTINEL_ADDRS,
// or "" when either is not configured.
func SentinelURL(master string) string {
	addrs := SplitAddrs(os.Getenv(SentinelAddrsEnv))
	if len(addrs) == 0 || master == "" {
		return ""
	}
	return multiHostURL(addrs, []string{"master_name=" + master})
}

// multiHostURL is "redis://first?<extra>&addr=second&addr=...": the form cache.Options.URL
// reads as Cluster (several addr) or Sentinel (master_name).
func multiHostURL(addrs, extra []string) string {
	q := append([]string(nil), extra...)
	for _, a := range addrs[1:] {
		q = append(q, "addr="+a)
	}
	if len(q) == 0 { // one Cluster node still needs ?addr= to be read as a Cluster
		q = append(q, "addr="+addrs[0])
	}
	return "redis://" + addrs[0] + "?" + strings.Join(q, "&")
}

// SplitAddrs splits a comma-separated address list, dropping blanks.
func SplitAddrs(s string) []string {
	var out []string
	for a := range strings.SplitSeq(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

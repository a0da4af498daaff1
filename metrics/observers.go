package metrics

import (
	"strconv"
	"sync"
	"time"

	"github.com/noirbot/noirbot/vclient"
)

// Interaction counts one handled interaction (bot.Observer): its command and outcome,
// its latency, and whether it was answered inline or deferred.
func (m *Metrics) Interaction(command, outcome string, latency time.Duration, deferred bool) {
	if outcome == "" {
		outcome = "ok"
	}
	command = m.commands.bound(command)
	m.interactions.WithLabelValues(command, m.outcomes.bound(outcome)).Inc()
	m.latency.WithLabelValues(command).Observe(latency.Seconds())
	mode := "inline"
	if deferred {
		mode = "deferred"
	}
	m.responses.WithLabelValues(mode).Inc()
}

// Duplicate counts a duplicate delivery that was not processed (bot.Observer).
func (m *Metrics) Duplicate() { m.duplicates.Inc() }

// DiscordRateLimited counts a 429 from Discord's REST API on route (bot.Observer).
func (m *Metrics) DiscordRateLimited(route string) {
	m.discord429.WithLabelValues(m.discordRoutes.bound(route)).Inc()
}

// CacheHit counts a lookup of family served from Redis (cache.Observer).
func (m *Metrics) CacheHit(family string) {
	m.cacheHits.WithLabelValues(m.families.bound(family)).Inc()
}

// CacheMiss counts a lookup of family that Redis did not have (cache.Observer).
func (m *Metrics) CacheMiss(family string) {
	m.cacheMisses.WithLabelValues(m.families.bound(family)).Inc()
}

// CacheError counts a failed Redis operation op (cache.Observer). The error itself is
// logged by the cache; only the operation is a label.
func (m *Metrics) CacheError(op string, _ error) {
	m.cacheErrors.WithLabelValues(m.ops.bound(op)).Inc()
}

// FailOpen counts an operation op that bypassed an unavailable Redis (cache.Observer).
func (m *Metrics) FailOpen(op string) {
	m.failOpen.WithLabelValues(m.ops.bound(op)).Inc()
}

// VClientObserver returns the function to pass to vclient.WithObserver: it counts every
// HTTP attempt to the Valentina API and observes its duration.
func (m *Metrics) VClientObserver() func(vclient.RequestEvent) {
	return m.observeRequest
}

func (m *Metrics) observeRequest(ev vclient.RequestEvent) {
	route := m.routes.bound(ev.Route)
	m.upstream.WithLabelValues(route, statusLabel(ev), attemptLabel(ev.Attempt)).Inc()
	m.upstreamLatency.WithLabelValues(route).Observe(ev.Duration.Seconds())
}

// statusLabel is the HTTP status, or "error" when no response arrived (network error,
// timeout).
func statusLabel(ev vclient.RequestEvent) string {
	if ev.Status <= 0 {
		return "error"
	}
	return strconv.Itoa(ev.Status)
}

// attemptLabel buckets attempt numbers into "1", "2" and "3+".
func attemptLabel(n int) string {
	switch {
	case n <= 1:
		return "1"
	case n == 2:
		return "2"
	}
	return "3+"
}

// labelSet admits at most MaxLabelValues distinct values of one label.
type labelSet struct {
	mu   sync.RWMutex
	seen map[string]struct{}
}

func newLabelSet() *labelSet { return &labelSet{seen: make(map[string]struct{})} }

// bound returns v if it is known or there is room for it, else "other". An empty value
// becomes "none" so that the series stays readable.
func (s *labelSet) bound(v string) string {
	if v == "" {
		return "none"
	}
	s.mu.RLock()
	_, ok := s.seen[v]
	s.mu.RUnlock()
	if ok {
		return v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[v]; ok {
		return v
	}
	if len(s.seen) >= MaxLabelValues {
		return "other"
	}
	s.seen[v] = struct{}{}
	return v
}

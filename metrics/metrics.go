// Package metrics exports noirbot's Prometheus metrics from its own registry: what the bot
// answered (interactions by command and outcome, latency, inline or deferred), what it asked
// the Valentina API (by route template, status and attempt), how the cache fared (hits,
// misses, errors, fail-open) and how often Discord rate-limited it, plus the Go runtime and
// process collectors.
//
// A Metrics value is the observer the other packages report to: it implements
// bot.Observer and cache.Observer, and VClientObserver returns the function
// vclient.WithObserver takes. It imports neither bot nor cache; main wires it.
//
// Label values are bounded: commands are route names ("/xp/add", "qr"), Valentina routes
// are templates ("GET /users/{user_id}"), never ids. As a last line of defence each label
// accepts at most MaxLabelValues distinct values; later ones are counted as "other".
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric name: noirbot_interactions_total, ...
const namespace = "noirbot"

// MaxLabelValues is how many distinct values one label of one metric may take; more are
// folded into "other" so that a bug upstream cannot explode the series count.
const MaxLabelValues = 200

// Latency buckets in seconds. Interactions span a warm cache hit (a millisecond) to the
// 60 s deadline, with marks at the 1.5 s defer and the 3 s first-response limits.
var (
	interactionBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 3, 5, 10, 20, 30, 60}
	upstreamBuckets    = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
)

// Metrics holds noirbot's collectors and the registry they are exposed from.
// It is safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	interactions *prometheus.CounterVec   // command, outcome
	latency      *prometheus.HistogramVec // command
	responses    *prometheus.CounterVec   // mode
	duplicates   prometheus.Counter

	upstream        *prometheus.CounterVec   // route, status, attempt
	upstreamLatency *prometheus.HistogramVec // route

	cacheHits   *prometheus.CounterVec // family
	cacheMisses *prometheus.CounterVec // family
	cacheErrors *prometheus.CounterVec // op
	failOpen    *prometheus.CounterVec // op

	discord429 *prometheus.CounterVec // route

	commands, outcomes, routes, families, ops, discordRoutes *labelSet
}

// New returns Metrics registered in a fresh registry together with the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: counterVec("interactions_total",
			"Interactions handled, by command (route name) and outcome.", "command", "outcome"),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "interaction_duration_seconds",
			Help:    "Time from an interaction's arrival to its final answer, by command.",
			Buckets: interactionBuckets,
		}, []string{"command"}),
		responses: counterVec("responses_total",
			`Interactions answered inline (first response) or deferred (acknowledged, then edited); mode is "inline" or "deferred".`, "mode"),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "duplicate_deliveries_total",
			Help: "Interaction deliveries ignored because the interaction id was already handled.",
		}),
		upstream: counterVec("valentina_requests_total",
			`HTTP attempts to the Valentina API by route template, status ("error" when no response arrived) and attempt ("1", "2", "3+").`,
			"route", "status", "attempt"),
		upstreamLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "valentina_request_duration_seconds",
			Help:    "Duration of one HTTP attempt to the Valentina API, by route template.",
			Buckets: upstreamBuckets,
		}, []string{"route"}),
		cacheHits:   counterVec("cache_hits_total", "Lookups served from Redis, by family.", "family"),
		cacheMisses: counterVec("cache_misses_total", "Lookups absent from Redis (loaded from the API), by family.", "family"),
		cacheErrors: counterVec("cache_errors_total", "Failed Redis operations, by operation.", "op"),
		failOpen:    counterVec("redis_fail_open_total", "Operations that bypassed Redis because it was unavailable, by operation.", "op"),
		discord429:  counterVec("discord_rate_limited_total", "429 answers from Discord's REST API, by route template.", "route"),

		commands: newLabelSet(), outcomes: newLabelSet(), routes: newLabelSet(),
		families: newLabelSet(), ops: newLabelSet(), discordRoutes: newLabelSet(),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.interactions, m.latency, m.responses, m.duplicates,
		m.upstream, m.upstreamLatency,
		m.cacheHits, m.cacheMisses, m.cacheErrors, m.failOpen,
		m.discord429,
	)
	return m
}

func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
}

// Registry is the registry the metrics live in (to add collectors or gather in tests).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition format (GET /metrics).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

package metrics_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/metrics"
	"github.com/noirbot/noirbot/vclient"
)

// The adapters satisfy the observer interfaces main wires them into.
var (
	_ bot.Observer   = (*metrics.Metrics)(nil)
	_ cache.Observer = (*metrics.Metrics)(nil)
	_ vclient.Option = vclient.WithObserver(metrics.New().VClientObserver())
)

// scrape fetches the exposition text from m's handler.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

func TestEachEventShowsUpAsItsSeries(t *testing.T) {
	m := metrics.New()
	m.Interaction("/help", "", 3*time.Millisecond, false)
	m.Interaction("/quickroll", "api_error", 2*time.Second, true)
	m.Interaction("/quickroll", "api_error", 1500*time.Millisecond, true)
	m.Duplicate()
	m.DiscordRateLimited("PATCH /webhooks/{application_id}/{token}/messages/@original")
	m.CacheHit("quickrolls")
	m.CacheMiss("identity")
	m.CacheError("get", errors.New("connection refused"))
	m.FailOpen("get")
	observe := m.VClientObserver()
	observe(vclient.RequestEvent{Method: "GET", Route: "GET /users/{user_id}", Status: 200, Attempt: 1, Duration: 20 * time.Millisecond})
	observe(vclient.RequestEvent{Method: "POST", Route: "POST /users/{user_id}/experience/xp/add", Attempt: 2, Err: errors.New("timeout")})
	observe(vclient.RequestEvent{Method: "POST", Route: "POST /users/{user_id}/experience/xp/add", Status: 503, Attempt: 4})

	out := scrape(t, m)
	for _, line := range []string{
		`noirbot_interactions_total{command="/help",outcome="ok"} 1`,
		`noirbot_interactions_total{command="/quickroll",outcome="api_error"} 2`,
		`noirbot_interaction_duration_seconds_count{command="/quickroll"} 2`,
		`noirbot_interaction_duration_seconds_bucket{command="/help",le="0.005"} 1`,
		`noirbot_interaction_duration_seconds_bucket{command="/quickroll",le="60"} 2`,
		`noirbot_responses_total{mode="inline"} 1`,
		`noirbot_responses_total{mode="deferred"} 2`,
		`noirbot_duplicate_deliveries_total 1`,
		`noirbot_discord_rate_limited_total{route="PATCH /webhooks/{application_id}/{token}/messages/@original"} 1`,
		`noirbot_cache_hits_total{family="quickrolls"} 1`,
		`noirbot_cache_misses_total{family="identity"} 1`,
		`noirbot_cache_errors_total{op="get"} 1`,
		`noirbot_redis_fail_open_total{op="get"} 1`,
		`noirbot_valentina_requests_total{attempt="1",route="GET /users/{user_id}",status="200"} 1`,
		`noirbot_valentina_requests_total{attempt="2",route="POST /users/{user_id}/experience/xp/add",status="error"} 1`,
		`noirbot_valentina_requests_total{attempt="3+",route="POST /users/{user_id}/experience/xp/add",status="503"} 1`,
		`noirbot_valentina_request_duration_seconds_count{route="GET /users/{user_id}"} 1`,
	} {
		assert.Contains(t, out, line+"\n")
	}
}

func TestGoAndProcessCollectorsAreRegistered(t *testing.T) {
	out := scrape(t, metrics.New())
	assert.Contains(t, out, "go_goroutines ")
	assert.Contains(t, out, "process_start_time_seconds ")
}

func TestMetricsFollowPrometheusNamingConventions(t *testing.T) {
	m := metrics.New()
	m.Interaction("/help", "ok", time.Millisecond, false)
	problems, err := promlint.New(strings.NewReader(scrape(t, m))).Lint()
	require.NoError(t, err)
	var own []promlint.Problem
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "noirbot_") {
			own = append(own, p)
		}
	}
	assert.Empty(t, own)
}

func TestLabelValuesAreBounded(t *testing.T) {
	m := metrics.New()
	observe := m.VClientObserver()
	for i := range metrics.MaxLabelValues + 50 {
		observe(vclient.RequestEvent{Route: fmt.Sprintf("GET /bogus/%d", i), Status: 200, Attempt: 1})
	}
	m.Interaction("", "", time.Millisecond, false)

	out := scrape(t, m)
	assert.Equal(t, metrics.MaxLabelValues+1, strings.Count(out, "noirbot_valentina_requests_total{"),
		"series past the cap are folded together")
	assert.Contains(t, out, `noirbot_valentina_requests_total{attempt="1",route="other",status="200"} 50`)
	assert.Contains(t, out, `noirbot_interactions_total{command="none",outcome="ok"} 1`)
}

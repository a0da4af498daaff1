package vclienttest

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotency(t *testing.T) {
	c := newTC(t)
	path := c.user(c.sb.Alice, "/experience/xp/add")
	body := `{"amount":3,"campaign_id":"` + c.sb.CampaignID + `","requesting_user_id":"` + c.sb.Sam + `"}`
	first := c.do("POST", path, body, "Idempotency-Key", "k1")
	require.Equal(t, 201, first.status)
	t.Run("a replay returns the stored response byte for byte without applying again", func(t *testing.T) {
		again := c.do("POST", path, body, "Idempotency-Key", "k1")
		assert.Equal(t, 201, again.status)
		assert.Equal(t, first.raw, again.raw)
		assert.Equal(t, 3, c.s.Experience(c.sb.Alice, c.sb.CampaignID).XPTotal)
	})
	t.Run("the same key with other bytes is a 409", func(t *testing.T) {
		other := bytes.Replace([]byte(body), []byte(`"amount":3`), []byte(`"amount":4`), 1)
		requireProblem(t, c.do("POST", path, string(other), "Idempotency-Key", "k1"), 409,
			"Idempotency key 'k1' was previously used with a different request body. Each unique request must use a unique idempotency key.")
	})
	t.Run("the key is scoped to the path", func(t *testing.T) {
		r := c.do("POST", c.user(c.sb.Bob, "/experience/xp/add"), body, "Idempotency-Key", "k1")
		assert.Equal(t, 201, r.status)
	})
	t.Run("errors are not stored", func(t *testing.T) {
		bad := `{"amount":3,"campaign_id":"` + c.sb.CampaignID + `","requesting_user_id":"66c0ffee00000000000000aa"}`
		assert.Equal(t, 400, c.do("POST", path, bad, "Idempotency-Key", "k2").status)
		assert.Equal(t, 201, c.do("POST", path, body, "Idempotency-Key", "k2").status)
	})
	t.Run("entries expire after an hour", func(t *testing.T) {
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		c := newTC(t, WithClock(clock))
		notes := c.user(c.sb.Alice, "/notes")
		c.do("POST", notes, `{"title":"One","content":"abc"}`, "Idempotency-Key", "n")
		c.do("POST", notes, `{"title":"One","content":"abc"}`, "Idempotency-Key", "n")
		require.Len(t, c.s.Notes(c.sb.Alice), 1)
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
		c.do("POST", notes, `{"title":"One","content":"abc"}`, "Idempotency-Key", "n")
		assert.Len(t, c.s.Notes(c.sb.Alice), 2)
	})
}

func TestIdempotencyHasNoLock(t *testing.T) {
	c := newTC(t)
	notes := c.user(c.sb.Alice, "/notes")
	// Hold each request after its idempotency lookup until both are in
	// flight: neither sees the other's stored response, so both run, as on
	// the real server.
	arrived := make(chan struct{}, 2)
	both := make(chan struct{})
	c.s.mu.Lock()
	c.s.idemMissHook = func() {
		arrived <- struct{}{}
		select {
		case <-both:
		case <-time.After(30 * time.Second):
		}
	}
	c.s.mu.Unlock()
	go func() {
		<-arrived
		<-arrived
		close(both)
	}()
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range 2 {
		wg.Go(func() {
			statuses[i] = c.do("POST", notes, `{"title":"Twice","content":"abc"}`, "Idempotency-Key", "same").status
		})
	}
	wg.Wait()
	assert.Equal(t, []int{201, 201}, statuses)
	assert.Len(t, c.s.Notes(c.sb.Alice), 2)
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := newTC(t, WithRateLimit(2, 0.6), WithClock(clock))
	first := c.do("GET", "/health", nil)
	assert.Equal(t, `"default";q=2;w=4`, first.header.Get("RateLimit-Policy"))
	assert.Equal(t, `"default";r=1;t=0`, first.header.Get("RateLimit"))
	second := c.do("GET", "/health", nil)
	assert.Equal(t, `"default";r=0;t=2`, second.header.Get("RateLimit"))
	limited := c.do("GET", "/health", nil)
	m := requireProblem(t, limited, 429, "You are being rate limited.")
	assert.Equal(t, 1.67, m["retry_after"])
	assert.Empty(t, limited.header.Get("Retry-After"))
	assert.Equal(t, `"default";r=0;t=2`, limited.header.Get("RateLimit"))
	t.Run("401s carry no rate-limit headers", func(t *testing.T) {
		r := c.do("GET", "/health", nil, "X-API-KEY", "")
		assert.Empty(t, r.header.Get("RateLimit"))
	})
	t.Run("the bucket refills with the clock", func(t *testing.T) {
		mu.Lock()
		now = now.Add(2 * time.Second)
		mu.Unlock()
		assert.Equal(t, 200, c.do("GET", "/health", nil).status)
	})
	t.Run("a replay still takes a token", func(t *testing.T) {
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
		body := `{"title":"Once","content":"abc"}`
		c.do("POST", c.user(c.sb.Alice, "/notes"), body, "Idempotency-Key", "r")
		r := c.do("POST", c.user(c.sb.Alice, "/notes"), body, "Idempotency-Key", "r")
		assert.Equal(t, 201, r.status)
		assert.Equal(t, `"default";r=0;t=2`, r.header.Get("RateLimit"))
	})
}

func TestFaults(t *testing.T) {
	c := newTC(t)
	path := c.user(c.sb.Alice, "/experience/xp/add")
	body := `{"amount":2,"campaign_id":"` + c.sb.CampaignID + `","requesting_user_id":"` + c.sb.Sam + `"}`
	route := "POST /users/{user_id}/experience/xp/add"

	t.Run("a lost response is applied once and the client sees a network error", func(t *testing.T) {
		// Warm a keep-alive connection first: Go's transport would silently
		// resend a keyed request whose reused connection died.
		c.do("GET", "/health", nil)
		c.s.InjectFault(Fault{Method: "POST", Route: route, LoseResponse: true, Times: 1})
		req, err := http.NewRequestWithContext(t.Context(), "POST", c.s.URL+"/api/v1"+path, bytes.NewBufferString(body))
		require.NoError(t, err)
		req.Header.Set("X-API-KEY", DefaultAPIKey)
		req.Header.Set("Idempotency-Key", "lost-1")
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		require.Error(t, err)
		assert.Equal(t, 2, c.s.Experience(c.sb.Alice, c.sb.CampaignID).XPTotal)

		retry := c.do("POST", path, body, "Idempotency-Key", "lost-1")
		assert.Equal(t, 201, retry.status)
		assert.Equal(t, 2, c.s.Experience(c.sb.Alice, c.sb.CampaignID).XPTotal, "the retry is a replay")
		reqs := c.s.Requests()
		lost := reqs[len(reqs)-2]
		assert.True(t, lost.Lost)
		assert.Equal(t, 201, lost.Status)
	})
	t.Run("a status fault answers without running the handler, Times times", func(t *testing.T) {
		c.s.InjectFault(Fault{Method: "POST", Route: route, Status: 503, Detail: "maintenance", Times: 2})
		requireProblem(t, c.do("POST", path, body), 503, "maintenance")
		requireProblem(t, c.do("POST", path, body), 503, "maintenance")
		assert.Equal(t, 201, c.do("POST", path, body).status)
		assert.Equal(t, 4, c.s.Experience(c.sb.Alice, c.sb.CampaignID).XPTotal)
	})
	t.Run("a 429 fault looks like the real limiter's", func(t *testing.T) {
		c.s.InjectFault(Fault{Route: "GET /health", Status: 429, RetryAfter: 1500 * time.Millisecond, Times: 1})
		r := c.do("GET", "/health", nil)
		m := requireProblem(t, r, 429, "You are being rate limited.")
		assert.Equal(t, 1.5, m["retry_after"])
		assert.Equal(t, `"default";r=0;t=2`, r.header.Get("RateLimit"))
		assert.Empty(t, r.header.Get("Retry-After"))
	})
	t.Run("remove and ClearFaults stop faults", func(t *testing.T) {
		remove := c.s.InjectFault(Fault{Route: "GET /health", Status: 500})
		assert.Equal(t, 500, c.do("GET", "/health", nil).status)
		remove()
		assert.Equal(t, 200, c.do("GET", "/health", nil).status)
		c.s.InjectFault(Fault{Status: 502})
		assert.Equal(t, 502, c.do("GET", "/health", nil).status)
		c.s.ClearFaults()
		assert.Equal(t, 200, c.do("GET", "/health", nil).status)
	})
	t.Run("latency gives up when the client does", func(t *testing.T) {
		c.s.InjectFault(Fault{Route: "GET /health", Latency: time.Minute, Times: 1})
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", c.s.URL+"/api/v1/health", nil)
		req.Header.Set("X-API-KEY", DefaultAPIKey)
		_, err := http.DefaultClient.Do(req)
		require.Error(t, err)
		require.Eventually(t, func() bool {
			reqs := c.s.Requests()
			return reqs[len(reqs)-1].Status == 499
		}, 5*time.Second, 5*time.Millisecond)
	})
}

func TestRequestLog(t *testing.T) {
	c := newTC(t)
	c.do("GET", c.user(c.sb.Alice, "/campaigns?limit=100"), nil)
	c.do("POST", c.user(c.sb.Alice, "/dicerolls/quickroll"), map[string]any{"quickroll_id": c.sb.Quickrolls["Strength + Brawl"], "character_id": c.sb.Mara})
	c.do("GET", "/nowhere", nil)
	reqs := c.s.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "GET /users/{user_id}/campaigns", reqs[0].Route)
	assert.Equal(t, "100", reqs[0].Query.Get("limit"))
	assert.Equal(t, 200, reqs[0].Status)
	assert.Equal(t, "POST /users/{user_id}/dicerolls/quickroll", reqs[1].Route)
	assert.Equal(t, "/api/v1"+c.user(c.sb.Alice, "/dicerolls/quickroll"), reqs[1].Path)
	assert.Contains(t, string(reqs[1].Body), c.sb.Mara)
	assert.Equal(t, DefaultAPIKey, reqs[1].Header.Get("X-API-KEY"))
	assert.Equal(t, 201, reqs[1].Status)
	assert.Equal(t, "", reqs[2].Route)
	assert.Equal(t, 404, reqs[2].Status)
	assert.Equal(t, 1, c.s.CountRequests("POST", "POST /users/{user_id}/dicerolls/quickroll"))
	assert.Equal(t, 3, c.s.CountRequests("", ""))
	c.s.ResetRequests()
	assert.Empty(t, c.s.Requests())
}

func TestLatencyAfterAppliesEvenWhenTheClientGivesUp(t *testing.T) {
	c := newTC(t)
	c.s.InjectFault(Fault{Route: "POST /users/{user_id}/notes", LatencyAfter: time.Minute, Times: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", c.s.URL+"/api/v1"+c.user(c.sb.Alice, "/notes"),
		bytes.NewBufferString(`{"title":"Slow","content":"abc"}`))
	require.NoError(t, err)
	req.Header.Set("X-API-KEY", DefaultAPIKey)
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	require.Eventually(t, func() bool {
		reqs := c.s.Requests()
		return len(reqs) == 1 && reqs[0].Lost && reqs[0].Status == 201
	}, 5*time.Second, 5*time.Millisecond)
	assert.Len(t, c.s.Notes(c.sb.Alice), 1)
}

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/cache/redistest"
)

// sentinelMaster is the master the failover test may fail over: its own pair when
// scripts/redis-topology.sh started one (so the suites of other packages, on the other
// master, are never cut), else the suites' master.
func sentinelMaster() string {
	if m := os.Getenv("TEST_REDIS_SENTINEL_FAILOVER_MASTER"); m != "" {
		return m
	}
	return os.Getenv("TEST_REDIS_SENTINEL_MASTER")
}

// failoverProbe watches one Sentinel-managed master from outside the bot.
type failoverProbe struct {
	sentinel *redis.SentinelClient
	master   string
}

// masterAddr is where the sentinel says the master is.
func (p *failoverProbe) masterAddr(ctx context.Context) (string, error) {
	addr, err := p.sentinel.GetMasterAddrByName(ctx, p.master).Result()
	if err != nil {
		return "", err
	}
	return addr[0] + ":" + addr[1], nil
}

// replicaInSync reports whether the sentinel knows a replica linked to the master: a
// failover needs one (after an earlier failover the old master resyncs as a replica).
func (p *failoverProbe) replicaInSync(ctx context.Context) bool {
	replicas, err := p.sentinel.Replicas(ctx, p.master).Result()
	if err != nil {
		return false
	}
	for _, r := range replicas {
		if r["master-link-status"] == "ok" && !strings.Contains(r["flags"], "down") && !strings.Contains(r["flags"], "disconnected") {
			return true
		}
	}
	return false
}

// masterAnswers reports whether addr is a master that answers (ROLE says "master").
func masterAnswers(ctx context.Context, addr string) bool {
	c := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: time.Second, ReadTimeout: time.Second, MaxRetries: -1, DisableIdentity: true})
	defer c.Close()
	role, err := c.Do(ctx, "ROLE").Slice()
	return err == nil && len(role) > 0 && role[0] == "master"
}

// masterPause is how long the test leaves Sentinel without a master that answers: longer
// than the bot's Redis op timeout (300 ms), shorter than the sentinel's down-after (2 s).
const masterPause = 1200 * time.Millisecond

// pauseMaster makes the Redis at addr stop answering every client for d (CLIENT PAUSE).
func pauseMaster(ctx context.Context, addr string, d time.Duration) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	defer c.Close()
	return c.Do(ctx, "CLIENT", "PAUSE", d.Milliseconds(), "ALL").Err()
}

// readySample is one /readyz answer during the failover.
type readySample struct {
	at     time.Time
	code   int
	status string
}

func TestSentinelFailoverLosesAndDoublesNoInteraction(t *testing.T) {
	master := sentinelMaster()
	url := redistest.SentinelURL(master)
	if url == "" {
		t.Skip("needs Sentinel: run scripts/redis-topology.sh (TEST_REDIS_SENTINEL_ADDRS, TEST_REDIS_SENTINEL_FAILOVER_MASTER)")
	}
	reportBackend(t, "sentinel")
	ctx := t.Context()
	probe := &failoverProbe{sentinel: redis.NewSentinelClient(&redis.Options{
		Addr: redistest.SplitAddrs(os.Getenv(redistest.SentinelAddrsEnv))[0], DisableIdentity: true}), master: master}
	t.Cleanup(func() { _ = probe.sentinel.Close() })
	require.True(t, bottest.WaitUntil(func() bool { return probe.replicaInSync(ctx) }), "no replica in sync to fail over to")
	oldMaster, err := probe.masterAddr(ctx)
	require.NoError(t, err)

	// Production's Redis operation timeout, not the tests' generous one: /readyz must see the
	// paused master as degraded within masterPause.
	ta := startTestApp(t, withRedis(url, uniquePrefix("failover")), withApp(withRedisOpTimeout(cache.DefaultOpTimeout)))
	store := ta.app.store
	before := ta.xpTotal()
	rolled(t, ta.answer(t, faultQuickroll("6900000")))

	// /readyz every 50 ms, from before the failover until after it.
	var samplesMu sync.Mutex
	var samples []readySample
	stopReady := make(chan struct{})
	readyDone := make(chan struct{})
	go func() {
		defer close(readyDone)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopReady:
				return
			case <-tick.C:
			}
			code, body := ta.readyzNoFail(ctx)
			samplesMu.Lock()
			samples = append(samples, readySample{at: time.Now(), code: code, status: body["status"]})
			samplesMu.Unlock()
		}
	}()

	// An interaction every 50 ms (alternately an award and a roll, every third one delivered
	// twice), plus a state write through the bot's own store, until the new master has
	// served for a while; bounded by count.
	type sent struct {
		id    string
		xp    bool
		again bool // delivered a second time after its answer
		d     delivery
		dup   delivery
		err   error
		bound bool // the state write said it was stored
	}
	const maxSent = 400
	var (
		wg                sync.WaitGroup
		mu                sync.Mutex
		all               []*sent
		failedAt          time.Time
		switched          time.Time
		newMaster         string
		pausedAt, resumed time.Time
	)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < maxSent; i++ {
		<-tick.C
		now := time.Now()
		switch {
		case i == 20:
			require.NoError(t, probe.sentinel.Failover(ctx, master).Err(), "SENTINEL FAILOVER")
			failedAt = now
		case !failedAt.IsZero() && switched.IsZero():
			if addr, err := probe.masterAddr(ctx); err == nil && addr != oldMaster && masterAnswers(ctx, addr) {
				switched, newMaster = now, addr
			}
		case !switched.IsZero() && pausedAt.IsZero() && now.Sub(switched) > time.Second:
			// Then no master at all for a while: the new one stops answering (shorter than the
			// sentinel's down-after, so this is not another failover).
			pausedAt, resumed = now, now.Add(masterPause)
			require.NoError(t, pauseMaster(ctx, newMaster, masterPause))
		}
		if !resumed.IsZero() && now.Sub(resumed) > 2*time.Second {
			break
		}
		s := &sent{id: fmt.Sprint(6900001 + i), xp: i%2 == 0, again: i%3 == 0}
		mu.Lock()
		all = append(all, s)
		mu.Unlock()
		wg.Go(func() {
			b := faultQuickroll(s.id)
			if s.xp {
				b = faultXPAdd(s.id, 1)
			}
			s.d, s.err = ta.deliver(ctx, b)
			if s.err == nil && s.again {
				first, _, err := ta.postFirst(ctx, b.JSON())
				s.dup = delivery{first: first}
				if err != nil {
					s.err = fmt.Errorf("duplicate: %w", err)
				}
			}
		})
		wg.Go(func() {
			s.bound = store.BindChannel(ctx, "failover-guild", "chan-"+s.id, "camp-"+s.id) == nil
		})
	}
	wg.Wait()
	close(stopReady)
	<-readyDone
	require.False(t, failedAt.IsZero(), "the failover was started")
	require.False(t, switched.IsZero(), "the sentinel promoted a new master within %d ticks", maxSent)
	require.False(t, pausedAt.IsZero(), "the new master was paused")
	t.Logf("failover from %s to %s took %v; %d interactions sent", oldMaster, newMaster, switched.Sub(failedAt).Round(time.Millisecond), len(all))

	// Every interaction was answered, once, with its result; none was doubled.
	xp, stored, refused := 0, 0, 0
	for _, s := range all {
		if !assert.NoError(t, s.err, "interaction %s", s.id) {
			continue
		}
		if s.xp {
			awarded(t, s.d)
			xp++
		} else {
			rolled(t, s.d)
		}
		if s.dup.first != 0 {
			assert.Equal(t, 5, s.dup.first, "the duplicate of %s was only acknowledged", s.id)
		}
		if s.bound {
			stored++
		} else {
			refused++
		}
	}
	var in struct{ Token string }
	answers := map[string]int{}
	for _, r := range ta.fake.Requests(bottest.Edit, bottest.FollowUp) {
		answers[r.Token()]++
	}
	for _, s := range all {
		b := faultQuickroll(s.id)
		if s.xp {
			b = faultXPAdd(s.id, 1)
		}
		require.NoError(t, json.Unmarshal(b.JSON(), &in))
		assert.LessOrEqual(t, answers[in.Token], 1, "interaction %s was answered more than once", s.id)
	}
	assert.Equal(t, before+xp, ta.xpTotal(), "every award applied exactly once")
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(xpAddKeys(ta)))), xp, "one award per interaction reached the API")

	// Every state write that said it was stored can be read back from the new master.
	for _, s := range all {
		if !s.bound {
			continue
		}
		var got string
		require.True(t, bottest.WaitUntil(func() bool {
			got, err = store.ChannelCampaign(ctx, "failover-guild", "chan-"+s.id)
			return err == nil
		}), "read back %s: %v", s.id, err)
		assert.Equal(t, "camp-"+s.id, got, "state write %s was lost in the failover", s.id)
	}
	t.Logf("state writes: %d stored, %d refused: the replicas had not confirmed them", stored, refused)

	// /readyz never took the bot out of service. It said degraded while no master answered
	// (the pause), and otherwise at most from the failover until shortly after the new
	// master answered; never before, never long after (Healthy pings within the op timeout).
	const grace = 5 * time.Second
	degraded, duringPause := 0, 0
	for _, r := range samples {
		assert.Equal(t, http.StatusOK, r.code, "readyz at %v", r.at)
		if r.status != "degraded" {
			continue
		}
		degraded++
		inFailover := !r.at.Before(failedAt) && !r.at.After(switched.Add(grace))
		inPause := !r.at.Before(pausedAt) && !r.at.After(resumed.Add(grace))
		if inPause && r.at.Before(resumed) {
			duringPause++
		}
		assert.True(t, inFailover || inPause, "degraded %v after the failover began, while a master answered", r.at.Sub(failedAt))
	}
	assert.Positive(t, duringPause, "degraded while no master answered")
	t.Logf("/readyz: %d samples, %d degraded (%d while no master answered)", len(samples), degraded, duringPause)
	code, body := ta.readyz(t)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok", body["status"])
	ta.stillServes(t)
}

// readyzNoFail is readyz for a background goroutine: 0 when the request fails.
func (ta *testApp) readyzNoFail(ctx context.Context) (int, map[string]string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+ta.app.adminAddr+"/readyz", nil)
	if err != nil {
		return 0, nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

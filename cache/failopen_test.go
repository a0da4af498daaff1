package cache

import (
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newProxiedEnv is newTestEnv with Redis behind a proxy the test can cut.
func newProxiedEnv(t *testing.T, modify ...func(*Options)) (*testEnv, *proxy) {
	needsOneNode(t)
	var p *proxy
	env := newTestEnv(t, append([]func(*Options){func(o *Options) {
		p = newProxy(t, redisHost(t, o.URL))
		o.URL = withHost(t, o.URL, p.Addr())
	}}, modify...)...)
	return env, p
}

func TestLookupsSurviveARedisOutage(t *testing.T) {
	env, p := newProxiedEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	qr, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	require.Len(t, qr, 2)

	p.Cut()
	env.clock.Advance(DefaultL1TTL) // what was read before the outage is served from memory up to L1TTL
	env.emu.ResetRequests()
	for range 10 {
		qr, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
		require.NoError(t, err, "lookups keep working from the API")
		assert.Len(t, qr, 2)
		m, err := env.lookups.Identity(ctx, cid, "300")
		require.NoError(t, err)
		assert.Equal(t, shown("Alice"), m.Name)
		_, err = env.lookups.Campaigns(ctx, cid, env.alice())
		require.NoError(t, err)
		env.clock.Advance(700 * time.Millisecond) // crosses the 1 s retry window: Redis is probed again
	}
	assert.Equal(t, 10, env.upstream(quickrollsRoute), "every lookup went to the API")
	assert.Positive(t, env.obs.count(env.obs.failOpen, "get"))
	assert.Positive(t, env.obs.sum(env.obs.errs))
	assert.Equal(t, 1, env.logs.count("redis unavailable"), "the outage is logged once per 10 s")

	// A write during the outage: its invalidation cannot reach Redis yet.
	_, err = env.api.OnBehalfOf(env.sb.Alice).Users(cid).CreateQuickroll(ctx, env.sb.Alice,
		&vclient.QuickrollCreate{Name: "Wits + Awareness", TraitIDs: []string{env.sb.Traits["Wits"]}})
	require.NoError(t, err)
	env.lookups.InvalidateQuickrolls(ctx, cid, env.sb.Alice)

	env.clock.Advance(10 * time.Second)
	_, err = env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	// The lookup asked for the replay, which fails in the background and logs.
	require.Eventually(t, func() bool { return env.logs.count("redis unavailable") == 2 }, 30*time.Second, 5*time.Millisecond,
		"a new line after 10 s")

	p.Restore()
	env.clock.Advance(2 * time.Second)
	qr, err = env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	assert.Len(t, qr, 3, "the write made during the outage is not served stale")
	env.waitReplayed(t)
	assert.Contains(t, env.logs.String(), "caching resumed")
	_, err = env.lookups.Quickrolls(ctx, cid, env.sb.Alice) // the lookup during the replay went to the API: fill the cache
	require.NoError(t, err)

	env.emu.ResetRequests()
	hits := env.obs.count(env.obs.hits, "quickrolls")
	qr, err = env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
	require.NoError(t, err)
	assert.Len(t, qr, 3)
	assert.Equal(t, 0, env.upstream(""), "hits resume after Redis returns")
	assert.Equal(t, hits+1, env.obs.count(env.obs.hits, "quickrolls"))
}

func TestIdentityDroppedDuringOutageIsRebuiltAfter(t *testing.T) {
	env, p := newProxiedEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.Identity(ctx, cid, "400")
	require.NoError(t, err)

	p.Cut()
	env.unlinkDiscord(t, env.sb.Bob, "400")
	_, err = env.lookups.Identity(ctx, cid, "400")
	require.ErrorIs(t, err, ErrNotLinked, "fail-open lookups read the API")

	p.Restore()
	env.clock.Advance(2 * time.Second)
	_, err = env.lookups.Identity(ctx, cid, "400")
	require.ErrorIs(t, err, ErrNotLinked, "the old link is not served from the stale map")
}

// A hung Redis never answers while the lookup runs (the proxy holds every byte until
// Restore), so a lookup that returns was ended by the operation timeout, whatever the
// machine's load: that is all a slow Redis costs. The timeout is 1 s, not production's
// 300 ms, so the probe after Restore is not mistaken for another hang on a busy machine.
func TestAHungRedisCostsALookupTheOperationTimeoutThenIsSkipped(t *testing.T) {
	env, p := newProxiedEnv(t, func(o *Options) { o.OpTimeout = time.Second })
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.CompanySettings(ctx, cid, env.alice())
	require.NoError(t, err)

	env.clock.Advance(DefaultL1TTL) // past the in-process copy: the next lookup asks Redis
	p.Stall()
	settings, err := env.lookups.CompanySettings(ctx, cid, env.alice())
	require.NoError(t, err, "a hung Redis is treated as down")
	assert.NotNil(t, settings)
	assert.Positive(t, env.obs.count(env.obs.failOpen, "get"))

	env.emu.ResetRequests()
	_, err = env.lookups.CompanySettings(ctx, cid, env.alice())
	require.NoError(t, err)
	assert.Equal(t, 1, env.upstream("GET /companies/{company_id}"), "within the retry window Redis is skipped")

	p.Restore()
	hits := env.obs.count(env.obs.hits, "company")
	for range 5 { // a probe that still times out on a loaded machine is retried
		env.clock.Advance(2 * time.Second)
		_, err = env.lookups.CompanySettings(ctx, cid, env.alice())
		require.NoError(t, err)
		if env.obs.count(env.obs.hits, "company") > hits {
			break
		}
	}
	assert.Greater(t, env.obs.count(env.obs.hits, "company"), hits, "caching resumes by itself")
}

func TestStateReportsErrorsWhileRedisIsDown(t *testing.T) {
	env, p := newProxiedEnv(t)
	ctx := t.Context()
	require.NoError(t, env.store.BindChannel(ctx, "g1", "c1", "camp"))
	p.Cut()

	tests := []struct {
		name string
		op   func() error
	}{
		{"bind a channel", func() error { return env.store.BindChannel(ctx, "g1", "c1", "other") }},
		{"read a binding", func() error { _, err := env.store.ChannelCampaign(ctx, "g1", "c1"); return err }},
		{"set a default character", func() error { return env.store.SetDefaultCharacter(ctx, "g1", "u", "camp", "ch") }},
		{"read a default character", func() error { _, err := env.store.DefaultCharacter(ctx, "g1", "u", "camp"); return err }},
		{"record a quickroll", func() error { return env.store.PushRecentQuickroll(ctx, "g1", "u", "q") }},
		{"read recent quickrolls", func() error { _, err := env.store.RecentQuickrolls(ctx, "g1", "u"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, tt.op())
		})
	}
	assert.False(t, env.store.Healthy(ctx))

	p.Restore()
	got, err := env.store.ChannelCampaign(ctx, "g1", "c1")
	require.NoError(t, err)
	assert.Equal(t, "camp", got)
	assert.True(t, env.store.Healthy(ctx))
}

func TestOverflowingInvalidationsDropTheWholeCache(t *testing.T) {
	env, p := newProxiedEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.Campaigns(ctx, cid, env.alice())
	require.NoError(t, err)

	p.Cut()
	for i := range maxPending + 1 {
		env.store.invalidate(ctx, "test", env.store.cacheKey("filler", string(rune('a'+i%26)), time.Duration(i).String()))
	}

	p.Restore()
	env.clock.Advance(2 * time.Second)
	env.emu.ResetRequests()
	_, err = env.lookups.Campaigns(ctx, cid, env.alice())
	require.NoError(t, err)
	assert.Equal(t, 1, env.upstream(campaignsRoute()), "the campaigns entry was dropped with everything else")
	got, err := env.store.ChannelCampaign(ctx, "g", "c")
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestOutageDoesNotListUsersForEveryInteraction(t *testing.T) {
	v1Only(t, "v2 lists no users to resolve a member (TestIdentityV2CostsOneLookupPerMember)")
	env, p := newProxiedEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.Identity(ctx, cid, "300")
	require.NoError(t, err)

	p.Cut()
	env.emu.ResetRequests()
	for _, id := range []string{"300", "100", "999", "400", "999"} {
		_, err := env.lookups.Identity(ctx, cid, id)
		if id == "999" {
			require.ErrorIs(t, err, ErrNotLinked)
		} else {
			require.NoError(t, err)
		}
		env.clock.Advance(5 * time.Second)
	}
	assert.LessOrEqual(t, env.upstream(usersRoute), 1, "a recent listing stands in for the map")

	env.lookups.InvalidateIdentity(ctx, cid)
	env.emu.ResetRequests()
	_, err = env.lookups.Identity(ctx, cid, "300")
	require.NoError(t, err)
	assert.Equal(t, 1, env.upstream(usersRoute), "a link change is read from the API at once")
}

func TestFlappingRedisNeverFailsALookup(t *testing.T) {
	env, p := newProxiedEnv(t, func(o *Options) { o.OpTimeout = 100 * time.Millisecond })
	ctx, cid := t.Context(), env.sb.CompanyID
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			if i%2 == 0 {
				p.Cut()
			} else {
				p.Restore()
			}
			env.clock.Advance(time.Second)
			env.lookups.InvalidateQuickrolls(ctx, cid, env.sb.Alice)
		}
		p.Restore()
	}()
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for range 30 {
				qr, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice)
				assert.NoError(t, err)
				assert.Len(t, qr, 2)
				_, err = env.lookups.Identity(ctx, cid, "300")
				assert.NoError(t, err)
				env.store.FirstDelivery(ctx, randomHex(4))
			}
		})
	}
	wg.Wait()
	<-done
}

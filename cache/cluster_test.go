package cache

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slotErrors is a go-redis hook that keeps every command error naming a Cluster slot
// problem (CROSSSLOT, MOVED, ASK, TRYAGAIN) that reaches the client's caller: go-redis
// follows redirections itself, so one seen here is one a lookup or state call would get.
type slotErrors struct {
	mu   sync.Mutex
	errs []string
}

func (h *slotErrors) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *slotErrors) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		h.check(cmd)
		return err
	}
}

func (h *slotErrors) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			h.check(c)
		}
		return err
	}
}

func (h *slotErrors) check(cmd redis.Cmder) {
	err := cmd.Err()
	if err == nil {
		return
	}
	for _, bad := range []string{"CROSSSLOT", "MOVED", "ASK", "TRYAGAIN"} {
		if strings.Contains(err.Error(), bad) {
			h.mu.Lock()
			h.errs = append(h.errs, cmd.Name()+": "+err.Error())
			h.mu.Unlock()
		}
	}
}

func (h *slotErrors) all() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.errs...)
}

// clusterEnv is newTestEnv on Redis Cluster (skipped on other backends), with the slot
// error hook installed.
func clusterEnv(t *testing.T) (*testEnv, *redis.ClusterClient, *slotErrors) {
	env := newTestEnv(t)
	cc, ok := env.store.rdb.(*redis.ClusterClient)
	if !ok {
		t.Skip("needs Redis Cluster: run scripts/redis-topology.sh (TEST_REDIS_CLUSTER_ADDRS)")
	}
	hook := &slotErrors{}
	cc.AddHook(hook)
	return env, cc, hook
}

// slot asks the Cluster which slot key hashes to.
func slot(t *testing.T, cc *redis.ClusterClient, key string) int64 {
	t.Helper()
	n, err := cc.ClusterKeySlot(t.Context(), key).Result()
	require.NoError(t, err)
	return n
}

func TestClusterKeysUsedTogetherShareASlot(t *testing.T) {
	env, cc, _ := clusterEnv(t)
	s, cid := env.store, env.sb.CompanyID
	identity := slot(t, cc, s.identityKey(cid))
	assert.Equal(t, identity, slot(t, cc, s.identityKey(cid)+":tmp:0123456789abcdef"), "the build key is RENAMEd into the map")
	assert.Equal(t, identity, slot(t, cc, s.refreshKey(cid)), "the build sets the refresh time in the same MULTI/EXEC")

	other := newTestStore(t, func(o *Options) { o.KeyPrefix = s.prefix + "-other" })
	assert.NotEqual(t, s.companyTag(cid), other.store.companyTag(cid), "the prefix is part of the tag")
}

func TestClusterNoSlotErrorReachesACaller(t *testing.T) {
	env, _, hook := clusterEnv(t)
	ctx, cid, sb := t.Context(), env.sb.CompanyID, env.sb
	replica, err := Open(ctx, env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = replica.Close() })
	other := NewLookups(replica, env.api)
	alice := Viewer{UserID: sb.Alice, Role: vclient.RolePlayer}

	// Every lookup, on two replicas, cold then warm: the identity build (MULTI/EXEC with
	// RENAME), the refresh throttle script, GET/SET of every family.
	for range 2 {
		for _, l := range []*Lookups{env.lookups, other} {
			m, err := l.Identity(ctx, cid, "300")
			require.NoError(t, err)
			assert.Equal(t, sb.Alice, m.UserID)
			_, err = l.Identity(ctx, cid, "555")
			require.ErrorIs(t, err, ErrNotLinked)
			_, err = l.Quickrolls(ctx, cid, sb.Alice)
			require.NoError(t, err)
			_, err = l.Notes(ctx, cid, sb.Alice)
			require.NoError(t, err)
			_, err = l.Campaigns(ctx, cid, alice)
			require.NoError(t, err)
			_, err = l.Characters(ctx, cid, sb.CampaignID, sb.Alice, alice)
			require.NoError(t, err)
			traits, err := l.CharacterTraits(ctx, cid, sb.CampaignID, sb.Mara, alice)
			require.NoError(t, err)
			_, err = l.TraitName(ctx, cid, traits[0].Trait.ID, alice)
			require.NoError(t, err)
			_, err = l.Company(ctx, cid, alice)
			require.NoError(t, err)
			l.PutCharacterTraits(ctx, cid, sb.Mara, alice, traits)
		}
		for range 2 { // the unknown id may refresh again; both processes keep beating meanwhile
			env.clock.Advance(16 * time.Second)
			require.NoError(t, env.store.heartbeat(ctx))
			require.NoError(t, replica.heartbeat(ctx))
		}
	}

	// Writes and their invalidations, several keys at once, on several slots.
	env.lookups.DropIdentity(ctx, cid, "300") // HDEL + DEL in one MULTI/EXEC
	env.lookups.InvalidateIdentity(ctx, cid)
	env.lookups.InvalidateQuickrolls(ctx, cid, sb.Alice)
	env.lookups.InvalidateNotes(ctx, cid, sb.Alice)
	env.lookups.InvalidateCharacterTraits(ctx, cid, sb.Mara)
	env.store.Invalidate(ctx, "campaigns:"+cid, "company:"+cid, "trait:"+cid+":x")

	// What an outage leaves to replay: deletions and de-duplication marks on many slots, in
	// one pipeline.
	for i := range 20 {
		env.store.queueDeletes(env.store.cacheKey("quickrolls", cid, randomHex(4)))
		env.store.queueDedup(env.store.stateKey("dedup", randomHex(4)), env.clock.Now().Add(-time.Duration(i)*time.Second))
	}
	require.NoError(t, env.store.replay(ctx))
	env.store.queueWipe() // SCAN + DEL on every master
	require.NoError(t, env.store.replay(ctx))

	// De-duplication and state.
	for i := range 10 {
		id := randomHex(6)
		assert.True(t, env.store.FirstDelivery(ctx, id))
		assert.False(t, replica.FirstDelivery(ctx, id))
		g, u := "g"+randomHex(2), "u"+randomHex(2)
		require.NoError(t, env.store.BindChannel(ctx, g, "c", "camp"))
		require.NoError(t, env.store.SetDefaultCharacter(ctx, g, u, "camp", "ch"))
		require.NoError(t, env.store.PushRecentQuickroll(ctx, g, u, "q"+string(rune('a'+i)))) // MULTI/EXEC
		got, err := replica.RecentQuickrolls(ctx, g, u)
		require.NoError(t, err)
		assert.Len(t, got, 1)
	}

	// Identity is rebuilt after the drops, through the other replica too.
	for _, l := range []*Lookups{env.lookups, other} {
		m, err := l.Identity(ctx, cid, "300")
		require.NoError(t, err)
		assert.Equal(t, sb.Alice, m.UserID)
	}
	_, err = env.api.OnBehalfOf(sb.Alice).Users(cid).CreateQuickroll(ctx, sb.Alice,
		&vclient.QuickrollCreate{Name: "Wits + Awareness", TraitIDs: []string{sb.Traits["Wits"]}})
	require.NoError(t, err)
	env.lookups.InvalidateQuickrolls(ctx, cid, sb.Alice)
	qr, err := other.Quickrolls(ctx, cid, sb.Alice)
	require.NoError(t, err)
	assert.Len(t, qr, 3, "an invalidation by one replica is seen by the other")

	assert.Empty(t, hook.all(), "no slot error reached a caller")
	assert.Zero(t, env.obs.sum(env.obs.errs), "no Redis error at all: %v", env.obs.errs)
	assert.Zero(t, env.obs.sum(env.obs.failOpen), "nothing failed open")
}

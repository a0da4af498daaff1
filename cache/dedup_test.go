package cache

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFirstDeliveryAcrossReplicas(t *testing.T) {
	env := newTestStore(t)
	replica, err := Open(t.Context(), env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = replica.Close() })
	ctx := t.Context()

	assert.True(t, env.store.FirstDelivery(ctx, "i-1"), "first delivery")
	assert.False(t, env.store.FirstDelivery(ctx, "i-1"), "a retry on the same replica")
	assert.False(t, replica.FirstDelivery(ctx, "i-1"), "the same interaction on another replica")
	assert.True(t, replica.FirstDelivery(ctx, "i-2"))

	ttl := env.rawTTL(t, env.store.stateKey("dedup", "i-1"))
	assert.Greater(t, ttl, 14*time.Minute)
	assert.LessOrEqual(t, ttl, 15*time.Minute)
}

func TestFirstDeliveryWhileRedisIsDown(t *testing.T) {
	env, p := newProxiedEnv(t)
	ctx := t.Context()
	replica, err := Open(ctx, env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = replica.Close() })

	p.Cut()
	assert.True(t, env.store.FirstDelivery(ctx, "i-1"))
	assert.False(t, env.store.FirstDelivery(ctx, "i-1"), "the in-process LRU still de-duplicates")
	assert.Positive(t, env.obs.count(env.obs.failOpen, "dedup"))

	p.Restore()
	env.clock.Advance(2 * time.Second)
	assert.True(t, env.store.FirstDelivery(ctx, "i-2"), "Redis answers again (and the outage's marks are written)")
	env.waitReplayed(t)
	assert.False(t, replica.FirstDelivery(ctx, "i-1"), "a mark taken during the outage reaches other replicas")
	assert.False(t, env.store.FirstDelivery(ctx, "i-1"))
}

func TestLRUForgetsTheOldest(t *testing.T) {
	now := time.Now()
	l := newLRU(3)
	for i := range 4 {
		require.True(t, l.add(fmt.Sprint(i), now))
	}
	assert.False(t, l.seen("0", now), "evicted")
	assert.True(t, l.seen("3", now))
	assert.False(t, l.add("3", now), "already there")
	assert.False(t, l.seen("1", now.Add(dedupTTL)), "expired")
	assert.True(t, l.add("1", now.Add(dedupTTL)), "an expired id is new again")
}

package cache

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedReplicas replaces the store's Sentinel watch with one that reports n until the
// test ends (the real one polls, and could change the count under the test).
func fixedReplicas(t *testing.T, s *Store, n int) {
	real := s.replicas
	s.replicas = &replicaWatch{count: n, stop: make(chan struct{})}
	t.Cleanup(func() { s.replicas = real })
}

func TestSentinelStateWritesWaitForTheReplicas(t *testing.T) {
	env := newTestStore(t, func(o *Options) { o.OpTimeout = 1500 * time.Millisecond }) // WAIT gives up after 500 ms
	s, ctx := env.store, t.Context()
	if s.replicas == nil {
		t.Skip("needs Sentinel: run scripts/redis-topology.sh (TEST_REDIS_SENTINEL_ADDRS, TEST_REDIS_SENTINEL_MASTER)")
	}
	require.Eventually(t, func() bool { return s.replicas.healthy() >= 1 }, 30*time.Second, 10*time.Millisecond,
		"Sentinel reports the suite master's replica")
	require.NoError(t, s.BindChannel(ctx, "g", "c", "camp-a"), "a replica confirmed it")

	fixedReplicas(t, s, -1) // Sentinel announced the master down or failing over
	assert.ErrorIs(t, s.BindChannel(ctx, "g", "c", "camp-b"), errNotReplicated)
	assert.ErrorIs(t, s.PushRecentQuickroll(ctx, "g", "u", "q1"), errNotReplicated)
	got, err := s.ChannelCampaign(ctx, "g", "c")
	require.NoError(t, err, "reads go on")
	assert.Equal(t, "camp-a", got, "a refused write was not applied")

	fixedReplicas(t, s, 3) // more replicas than confirm it: WAIT falls short
	assert.ErrorIs(t, s.SetDefaultCharacter(ctx, "g", "u", "camp", "ch"), errNotReplicated)
	assert.ErrorIs(t, s.PushRecentQuickroll(ctx, "g", "u", "q1"), errNotReplicated, "a MULTI/EXEC waits too")

	fixedReplicas(t, s, 1)
	require.NoError(t, s.PushRecentQuickroll(ctx, "g", "u", "q2"))
	ids, err := s.RecentQuickrolls(ctx, "g", "u")
	require.NoError(t, err)
	assert.Equal(t, "q2", ids[0])
	assert.True(t, s.FirstDelivery(ctx, randomHex(6)), "de-duplication does not wait for replicas")
}

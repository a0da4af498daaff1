package cache

import (
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crash stops a store as a killed process would: no replay, no deregistration.
func (s *Store) crash() {
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.maintained
		s.replicas.close()
	})
	_ = s.rdb.Close()
}

// addWitsQuickroll is a write made through the API behind the cache's back.
func (e *testEnv) addWitsQuickroll(t *testing.T) {
	t.Helper()
	_, err := e.api.OnBehalfOf(e.sb.Alice).Users(e.sb.CompanyID).CreateQuickroll(t.Context(), e.sb.Alice,
		&vclient.QuickrollCreate{Name: "Wits + Awareness", TraitIDs: []string{e.sb.Traits["Wits"]}})
	require.NoError(t, err)
}

func (e *testEnv) quickrolls(t *testing.T, l *Lookups) int {
	t.Helper()
	qr, err := l.Quickrolls(t.Context(), e.sb.CompanyID, e.sb.Alice)
	require.NoError(t, err)
	return len(qr)
}

func TestReplayAfterAnOutageRunsOffTheRequestPath(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	env := newTestEnv(t, func(o *Options) {
		o.replayHook = func() {
			select {
			case started <- struct{}{}:
			default:
			}
			<-release
		}
	})
	open := sync.OnceFunc(func() { close(release) })
	t.Cleanup(open) // before the store's Close, which waits for the held replay
	ctx, cid := t.Context(), env.sb.CompanyID
	require.Equal(t, 2, env.quickrolls(t, env.lookups))

	// What an outage leaves behind: a failed invalidation after a write, and an overflow
	// that asks for the whole cache to be dropped (a SCAN, as long as the keyspace is big).
	env.addWitsQuickroll(t)
	env.store.queueDeletes(env.store.cacheKey(quickrollsKey(cid, env.sb.Alice)))
	env.store.queueWipe()

	env.emu.ResetRequests()
	assert.Equal(t, 3, env.quickrolls(t, env.lookups), "not served stale")
	select { // the lookup asked for the replay, which is now held in the background
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the replay never started")
	}
	for range 5 {
		assert.Equal(t, 3, env.quickrolls(t, env.lookups), "lookups do not wait for the replay")
		assert.True(t, env.store.FirstDelivery(ctx, randomHex(6)))
	}
	assert.Equal(t, 6, env.upstream(quickrollsRoute), "they went to the API while the replay ran")

	open()
	env.waitReplayed(t)
	assert.Equal(t, 3, env.quickrolls(t, env.lookups))
	env.emu.ResetRequests()
	assert.Equal(t, 3, env.quickrolls(t, env.lookups))
	assert.Zero(t, env.upstream(""), "cached again once the replay is done")
}

func TestInvalidationsLostWithAStoppedProcessAreServedForABoundedTime(t *testing.T) {
	env := newTestEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	bound := DefaultStaleAfter + DefaultHeartbeatInterval
	start := env.clock.Now()
	require.Equal(t, 2, env.quickrolls(t, env.lookups))

	// The process cannot invalidate after a write (Redis fails), then is killed: its queue
	// of invalidations dies with it.
	env.addWitsQuickroll(t)
	env.store.queueDeletes(env.store.cacheKey(quickrollsKey(cid, env.sb.Alice)))
	env.store.crash()

	// Its replacement starts on the same Redis, and serves the entry stale at first...
	restarted, err := Open(ctx, env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = restarted.Close() })
	fresh := &testEnv{store: restarted, lookups: NewLookups(restarted, env.api), api: env.api, emu: env.emu, sb: env.sb}
	assert.Equal(t, 2, fresh.quickrolls(t, fresh.lookups), "stale: nothing says the old process lost an invalidation yet")
	env.clock.Advance(DefaultStaleAfter - DefaultHeartbeatInterval)
	require.NoError(t, restarted.heartbeat(ctx))
	assert.Equal(t, 2, fresh.quickrolls(t, fresh.lookups), "its heartbeat is not stale yet")

	// ...but not past the bound: the heartbeat at the end of it finds the dead process's
	// registration stale and drops the cache (in the background).
	env.clock.Advance(start.Add(bound).Sub(env.clock.Now()))
	require.NoError(t, restarted.heartbeat(ctx))
	assert.Equal(t, 3, fresh.quickrolls(t, fresh.lookups), "no longer stale %v after the lost invalidation", bound)
	fresh.waitReplayed(t)
	assert.Equal(t, 3, fresh.quickrolls(t, fresh.lookups))
	assert.Equal(t, 3, fresh.quickrolls(t, fresh.lookups), "served from the cache again")
}

func TestACleanStopCostsTheOthersNoCache(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	other, err := Open(ctx, env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })
	replica := NewLookups(other, env.api)
	require.Equal(t, 2, env.quickrolls(t, replica))

	require.NoError(t, env.store.Close()) // nothing pending: it leaves the registry
	env.clock.Advance(2 * DefaultStaleAfter)
	require.NoError(t, other.heartbeat(ctx))
	assert.False(t, other.health.hasPending.Load(), "no cache drop")
	env.emu.ResetRequests()
	require.Equal(t, 2, env.quickrolls(t, replica))
	assert.Zero(t, env.upstream(""), "still cached")
}

func TestHeartbeatsKeepLiveProcessesRegistered(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	other, err := Open(ctx, env.store.opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })
	for range 10 { // both beat within StaleAfter: neither is ever taken for dead
		env.clock.Advance(DefaultHeartbeatInterval)
		require.NoError(t, env.store.heartbeat(ctx))
		require.NoError(t, other.heartbeat(ctx))
	}
	assert.False(t, env.store.health.hasPending.Load())
	assert.False(t, other.health.hasPending.Load())
	ids, err := env.store.rdb.HKeys(ctx, env.store.registryKey()).Result()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{env.store.id, other.id}, ids)
}

package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	quickrollsRoute = "GET /users/{user_id}/quickrolls"
	usersRoute      = "GET /users"
	traitRoute      = "GET /characterblueprint/traits/{trait_id}"
)

func TestColdKeyLoadsOnceForConcurrentCallers(t *testing.T) {
	const callers = 50
	// The upstream answer is held until all 50 callers wait on a load of the same key.
	env := newHeldLoadEnv(t, quickrollsRoute, callers)

	var wg sync.WaitGroup
	results := make([][]vclient.Quickroll, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() {
			results[i], errs[i] = env.lookups.Quickrolls(t.Context(), env.sb.CompanyID, env.sb.Alice)
		})
	}
	wg.Wait()

	for i := range callers {
		require.NoError(t, errs[i])
		assert.Len(t, results[i], 2, "caller %d sees Alice's two quickrolls", i)
	}
	assert.Equal(t, 1, env.upstream(quickrollsRoute), "one upstream call for 50 concurrent cold lookups")

	env.emu.ResetRequests()
	hits := env.obs.count(env.obs.hits, "quickrolls")
	warm, err := env.lookups.Quickrolls(t.Context(), env.sb.CompanyID, env.sb.Alice)
	require.NoError(t, err)
	assert.Equal(t, results[0], warm, "the warm answer equals the loaded one")
	assert.Equal(t, 0, env.upstream(""), "a warm lookup makes no upstream call")
	assert.Equal(t, hits+1, env.obs.count(env.obs.hits, "quickrolls"), "the observer saw the hit")
}

// newHeldLoadEnv is a test env whose first request to route is held until callers callers
// have joined a shared load of one key: concurrency by construction, not by timing. (A
// failsafe opens it after 30 s, and the test fails on its counts.)
func newHeldLoadEnv(t *testing.T, route string, callers int) *testEnv {
	var mu sync.Mutex
	joins := map[string]int{}
	all := make(chan struct{})
	var open sync.Once
	release := func() { open.Do(func() { close(all) }) }
	failsafe := time.AfterFunc(30*time.Second, release)
	t.Cleanup(func() { failsafe.Stop(); release() })
	env := newTestEnv(t, func(o *Options) {
		o.joinedHook = func(key string) {
			mu.Lock()
			defer mu.Unlock()
			if joins[key]++; joins[key] == callers {
				release()
			}
		}
	})
	env.emu.InjectFault(vclienttest.Fault{Route: route, Hold: all, Times: 1})
	return env
}

func TestCallerGivingUpDoesNotFailOthers(t *testing.T) {
	env := newTestStore(t)
	started, release := make(chan struct{}), make(chan struct{})
	var loads atomic.Int32
	load := func(ctx context.Context) (string, error) {
		loads.Add(1)
		close(started)
		select {
		case <-release:
			return "loaded", nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}

	impatient, cancel := context.WithCancel(t.Context())
	impatientErr := make(chan error)
	go func() {
		_, err := GetOrLoad(impatient, env.store, "slow:1", 0, load)
		impatientErr <- err
	}()
	<-started
	cancel()
	require.ErrorIs(t, <-impatientErr, context.Canceled, "a caller is bounded by its own context")

	patient := make(chan string)
	go func() {
		v, err := GetOrLoad(t.Context(), env.store, "slow:1", 0, load)
		assert.NoError(t, err)
		patient <- v
	}()
	close(release)
	assert.Equal(t, "loaded", <-patient, "the shared load went on for the patient caller")
	assert.Equal(t, int32(1), loads.Load())
	assert.Zero(t, env.obs.sum(env.obs.failOpen), "a cancelled caller is not a Redis failure")
}

func TestCancelledCallerStartsNoLoad(t *testing.T) {
	env := newTestEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := env.lookups.Quickrolls(ctx, env.sb.CompanyID, env.sb.Alice)
	require.ErrorIs(t, err, context.Canceled)
	_, err = env.lookups.Identity(ctx, env.sb.CompanyID, "300")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, env.upstream(""))
}

func TestValuesAreStoredAsJSONWithJitteredTTL(t *testing.T) {
	env := newTestEnv(t, func(o *Options) { o.CacheTTL = 100 * time.Second })
	_, err := env.lookups.Campaigns(t.Context(), env.sb.CompanyID, env.alice())
	require.NoError(t, err)

	key := env.store.cacheKey("campaigns", env.sb.CompanyID)
	raw, err := env.store.rdb.Get(t.Context(), key).Result()
	require.NoError(t, err)
	assert.Contains(t, raw, `"name":"Chicago by Night"`)
	ttl := env.rawTTL(t, key)
	assert.GreaterOrEqual(t, ttl, 89*time.Second)
	assert.LessOrEqual(t, ttl, 110*time.Second)
}

func TestNotFoundIsCachedBriefly(t *testing.T) {
	env := newTestEnv(t)
	for range 3 {
		_, err := env.lookups.TraitName(t.Context(), env.sb.CompanyID, missingID(), env.alice())
		require.ErrorIs(t, err, vclient.ErrNotFound)
		var apiErr *vclient.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "Trait not found", apiErr.Detail, "the API's detail survives the cache")
	}
	assert.Equal(t, 1, env.upstream(traitRoute))
	ttl := env.rawTTL(t, env.store.cacheKey("trait", env.sb.CompanyID, missingID()))
	assert.Greater(t, ttl, time.Duration(0))
	assert.LessOrEqual(t, ttl, DefaultNegativeTTL)
}

func TestOtherLoadErrorsAreNotCached(t *testing.T) {
	env := newTestEnv(t)
	remove := env.emu.InjectFault(vclienttest.Fault{Route: usersRoute, Status: 503})
	_, err := env.lookups.CompanyUsers(t.Context(), env.sb.CompanyID, env.alice())
	require.ErrorIs(t, err, vclient.ErrServer)
	remove()

	users, err := env.lookups.CompanyUsers(t.Context(), env.sb.CompanyID, env.alice())
	require.NoError(t, err)
	assert.Len(t, users, 4)
}

func TestPanickingLoaderBecomesAnError(t *testing.T) {
	env := newTestStore(t)
	_, err := GetOrLoad(t.Context(), env.store, "boom:1", 0, func(context.Context) (int, error) { panic("kaboom") })
	require.ErrorContains(t, err, "kaboom")
	v, err := GetOrLoad(t.Context(), env.store, "boom:1", 0, func(context.Context) (int, error) { return 7, nil })
	require.NoError(t, err)
	assert.Equal(t, 7, v)
}

func TestWriteThenInvalidateShowsTheChange(t *testing.T) {
	tests := []struct {
		name   string
		read   func(env *testEnv) (int, error)
		write  func(env *testEnv) error
		expect int
	}{
		{
			name: "a created quickroll appears",
			read: func(env *testEnv) (int, error) {
				q, err := env.lookups.Quickrolls(context.Background(), env.sb.CompanyID, env.sb.Alice)
				return len(q), err
			},
			write: func(env *testEnv) error {
				_, err := env.api.OnBehalfOf(env.sb.Alice).Users(env.sb.CompanyID).CreateQuickroll(context.Background(), env.sb.Alice,
					&vclient.QuickrollCreate{Name: "Wits + Awareness", TraitIDs: []string{env.sb.Traits["Wits"]}})
				env.lookups.InvalidateQuickrolls(context.Background(), env.sb.CompanyID, env.sb.Alice)
				return err
			},
			expect: 3,
		},
		{
			name: "a created note appears",
			read: func(env *testEnv) (int, error) {
				n, err := env.lookups.Notes(context.Background(), env.sb.CompanyID, env.sb.Alice)
				return len(n), err
			},
			write: func(env *testEnv) error {
				_, err := env.api.OnBehalfOf(env.sb.Alice).Users(env.sb.CompanyID).CreateNote(context.Background(), env.sb.Alice,
					&vclient.NoteCreate{Title: "Clues", Content: "The prince lies"})
				env.lookups.InvalidateNotes(context.Background(), env.sb.CompanyID, env.sb.Alice)
				return err
			},
			expect: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			before, err := tt.read(env)
			require.NoError(t, err)
			require.NoError(t, tt.write(env))
			after, err := tt.read(env)
			require.NoError(t, err)
			assert.Equal(t, tt.expect, after, "before the write: %d", before)
		})
	}
}

func TestInvalidationDuringALoadKeepsItsResultOutOfTheCache(t *testing.T) {
	env := newTestStore(t)
	calls := 0
	load := func(ctx context.Context) (int, error) {
		calls++
		if calls == 1 {
			env.store.invalidate(ctx, "test", env.store.cacheKey("race:1"))
		}
		return calls, nil
	}
	v, err := GetOrLoad(t.Context(), env.store, "race:1", 0, load)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	v, err = GetOrLoad(t.Context(), env.store, "race:1", 0, load)
	require.NoError(t, err)
	assert.Equal(t, 2, v, "the value read before the invalidation was not cached")
}

func TestUndecodableEntryIsReloaded(t *testing.T) {
	env := newTestStore(t)
	require.NoError(t, env.store.rdb.Set(t.Context(), env.store.cacheKey("odd:1"), "garbage", time.Minute).Err())
	v, err := GetOrLoad(t.Context(), env.store, "odd:1", 0, func(context.Context) (string, error) { return "fresh", nil })
	require.NoError(t, err)
	assert.Equal(t, "fresh", v)
}

func TestExplicitInvalidationReloads(t *testing.T) {
	env := newTestStore(t)
	n := 0
	load := func(context.Context) (int, error) { n++; return n, nil }
	for _, want := range []int{1, 1} {
		v, err := GetOrLoad(t.Context(), env.store, "count:1", 0, load)
		require.NoError(t, err)
		assert.Equal(t, want, v)
	}
	env.store.Invalidate(t.Context(), "count:1")
	v, err := GetOrLoad(t.Context(), env.store, "count:1", 0, load)
	require.NoError(t, err)
	assert.Equal(t, 2, v)
	assert.Equal(t, 2, env.obs.count(env.obs.misses, "count"))
	assert.Equal(t, 1, env.obs.count(env.obs.hits, "count"))
}

func TestPutReplacesTheCachedValue(t *testing.T) {
	env := newTestEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	traits, err := env.lookups.CharacterTraits(ctx, cid, env.sb.CampaignID, env.sb.Mara, env.alice())
	require.NoError(t, err)
	require.NotEmpty(t, traits)

	env.lookups.PutCharacterTraits(ctx, cid, env.sb.Mara, env.alice(), traits[:1])
	env.emu.ResetRequests()
	got, err := env.lookups.CharacterTraits(ctx, cid, env.sb.CampaignID, env.sb.Mara, env.alice())
	require.NoError(t, err)
	assert.Equal(t, traits[:1], got)
	assert.Equal(t, 0, env.upstream(""))
}

func TestCallersAfterAnInvalidationDoNotJoinAnOlderLoad(t *testing.T) {
	env := newTestStore(t)
	started, release := make(chan struct{}), make(chan struct{})
	oldLoad := func(context.Context) (string, error) {
		close(started)
		<-release
		return "before the write", nil
	}
	first := make(chan string)
	go func() {
		v, err := GetOrLoad(t.Context(), env.store, "doc:1", 0, oldLoad)
		assert.NoError(t, err)
		first <- v
	}()
	<-started
	env.store.Invalidate(t.Context(), "doc:1") // a write happened while the load was reading

	v, err := GetOrLoad(t.Context(), env.store, "doc:1", 0, func(context.Context) (string, error) { return "after the write", nil })
	require.NoError(t, err)
	assert.Equal(t, "after the write", v, "a new load, not the one in flight")
	close(release)
	assert.Equal(t, "before the write", <-first)

	v, err = GetOrLoad(t.Context(), env.store, "doc:1", 0, func(context.Context) (string, error) { return "reloaded", nil })
	require.NoError(t, err)
	assert.Equal(t, "after the write", v, "the older load did not overwrite the cache")
}

package cache

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOAuthStateIsTakenOnce(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	want := OAuthState{GuildID: "900", CompanyID: "c1", DiscordID: "300"}
	require.NoError(t, env.store.PutOAuthState(ctx, "state-a", want))

	ttl := env.rawTTL(t, env.store.oauthStateKey("state-a"))
	assert.True(t, ttl > OAuthStateTTL-time.Minute && ttl <= OAuthStateTTL, "kept for 10 minutes, got %s", ttl)

	got, found, err := env.store.TakeOAuthState(ctx, "state-a")
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, want, got)

	_, found, err = env.store.TakeOAuthState(ctx, "state-a")
	require.NoError(t, err)
	assert.False(t, found, "a taken state is gone")

	_, found, err = env.store.TakeOAuthState(ctx, "never-stored")
	require.NoError(t, err)
	assert.False(t, found)
}

func TestOAuthStateRefusesAReusedToken(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	require.NoError(t, env.store.PutOAuthState(ctx, "state-b", OAuthState{DiscordID: "300"}))
	assert.Error(t, env.store.PutOAuthState(ctx, "state-b", OAuthState{DiscordID: "444"}))

	got, found, err := env.store.TakeOAuthState(ctx, "state-b")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "300", got.DiscordID, "the first owner keeps the token")
}

func TestOAuthStateGoesToOneOfManyConcurrentTakers(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	require.NoError(t, env.store.PutOAuthState(ctx, "state-c", OAuthState{DiscordID: "300"}))

	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for range 8 {
		wg.Go(func() {
			_, found, err := env.store.TakeOAuthState(ctx, "state-c")
			assert.NoError(t, err)
			if found {
				mu.Lock()
				winners++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, winners)
}

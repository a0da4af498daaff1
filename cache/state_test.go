package cache

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChannelBindings(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	got, err := env.store.ChannelCampaign(ctx, "g1", "c1")
	require.NoError(t, err)
	assert.Empty(t, got, "unbound")

	require.NoError(t, env.store.BindChannel(ctx, "g1", "c1", "camp-a"))
	require.NoError(t, env.store.BindChannel(ctx, "g1", "c1", "camp-b"))
	got, err = env.store.ChannelCampaign(ctx, "g1", "c1")
	require.NoError(t, err)
	assert.Equal(t, "camp-b", got, "the last binding wins")

	other, err := env.store.ChannelCampaign(ctx, "g2", "c1")
	require.NoError(t, err)
	assert.Empty(t, other, "bindings are per guild")

	ttl := env.rawTTL(t, env.store.stateKey("channel", "g1", "c1"))
	assert.Equal(t, int64(-1), int64(ttl), "state keys never expire")
}

func TestDefaultCharacters(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	require.NoError(t, env.store.SetDefaultCharacter(ctx, "g1", "u1", "camp-a", "mara"))
	require.NoError(t, env.store.SetDefaultCharacter(ctx, "g1", "u1", "camp-b", "dmitri"))
	tests := []struct{ guild, user, campaign, want string }{
		{"g1", "u1", "camp-a", "mara"},
		{"g1", "u1", "camp-b", "dmitri"},
		{"g1", "u1", "camp-c", ""},
		{"g1", "u2", "camp-a", ""},
		{"g2", "u1", "camp-a", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s %s", tt.guild, tt.user, tt.campaign), func(t *testing.T) {
			got, err := env.store.DefaultCharacter(ctx, tt.guild, tt.user, tt.campaign)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRecentQuickrollsKeepTheLastTenWithoutDuplicates(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	for i := range 12 {
		require.NoError(t, env.store.PushRecentQuickroll(ctx, "g1", "u1", fmt.Sprintf("q%d", i)))
	}
	require.NoError(t, env.store.PushRecentQuickroll(ctx, "g1", "u1", "q5"))

	got, err := env.store.RecentQuickrolls(ctx, "g1", "u1")
	require.NoError(t, err)
	assert.Equal(t, []string{"q5", "q11", "q10", "q9", "q8", "q7", "q6", "q4", "q3", "q2"}, got)

	none, err := env.store.RecentQuickrolls(ctx, "g1", "u2")
	require.NoError(t, err)
	assert.Empty(t, none)
}

package cache

import (
	"strings"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentityResolvesLinkedUsers(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name      string
		discordID string
		want      *Member
		err       error
	}{
		{"an admin", "100", &Member{UserID: env.sb.Ada, Name: shown("Ada"), Role: vclient.RoleAdmin, DiscordID: "100", Link: verified()}, nil},
		{"a player", "300", &Member{UserID: env.sb.Alice, Name: shown("Alice"), Role: vclient.RolePlayer, DiscordID: "300", Link: verified()}, nil},
		{"an unknown id", "999", nil, ErrNotLinked},
		{"an empty id", "", nil, ErrNotLinked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, tt.discordID)
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.want, got)
		})
	}
	if v2() {
		assert.Equal(t, 3, env.upstream(lookupRoute), "one lookup per member (none for an empty id)")
		assert.Zero(t, env.upstream(usersRoute), "v2 lists no users to resolve members")
	} else {
		assert.Equal(t, 1, env.upstream(usersRoute), "one listing served every lookup")
	}

	env.emu.ResetRequests()
	_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.NoError(t, err)
	assert.Equal(t, 0, env.upstream(""), "a warm identity costs no upstream call")
}

func TestIdentityMapIsOneHashBuiltByRename(t *testing.T) {
	v1Only(t, "v2 keeps one entry per member (TestIdentityV2KeysAndTTLs)")
	env := newTestEnv(t)
	_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.NoError(t, err)

	key := env.store.identityKey(env.sb.CompanyID)
	fields, err := env.store.rdb.HGetAll(t.Context(), key).Result()
	require.NoError(t, err)
	for _, id := range []string{"100", "200", "300", "400", fieldBuilt, fieldUsers} {
		assert.Contains(t, fields, id)
	}
	for field, v := range fields {
		assert.NotContains(t, v, "@example.com", "no e-mail address is stored (field %s)", field)
	}
	ttl := env.rawTTL(t, key)
	assert.Greater(t, ttl, 50*time.Minute, "the map expires after identity_ttl")

	tmp, err := env.store.rdb.Keys(t.Context(), key+":tmp:*").Result()
	require.NoError(t, err)
	assert.Empty(t, tmp, "the temporary build key was renamed into place")

	users, err := env.lookups.CompanyUsers(t.Context(), env.sb.CompanyID, env.alice())
	require.NoError(t, err)
	assert.Len(t, users, 4)
	assert.Equal(t, 1, env.upstream(usersRoute), "the user list is stored with the map")
}

func TestUnknownIDRefreshesAtMostOncePerInterval(t *testing.T) {
	v1Only(t, "v2 caches an unknown member for 30 s (TestIdentityV2CostsOneLookupPerMember)")
	tests := []struct {
		name string
		warm bool
	}{
		{"with a cold map", false},
		{"with a warm map whose refresh window has passed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			if tt.warm {
				_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
				require.NoError(t, err)
				env.clock.Advance(31 * time.Second)
				env.emu.ResetRequests()
			}
			for range 20 { // someone unlinked typing for 10 s
				_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "555")
				require.ErrorIs(t, err, ErrNotLinked)
				env.clock.Advance(500 * time.Millisecond)
			}
			assert.Equal(t, 1, env.upstream(usersRoute), "20 lookups of an unknown id in 10 s list the users once")

			env.emu.AddUser(env.sb.CompanyID, vclienttest.User{Name: "Newcomer", DiscordID: "555"})
			_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "555")
			require.ErrorIs(t, err, ErrNotLinked, "still inside the 30 s window")
			env.clock.Advance(21 * time.Second)
			m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "555")
			require.NoError(t, err, "after the window a miss refreshes the map")
			assert.Equal(t, "Newcomer", m.Name)
			assert.Equal(t, 2, env.upstream(usersRoute))
		})
	}
}

func TestRefreshSlotIsSharedByReplicas(t *testing.T) {
	v1Only(t, "v2 keeps one entry per member (TestIdentityV2KeysAndTTLs)")
	env := newTestEnv(t)
	other, err := Open(t.Context(), env.store.opts) // a second replica on the same Redis and prefix
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })
	replica := NewLookups(other, env.api)

	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.NoError(t, err)
	env.clock.Advance(31 * time.Second)
	env.emu.ResetRequests()
	for _, l := range []*Lookups{env.lookups, replica, env.lookups, replica} {
		_, err := l.Identity(t.Context(), env.sb.CompanyID, "555")
		require.ErrorIs(t, err, ErrNotLinked)
	}
	assert.Equal(t, 1, env.upstream(usersRoute))
}

func TestDuplicateDiscordIDCountsAsUnlinked(t *testing.T) {
	env := newTestEnv(t)
	env.emu.AddUser(env.sb.CompanyID, vclienttest.User{Name: "Alice Twin", DiscordID: "300"})

	_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.ErrorIs(t, err, ErrNotLinked)
	assert.Contains(t, env.logs.String(), "linked to several users")
	assert.Contains(t, env.logs.String(), "discord_id=300")

	env.emu.ResetRequests()
	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.ErrorIs(t, err, ErrNotLinked, "the ambiguity is cached")
	assert.Equal(t, 0, env.upstream(""))

	m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "400")
	require.NoError(t, err)
	assert.Equal(t, shown("Bob"), m.Name, "other links are unaffected")
}

func TestLinkChangesAreSeenAfterInvalidation(t *testing.T) {
	v1Only(t, "v2 cannot write discord_profile (TestIdentityV2DropSeesANewLink)")
	env := newTestEnv(t)
	users := env.api.OnBehalfOf(env.sb.Ada).Users(env.sb.CompanyID)
	_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "400")
	require.NoError(t, err)

	// /unlink Bob, /link Alice's id to a new Discord account: both via the API, then invalidate.
	_, err = users.Update(t.Context(), env.sb.Bob, &vclient.UserUpdate{
		DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Null[string]()}})
	require.NoError(t, err)
	env.lookups.InvalidateIdentity(t.Context(), env.sb.CompanyID)
	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "400")
	require.ErrorIs(t, err, ErrNotLinked)

	_, err = users.Update(t.Context(), env.sb.Alice, &vclient.UserUpdate{
		DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Value("777")}})
	require.NoError(t, err)
	env.lookups.DropIdentity(t.Context(), env.sb.CompanyID, "300")
	m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "777")
	require.NoError(t, err, "a dropped entry lets the next miss refresh at once")
	assert.Equal(t, env.sb.Alice, m.UserID)
	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.ErrorIs(t, err, ErrNotLinked)
}

func TestCompanyUsersNeverCarryEmails(t *testing.T) {
	env := newTestEnv(t)
	users, err := env.lookups.CompanyUsers(t.Context(), env.sb.CompanyID, env.alice())
	require.NoError(t, err)
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Name)
		assert.NotEmpty(t, u.UserID)
		assert.NotEmpty(t, u.Role)
	}
	assert.ElementsMatch(t, []string{shown("Ada"), shown("Sam"), shown("Alice"), shown("Bob")}, names)
	var raw string
	if v2() {
		raw, err = env.store.rdb.Get(t.Context(), env.store.cacheKey(usersKey(env.sb.CompanyID))).Result()
	} else {
		raw, err = env.store.rdb.HGet(t.Context(), env.store.identityKey(env.sb.CompanyID), fieldUsers).Result()
	}
	require.NoError(t, err)
	assert.False(t, strings.Contains(raw, "email"), "stored members have no e-mail field")
}

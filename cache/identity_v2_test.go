package cache

import (
	"sync"
	"testing"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// v2Only skips a test of behaviour that exists only in contract v2.
func v2Only(t testing.TB) {
	t.Helper()
	if !v2() {
		t.Skip("v2 only: v1 has no lookup by Discord id")
	}
}

func TestIdentityV2CostsOneLookupPerMember(t *testing.T) {
	v2Only(t)
	t.Run("an unknown member costs one lookup, then none while it is remembered", func(t *testing.T) {
		env := newTestEnv(t)
		for range 5 {
			_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "555")
			require.ErrorIs(t, err, ErrNotLinked)
		}
		assert.Equal(t, 1, env.upstream(""), "one lookup, nothing else")
		assert.Equal(t, 1, env.upstream(lookupRoute))
	})
	t.Run("a linked member costs the lookup and their user, then nothing", func(t *testing.T) {
		env := newTestEnv(t)
		m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
		require.NoError(t, err)
		assert.Equal(t, &Member{UserID: env.sb.Alice, Name: "alice", Role: vclient.RolePlayer, DiscordID: "300", Link: LinkVerified}, m)
		assert.Equal(t, 2, env.upstream(""))
		get := env.emu.Requests()[1]
		assert.Equal(t, "GET /users/{user_id}", get.Route)
		assert.Equal(t, env.sb.Alice, get.OnBehalfOf, "the user is read on their own behalf")
		assert.ElementsMatch(t, []string{"quickrolls", "characters"}, get.Query["include"])

		env.emu.ResetRequests()
		_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
		require.NoError(t, err)
		qr, err := env.lookups.Quickrolls(t.Context(), env.sb.CompanyID, env.sb.Alice)
		require.NoError(t, err)
		assert.Len(t, qr, 2)
		assert.Zero(t, env.upstream(""), "the member and their quickrolls (primed by the user's GET) are cached")
	})
}

func TestIdentityV2KeysAndTTLs(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
	require.NoError(t, err)
	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "555")
	require.ErrorIs(t, err, ErrNotLinked)

	key := env.store.opts.KeyPrefix + ":c:who:" + env.sb.CompanyID + ":300"
	raw, err := env.store.rdb.Get(t.Context(), key).Result()
	require.NoError(t, err, "one entry per (company, Discord id), hash-tagged by company")
	assert.Contains(t, raw, `"user_id":"`+env.sb.Alice+`"`)
	assert.NotContains(t, raw, "@example.com", "no e-mail address is stored")
	ttl := env.rawTTL(t, key)
	assert.Greater(t, ttl, 50*time.Minute, "a member is kept for identity_ttl (with jitter)")
	assert.LessOrEqual(t, ttl, 66*time.Minute)

	neg := env.rawTTL(t, env.store.opts.KeyPrefix+":c:who:"+env.sb.CompanyID+":555")
	assert.Greater(t, neg, time.Duration(0))
	assert.LessOrEqual(t, neg, 30*time.Second, "not linked is remembered for 30 s")
}

func TestIdentityV2LoadsOncePerMemberForConcurrentCallers(t *testing.T) {
	v2Only(t)
	env := newHeldLoadEnv(t, lookupRoute, 10)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
			if assert.NoError(t, err) {
				assert.Equal(t, env.sb.Alice, m.UserID)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, env.upstream(lookupRoute), "one lookup shared by 10 callers")
}

func TestIdentityV2PicksTheGuildsCompany(t *testing.T) {
	v2Only(t)
	tests := []struct {
		name string
		seed func(env *testEnv)
		want string // user id, "" = not linked
	}{
		{"a member of two companies is the guild company's user", func(env *testEnv) {
			other := env.emu.AddCompany(vclienttest.Company{Name: "Elsewhere"})
			env.emu.AddUser(other, vclienttest.User{Name: "Alice Elsewhere", DiscordID: "300"})
		}, "alice"},
		{"two users of the company with one Discord id count as unlinked", func(env *testEnv) {
			env.emu.AddUser(env.sb.CompanyID, vclienttest.User{Name: "Alice Twin", DiscordID: "300"})
		}, ""},
		{"a member only of another company is unlinked here", func(env *testEnv) {
			other := env.emu.AddCompany(vclienttest.Company{Name: "Elsewhere"})
			env.emu.AddUser(other, vclienttest.User{Name: "Carol", DiscordID: "300"})
			env.emu.SetIdentity(env.sb.Alice, "discord", "")
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			tt.seed(env)
			m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
			if tt.want == "" {
				require.ErrorIs(t, err, ErrNotLinked)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, env.sb.Alice, m.UserID)
			assert.Equal(t, tt.want, m.Name)
		})
	}
}

func TestIdentityV2UsesAdminLinksOnlyWithoutAVerifiedIdentity(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.store.SetAdminLink(ctx, cid, "600", env.sb.Bob)
	require.NoError(t, err)
	_, err = env.store.SetAdminLink(ctx, cid, "300", env.sb.Bob)
	require.NoError(t, err)

	m, err := env.lookups.Identity(ctx, cid, "600")
	require.NoError(t, err)
	assert.Equal(t, &Member{UserID: env.sb.Bob, Name: "bob", Role: vclient.RolePlayer, DiscordID: "600", Link: LinkAdmin}, m)
	for _, r := range env.emu.Requests() {
		if r.Route == "GET /users/{user_id}" {
			assert.Equal(t, env.sb.Bob, r.OnBehalfOf, "the linked user is read on their own behalf")
		}
	}

	m, err = env.lookups.Identity(ctx, cid, "300")
	require.NoError(t, err)
	assert.Equal(t, env.sb.Alice, m.UserID, "the verified identity wins over an admin link")
	assert.Equal(t, LinkVerified, m.Link)

	require.NoError(t, env.api.OnBehalfOf(env.sb.Ada).Users(cid).Delete(ctx, env.sb.Bob))
	env.lookups.DropIdentity(ctx, cid, "600")
	_, err = env.lookups.Identity(ctx, cid, "600")
	require.ErrorIs(t, err, ErrNotLinked, "an admin link to a user who is gone is stale")
}

func TestIdentityV2InactiveUsersAreNotReadOnTheirBehalf(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	for _, role := range []vclient.Role{vclient.RoleUnapproved, vclient.RoleDeactivated} {
		env.emu.SetUserRole(env.sb.Alice, role)
		env.lookups.DropIdentity(t.Context(), env.sb.CompanyID, "300")
		env.emu.ResetRequests()
		m, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
		require.NoError(t, err)
		assert.Equal(t, role, m.Role)
		assert.Equal(t, 1, env.upstream(""), "only the lookup")
	}
}

func TestIdentityV2DropSeesANewLink(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	ctx, cid := t.Context(), env.sb.CompanyID
	_, err := env.lookups.Identity(ctx, cid, "777")
	require.ErrorIs(t, err, ErrNotLinked)
	env.emu.SetIdentity(env.sb.Alice, "discord", "777")

	_, err = env.lookups.Identity(ctx, cid, "777")
	require.ErrorIs(t, err, ErrNotLinked, "not linked is remembered")
	env.lookups.DropIdentity(ctx, cid, "777")
	m, err := env.lookups.Identity(ctx, cid, "777")
	require.NoError(t, err, "a dropped entry is looked up again at once")
	assert.Equal(t, env.sb.Alice, m.UserID)
}

func TestAdminLinksAreDurableState(t *testing.T) {
	env := newTestStore(t)
	ctx := t.Context()
	prev, err := env.store.SetAdminLink(ctx, "c1", "600", "u1")
	require.NoError(t, err)
	assert.Empty(t, prev)
	prev, err = env.store.SetAdminLink(ctx, "c1", "600", "u2")
	require.NoError(t, err)
	assert.Equal(t, "u1", prev, "the link it replaced")

	key := env.store.opts.KeyPrefix + ":s:link:c1:600"
	assert.Equal(t, time.Duration(-1), env.rawTTL(t, key), "no TTL")
	got, err := env.store.AdminLink(ctx, "c1", "600")
	require.NoError(t, err)
	assert.Equal(t, "u2", got)

	removed, err := env.store.RemoveAdminLink(ctx, "c1", "600")
	require.NoError(t, err)
	assert.Equal(t, "u2", removed)
	got, err = env.store.AdminLink(ctx, "c1", "600")
	require.NoError(t, err)
	assert.Empty(t, got)
	removed, err = env.store.RemoveAdminLink(ctx, "c1", "600")
	require.NoError(t, err)
	assert.Empty(t, removed)
}

func TestAdminLinkWritesWaitForTheReplicasLikeOtherState(t *testing.T) {
	env := newTestStore(t)
	s, ctx := env.store, t.Context()
	_, err := s.SetAdminLink(ctx, "c1", "600", "u1")
	require.NoError(t, err)

	fixedReplicas(t, s, -1) // Sentinel announced the master down or failing over
	_, err = s.SetAdminLink(ctx, "c1", "600", "u2")
	assert.ErrorIs(t, err, errNotReplicated)
	_, err = s.RemoveAdminLink(ctx, "c1", "600")
	assert.ErrorIs(t, err, errNotReplicated)
	got, err := s.AdminLink(ctx, "c1", "600")
	require.NoError(t, err, "reads go on")
	assert.Equal(t, "u1", got, "a refused write was not applied")
}

func TestMemberForReadsTheMemberOnTheCallersBehalf(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	m, err := env.lookups.MemberFor(t.Context(), env.sb.CompanyID, "400", env.alice())
	require.NoError(t, err)
	assert.Equal(t, env.sb.Bob, m.UserID)
	for _, r := range env.emu.Requests() {
		if r.Route != lookupRoute {
			assert.Equal(t, env.sb.Alice, r.OnBehalfOf, r.Route)
		}
	}
	env.emu.ResetRequests()
	_, err = env.lookups.Identity(t.Context(), env.sb.CompanyID, "400")
	require.NoError(t, err)
	assert.Zero(t, env.upstream(""), "one entry serves the member as caller and as option")
}

func TestCharactersAreCachedPerViewerClassInV2(t *testing.T) {
	v2Only(t)
	env := newTestEnv(t)
	sam := Viewer{UserID: env.sb.Sam, Role: vclient.RoleStoryteller}
	env.emu.AddCharacter(env.sb.CompanyID, env.sb.CampaignID, vclienttest.Character{NameFirst: "Prince", NameLast: "Kern", Type: "STORYTELLER"})
	all, err := env.lookups.Characters(t.Context(), env.sb.CompanyID, env.sb.CampaignID, "", sam)
	require.NoError(t, err)
	seen, err := env.lookups.Characters(t.Context(), env.sb.CompanyID, env.sb.CampaignID, "", env.alice())
	require.NoError(t, err)
	assert.Len(t, all, 3, "a storyteller sees the storyteller character")
	assert.Len(t, seen, 2, "a player never gets the storyteller's list from the cache")
	assert.Equal(t, 2, env.upstream("GET /characters"))
}

func TestIdentityV2PrimesAPlayersCharactersFromTheUsersRead(t *testing.T) {
	v2Only(t)
	t.Run("a player's characters, per campaign and all together, cost no listing", func(t *testing.T) {
		env := newTestEnv(t)
		_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "300")
		require.NoError(t, err)
		env.emu.ResetRequests()
		mine, err := env.lookups.Characters(t.Context(), env.sb.CompanyID, env.sb.CampaignID, env.sb.Alice, env.alice())
		require.NoError(t, err)
		played, ok := env.lookups.PlayedCharacters(t.Context(), env.sb.CompanyID, env.sb.Alice)
		require.True(t, ok)
		assert.Zero(t, env.upstream(""))
		require.Len(t, mine, 1)
		assert.Equal(t, env.sb.Mara, mine[0].ID)
		assert.Equal(t, mine, played)
	})
	t.Run("a storyteller's are not primed: their lists show storyteller characters the include leaves out", func(t *testing.T) {
		env := newTestEnv(t)
		_, err := env.lookups.Identity(t.Context(), env.sb.CompanyID, "200")
		require.NoError(t, err)
		_, ok := env.lookups.PlayedCharacters(t.Context(), env.sb.CompanyID, env.sb.Sam)
		assert.False(t, ok)
	})
	t.Run("a member read on someone else's behalf primes nothing of theirs", func(t *testing.T) {
		env := newTestEnv(t)
		_, err := env.lookups.MemberFor(t.Context(), env.sb.CompanyID, "400", Viewer{UserID: env.sb.Sam, Role: vclient.RoleStoryteller})
		require.NoError(t, err)
		_, ok := env.lookups.PlayedCharacters(t.Context(), env.sb.CompanyID, env.sb.Bob)
		assert.False(t, ok)
	})
}

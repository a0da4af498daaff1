package commands

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const routeLookup = "GET /users/lookup"

// v2Carol is a Discord member with no Valentina identity.
var v2Carol = &discordgo.User{ID: "600", Username: "carol"}

// adminLink reads the member's admin link from the bot's state ("" when none).
func (h *harness) adminLink(discordID string) string {
	h.t.Helper()
	userID, err := h.store.AdminLink(h.t.Context(), h.sb.CompanyID, discordID)
	require.NoError(h.t, err)
	return userID
}

// whoamiUser is the "Valentina user" line /whoami shows a Discord member, or "" when unlinked.
func (h *harness) whoamiUser(discordID string) string {
	h.t.Helper()
	return rollTestField(h.run(discordID, bottest.Command("/whoami").Resolve(v2Carol)), "Valentina user")
}

func TestIdentityV2UnknownMemberCostsOneLookupThenNone(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	for i, want := range []int{1, 0, 0} {
		h.emu.ResetRequests()
		r := h.run("600", bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).Resolve(v2Carol))
		assert.Contains(t, r.Content, "/link", "an unknown member is told how to get linked")
		assert.Equal(t, want, h.calls(), "call %d", i+1)
		assert.Equal(t, want, h.emu.CountRequests("GET", routeLookup))
	}
}

func TestIdentityV2ResolvesTheGuildsCompany(t *testing.T) {
	v2Only(t)
	tests := []struct {
		name string
		seed func(h *harness)
		want string // the "Valentina user" line, "" = unlinked
	}{
		{"a member found in two companies is the guild company's user", func(h *harness) {
			other := h.emu.AddCompany(vclienttest.Company{Name: "Elsewhere"})
			h.emu.AddUser(other, vclienttest.User{Name: "Alicia", Role: vclient.RoleAdmin, DiscordID: aliceID})
		}, "alice (PLAYER)"},
		{"two users of the company with one Discord id leave the member unlinked", func(h *harness) {
			h.emu.AddUser(h.sb.CompanyID, vclienttest.User{Name: "Alicia", DiscordID: aliceID})
		}, ""},
		{"an admin link is used when the lookup finds nothing", func(h *harness) {
			h.emu.SetIdentity(h.sb.Alice, "discord", "")
			_, err := h.store.SetAdminLink(h.t.Context(), h.sb.CompanyID, aliceID, h.sb.Bob)
			require.NoError(h.t, err)
		}, "bob (PLAYER)"},
		{"an admin link is ignored while a verified identity exists", func(h *harness) {
			_, err := h.store.SetAdminLink(h.t.Context(), h.sb.CompanyID, aliceID, h.sb.Bob)
			require.NoError(h.t, err)
		}, "alice (PLAYER)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			tt.seed(h)
			r := h.run(aliceID, bottest.Command("/whoami"))
			if tt.want == "" {
				assert.Contains(t, r.Content, "not linked", text(r))
				return
			}
			assert.Equal(t, tt.want, rollTestField(r, "Valentina user"))
		})
	}
}

func TestIdentityV2InactiveCallersAreRefusedWithNothingSentForThem(t *testing.T) {
	v2Only(t)
	tests := []struct {
		role vclient.Role
		want string
	}{
		{vclient.RoleUnapproved, "Your Valentina account is waiting for an admin's approval."},
		{vclient.RoleDeactivated, "Your Valentina account is deactivated."},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			h := newHarness(t)
			h.emu.SetUserRole(h.sb.Alice, tt.role)
			for _, b := range []*bottest.Builder{
				bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")),
				bottest.Command("/xp/view"),
				bottest.Command("/whoami"),
			} {
				r := h.run(aliceID, b)
				assert.True(t, r.Ephemeral)
				assert.Equal(t, tt.want, r.Content)
			}
			for _, req := range h.emu.Requests() {
				assert.Equal(t, routeLookup, req.Route, "only the lookup, nothing on their behalf")
				assert.Empty(t, req.OnBehalfOf)
			}
			assert.Equal(t, 1, h.calls(), "the answer is cached like any member")
		})
	}
}

func TestEveryRequestForAliceNamesAlice(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Clues", Content: "The prince lies"})
	for _, b := range []*bottest.Builder{
		bottest.Command("/whoami"),
		bottest.Autocomplete("/quickroll", "name"),
		bottest.Autocomplete("/quickroll", "character"),
		bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")),
		bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl"), bottest.O("desperation", 2)),
		bottest.Command("/roll", bottest.O("pool", 4), bottest.O("character", "mara")),
		bottest.Command("/quickrolls/list"),
		bottest.Command("/quickrolls/create", bottest.O("name", "Wits + Awareness"), bottest.O("trait1", "Wits"), bottest.O("trait2", "Awareness")),
		bottest.Autocomplete("/quickrolls/create", "trait1"),
		bottest.Command("/xp/view"),
		bottest.Command("/xp/add", bottest.UserOpt("member", bobID), bottest.O("amount", 1)),
		bottest.Command("/stats"),
		bottest.Command("/stats", bottest.O("character", "mara")),
		bottest.Command("/stats", bottest.O("campaign", "chicago")),
		bottest.Command("/notes/list"),
		bottest.Command("/notes/view", bottest.O("note", "clues")),
		bottest.Command("/character/set", bottest.O("character", "mara")),
		bottest.Command("/campaign/set", bottest.O("campaign", "chicago")),
		bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "bob")).Resolve(v2Carol),
		bottest.Command("/help"),
	} {
		h.run(aliceID, b)
	}
	reqs := h.emu.Requests()
	require.NotEmpty(t, reqs)
	aliceLookups := 0
	for _, r := range reqs {
		if r.Route == routeLookup {
			assert.Empty(t, r.OnBehalfOf, "a lookup names no one (it finds who someone is)")
			if r.Query.Get("discord_id") == aliceID {
				aliceLookups++
			}
			continue
		}
		assert.Equal(t, h.sb.Alice, r.OnBehalfOf, "%s %s", r.Method, r.Path)
		assert.NotContains(t, string(r.Body), "requesting_user_id", r.Route)
	}
	assert.Equal(t, 1, aliceLookups, "Alice is looked up once")
	assert.Positive(t, h.writes(), "the set includes writes")
}

func TestLinkV2WritesAnAdminLinkAndNothingToTheAPI(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "bob")).Resolve(v2Carol))

	assert.True(t, r.Ephemeral)
	assert.Equal(t, "Linked <@600> to bob (PLAYER).", r.Content)
	assert.Equal(t, h.sb.Bob, h.adminLink("600"), "the link is kept in the bot's state")
	assert.Zero(t, h.writes(), "v2 stores no Discord id it has not verified")
	assert.Equal(t, 1, h.rereads(), "the admin is re-read first")
	assert.Equal(t, 1, h.emu.CountRequests("GET", routeLookup), "the member's identity is read fresh")
	for _, req := range h.emu.Requests() {
		assert.Equal(t, h.sb.Ada, req.OnBehalfOf, req.Route)
	}
	audit := linkTestAudit(h)
	assert.Contains(t, audit, "Linked <@600> to bob")
	assert.Contains(t, audit, "<@100> (ada)")
	assert.Equal(t, "bob (PLAYER)", h.whoamiUser("600"), "the link is seen at once")

	r = h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "alice")).Resolve(v2Carol))
	assert.Contains(t, r.Content, "Linked <@600> to alice (PLAYER)")
	assert.Contains(t, r.Content, "This replaces their earlier link to bob")
	assert.Contains(t, linkTestAudit(h), "This replaces their earlier link to bob")
	assert.Equal(t, h.sb.Alice, h.adminLink("600"))
	assert.Equal(t, "alice (PLAYER)", h.whoamiUser("600"))
}

func TestLinkV2RefusesToOverrideAVerifiedIdentity(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", aliceID), bottest.O("user", "bob")))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "<@300> signs in to Valentina as alice")
	assert.Contains(t, r.Content, "Nothing was changed")
	assert.Empty(t, h.adminLink(aliceID), "no state key is written")
	assert.Zero(t, h.writes(), "no API write")
	assert.Empty(t, h.audit.all())

	r = h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", aliceID), bottest.O("user", "alice")))
	assert.Contains(t, r.Content, "<@300> is already linked to alice")
	assert.Empty(t, h.adminLink(aliceID))
	assert.Empty(t, h.audit.all())
}

func TestUnlinkV2RemovesAnAdminLink(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "bob")).Resolve(v2Carol))
	require.Equal(t, "bob (PLAYER)", h.whoamiUser("600"))
	h.emu.ResetRequests()

	r := h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", "600")).Resolve(v2Carol))

	assert.Equal(t, "Removed the link of <@600> to bob.", r.Content)
	assert.Empty(t, h.adminLink("600"))
	assert.Zero(t, h.writes())
	assert.Contains(t, linkTestAudit(h), "Removed the link of <@600> to bob")
	assert.Contains(t, h.run("600", bottest.Command("/whoami").Resolve(v2Carol)).Content, "/link", "the unlink is seen at once")
}

func TestUnlinkV2RemovesTheVerifiedIdentityAsTheAdmin(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.emu.SetIdentity(h.sb.Bob, "google", "bob-google") // Bob can still sign in without Discord
	h.warm(bobID, bottest.Command("/whoami"))
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", bobID)))

	assert.True(t, r.Ephemeral)
	assert.Equal(t, "Unlinked the Discord identity of <@400> from bob.", r.Content)
	var deletes []vclienttest.Request
	for _, req := range h.emu.Requests() {
		if req.Method == "DELETE" {
			deletes = append(deletes, req)
		}
	}
	require.Len(t, deletes, 1)
	assert.Equal(t, "DELETE /users/{user_id}/identities/{provider}", deletes[0].Route)
	assert.Contains(t, deletes[0].Path, "/users/"+h.sb.Bob+"/identities/discord")
	assert.Equal(t, h.sb.Ada, deletes[0].OnBehalfOf, "on behalf of the admin")
	bob, _ := h.emu.User(h.sb.Bob)
	assert.Empty(t, bob.DiscordID())
	assert.Contains(t, linkTestAudit(h), "Unlinked the Discord identity of <@400> from bob")
	assert.Contains(t, h.run(bobID, bottest.Command("/whoami")).Content, "/link", "the unlink is seen at once")
}

func TestUnlinkV2ExplainsALastIdentityInPlainWords(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", bobID)))

	assert.True(t, r.Ephemeral)
	assert.Equal(t, "I can't unlink <@400> from bob: it is the only way bob signs in to Valentina; nothing was changed.", r.Content)
	assert.NotContains(t, r.Content, "LAST_IDENTITY")
	bob, _ := h.emu.User(h.sb.Bob)
	assert.Equal(t, bobID, bob.DiscordID())
	assert.Empty(t, h.audit.all())
	assert.Equal(t, "bob (PLAYER)", rollTestField(h.run(bobID, bottest.Command("/whoami")), "Valentina user"))
}

func TestFreshCallerV2ChecksTheAdminLinkStillHolds(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "sam")).Resolve(v2Carol))
	r := h.run("600", bottest.Command("/campaign/set", bottest.O("campaign", "chicago")).Resolve(v2Carol))
	require.Contains(t, text(r), "now play **Chicago by Night**", "an admin-linked storyteller may bind a channel")

	_, err := h.store.RemoveAdminLink(t.Context(), h.sb.CompanyID, "600") // removed behind the cache's back
	require.NoError(t, err)
	r = h.run("600", bottest.Command("/campaign/set", bottest.O("campaign", "chicago")).Resolve(v2Carol))
	assert.Equal(t, msgLinkChanged, r.Content)
	assert.Contains(t, h.run("600", bottest.Command("/whoami").Resolve(v2Carol)).Content, "/link")
}

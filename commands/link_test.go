package commands

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

const routePatchUser = "PATCH /users/{user_id}"

// linkTestCarol is a Discord member not linked to anyone yet.
var linkTestCarol = &discordgo.User{ID: "600", Username: "carol"}

// linkTestPatches are the PATCH /users requests in order: path user id and body.
func linkTestPatches(h *harness) [][2]string {
	var out [][2]string
	for _, r := range h.emu.Requests() {
		if r.Method == "PATCH" && r.Route == routePatchUser {
			out = append(out, [2]string{r.Path[strings.LastIndex(r.Path, "/")+1:], string(r.Body)})
		}
	}
	return out
}

func linkTestAudit(h *harness) string {
	var b strings.Builder
	for _, e := range h.audit.all() {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\n")
		}
	}
	return b.String()
}

func TestLinkSendsTheDiscordProfile(t *testing.T) {
	v1Only(t, "v2 refuses to write discord_profile: /link keeps an admin link in state (TestLinkV2WritesAnAdminLinkAndNothingToTheAPI)")
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "bob")).Resolve(linkTestCarol))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Linked <@600> to Bob (PLAYER)")
	assert.Contains(t, r.Content, "Bob was linked to <@400> before")
	patches := linkTestPatches(h)
	require.Len(t, patches, 1)
	assert.Equal(t, h.sb.Bob, patches[0][0])
	assert.JSONEq(t, `{"discord_profile":{"id":"600","username":"carol","global_name":null},"requesting_user_id":"`+h.sb.Ada+`"}`, patches[0][1])
	assert.Equal(t, 1, h.emu.CountRequests("GET", "GET /users/{user_id}"), "the admin is re-read before the write")
	for _, req := range h.emu.Requests() {
		if req.Method == "PATCH" {
			assert.Regexp(t, `^noirbot-\d+-link$`, req.Header.Get("Idempotency-Key"))
		}
	}
	audit := linkTestAudit(h)
	assert.Contains(t, audit, "Linked <@600> to Bob")
	assert.Contains(t, audit, "<@100> (Ada)")
	assert.Equal(t, []string{"555"}, h.audit.chans)
	assert.NotRegexp(t, emailPattern, audit+text(r))

	assert.Equal(t, "Bob (PLAYER)", rollTestField(h.run("600", bottest.Command("/whoami")), "Valentina user"), "the link is seen at once")
}

func TestLinkRemovesTheMembersOtherLinkFirst(t *testing.T) {
	v1Only(t, "v2 cannot move a verified identity: /link refuses it (TestLinkV2RefusesToOverrideAVerifiedIdentity)")
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", aliceID), bottest.O("user", h.sb.Bob)))

	require.Contains(t, r.Content, "Unlinked <@300> from Alice", text(r))
	patches := linkTestPatches(h)
	require.Len(t, patches, 2)
	assert.Equal(t, h.sb.Alice, patches[0][0])
	assert.JSONEq(t, `{"discord_profile":{"id":null},"requesting_user_id":"`+h.sb.Ada+`"}`, patches[0][1])
	assert.Equal(t, h.sb.Bob, patches[1][0])
	assert.JSONEq(t, `{"discord_profile":{"id":"300","username":"alice","global_name":null},"requesting_user_id":"`+h.sb.Ada+`"}`, patches[1][1])
	audit := linkTestAudit(h)
	assert.Contains(t, audit, "Unlinked <@300> from Alice")
	assert.Contains(t, audit, "Linked <@300> to Bob")
	alice, _ := h.emu.User(h.sb.Alice)
	assert.Empty(t, alice.DiscordProfile.ID)
	assert.Equal(t, "Bob (PLAYER)", rollTestField(h.run(aliceID, bottest.Command("/whoami")), "Valentina user"))
}

func TestLinkAndUnlinkRefuseAllButAdmins(t *testing.T) {
	cases := []struct {
		name   string
		caller string
		demote bool
		cmd    func() *bottest.Builder
	}{
		{"a storyteller linking", samID, false, func() *bottest.Builder {
			return bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "Bob")).Resolve(linkTestCarol)
		}},
		{"an admin demoted to player linking", adaID, true, func() *bottest.Builder {
			return bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "Bob")).Resolve(linkTestCarol)
		}},
		{"an admin demoted to player unlinking", adaID, true, func() *bottest.Builder {
			return bottest.Command("/unlink", bottest.UserOpt("member", bobID))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.warm(tc.caller, bottest.Command("/whoami"))
			if tc.demote {
				h.emu.SetUserRole(h.sb.Ada, vclient.RolePlayer)
			}
			r := h.run(tc.caller, tc.cmd())
			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, "Only a Valentina ADMIN")
			assert.Zero(t, h.writes())
			assert.Equal(t, 1, h.calls(), "only the caller's re-read")
			assert.Empty(t, h.audit.all())
		})
	}
}

func TestLinkRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))
	bot := &discordgo.User{ID: "999", Username: "robot", Bot: true}

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "999"), bottest.O("user", "Bob")).Resolve(bot))
	assert.Contains(t, r.Content, "<@999> is a bot")
	assert.Zero(t, h.calls())

	r = h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", "999")).Resolve(bot))
	assert.Contains(t, r.Content, "<@999> is a bot")
	assert.Zero(t, h.calls())

	r = h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "Zed")).Resolve(linkTestCarol))
	assert.Contains(t, r.Content, "No user called")
	assert.Zero(t, h.writes())

	r = h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", "600")).Resolve(linkTestCarol))
	assert.Contains(t, r.Content, "<@600> is not linked")
	assert.Zero(t, h.writes())
}

func TestLinkMapsAPIErrors(t *testing.T) {
	v1Only(t, "v2 /link writes nothing to the API (TestLinkV2WritesAnAdminLinkAndNothingToTheAPI)")
	h := newHarness(t)
	h.emu.InjectFault(vclienttest.Fault{Method: "PATCH", Route: routePatchUser, Status: 403})
	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", "600"), bottest.O("user", "Bob")).Resolve(linkTestCarol))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "not allowed")
	assert.Empty(t, h.audit.all())
}

func TestUnlinkSendsAnExplicitNull(t *testing.T) {
	v1Only(t, "v2 unlinks a verified identity through DELETE …/identities/discord (TestUnlinkV2RemovesTheVerifiedIdentityAsTheAdmin)")
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))

	r := h.run(adaID, bottest.Command("/unlink", bottest.UserOpt("member", bobID)))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Unlinked <@400> from Bob")
	patches := linkTestPatches(h)
	require.Len(t, patches, 1)
	assert.Equal(t, h.sb.Bob, patches[0][0])
	assert.JSONEq(t, `{"discord_profile":{"id":null},"requesting_user_id":"`+h.sb.Ada+`"}`, patches[0][1])
	assert.Contains(t, linkTestAudit(h), "Unlinked <@400> from Bob")
	assert.Contains(t, h.run(bobID, bottest.Command("/whoami")).Content, "/link", "the unlink is seen at once")
}

func TestLinkAutocompleteOffersCompanyUsersToAdmins(t *testing.T) {
	h := newHarness(t)
	h.warm(adaID, bottest.Autocomplete("/link", "user"))
	r := h.run(adaID, bottest.Autocomplete("/link", "user"))
	require.Len(t, r.Choices, 4)
	names := map[string]string{}
	for _, c := range r.Choices {
		names[c.Name] = c.Value.(string)
	}
	assert.Equal(t, h.sb.Sam, names[shown("Sam")+" (STORYTELLER)"])
	assert.Equal(t, h.sb.Ada, names[shown("Ada")+" (ADMIN)"])
	assert.Zero(t, h.calls())
	assert.Empty(t, h.run(aliceID, bottest.Autocomplete("/link", "user")).Choices, "players get nothing")
}

func TestUnlinkAndUsersDefinitionsAreForServerManagers(t *testing.T) {
	for _, c := range []Command{unlinkCommand(), usersCommand()} {
		require.NotNil(t, c.Def.DefaultMemberPermissions)
		assert.Equal(t, int64(discordgo.PermissionManageGuild), *c.Def.DefaultMemberPermissions)
		assert.Equal(t, []discordgo.InteractionContextType{discordgo.InteractionContextGuild}, *c.Def.Contexts)
	}
}

func TestLinkSeesALinkMadeOutsideTheBot(t *testing.T) {
	v1Only(t, "v2 reads a member's verified identity fresh with the lookup (TestLinkV2RefusesToOverrideAVerifiedIdentity)")
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))
	dave := &discordgo.User{ID: "555", Username: "dave"}
	_, err := h.api.OnBehalfOf(h.sb.Ada).Users(h.sb.CompanyID).Update(t.Context(), h.sb.Bob, &vclient.UserUpdate{
		DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Value(dave.ID)}})
	require.NoError(t, err)
	h.emu.ResetRequests()

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", dave.ID), bottest.O("user", h.sb.Alice)).Resolve(dave))

	require.Contains(t, r.Content, "Unlinked <@555> from Bob", text(r))
	assert.Contains(t, r.Content, "Linked <@555> to Alice (PLAYER)")
	patches := linkTestPatches(h)
	require.Len(t, patches, 2)
	assert.Equal(t, h.sb.Bob, patches[0][0], "the outside link is removed first")
	assert.JSONEq(t, `{"discord_profile":{"id":null},"requesting_user_id":"`+h.sb.Ada+`"}`, patches[0][1])
	assert.Equal(t, h.sb.Alice, patches[1][0])
	assert.Equal(t, 1, h.emu.CountRequests("GET", "GET /users"), "the users are read fresh, once")
	bob, _ := h.emu.User(h.sb.Bob)
	assert.Empty(t, bob.DiscordProfile.ID)
	assert.Contains(t, linkTestAudit(h), "Unlinked <@555> from Bob")
}

func TestLinkPostsNoAuditWhenNothingChanged(t *testing.T) {
	v1Only(t, "v2 /link writes nothing to the API; a refused link posts no audit (TestLinkV2RefusesToOverrideAVerifiedIdentity)")
	h := newHarness(t)
	h.warm(adaID, bottest.Command("/whoami"))
	h.emu.InjectFault(vclienttest.Fault{Method: "PATCH", Route: routePatchUser, Status: 403})

	r := h.run(adaID, bottest.Command("/link", bottest.UserOpt("member", aliceID), bottest.O("user", h.sb.Bob)))

	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "not allowed")
	assert.Empty(t, h.audit.all(), "nothing was changed, nothing is posted")
}

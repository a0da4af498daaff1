package commands

import (
	"cmp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

func TestXPStorytellerPolicy(t *testing.T) {
	tests := []struct {
		name, caller, member string
		allowed              bool
	}{
		{"a storyteller awards a player", samID, aliceID, true},
		{"an admin awards a storyteller", adaID, samID, true},
		{"a storyteller awards themselves", samID, samID, true},
		{"a player cannot award another player", aliceID, bobID, false},
		{"a player cannot award themselves", aliceID, aliceID, false},
	}
	for _, tt := range tests {
		for _, sub := range []string{"add", "remove", "cool"} {
			t.Run(tt.name+" (/xp "+sub+")", func(t *testing.T) {
				h := newHarness(t)
				xpTestGive(t, h, h.sb.Alice, 10)
				xpTestGive(t, h, h.sb.Sam, 10)
				h.warm(tt.caller, bottest.Command("/xp/view"))
				resp := h.run(tt.caller, bottest.Command("/xp/"+sub, bottest.UserOpt("member", tt.member), bottest.O("amount", 1)))
				if tt.allowed {
					require.Len(t, resp.Embeds, 1, text(resp))
					assert.Equal(t, 1, h.writes())
					return
				}
				assert.True(t, resp.Ephemeral)
				assert.Equal(t, outcomeDenied, resp.Outcome)
				assert.Equal(t, msgXPStorytellersOnly, resp.Content)
				assert.Zero(t, h.writes(), "a refused award sends nothing")
			})
		}
	}
}

func TestXPCompanyPolicyFollowsPermissionGrantXP(t *testing.T) {
	tests := []struct {
		setting              vclient.GrantXPPermission
		caller, member, want string // want "" = allowed
	}{
		{vclient.GrantXPUnrestricted, aliceID, bobID, ""},
		{vclient.GrantXPUnrestricted, aliceID, aliceID, ""},
		{"", bobID, aliceID, ""}, // unset means the API's default, UNRESTRICTED
		{vclient.GrantXPPlayer, samID, aliceID, ""},
		{vclient.GrantXPPlayer, adaID, bobID, ""},
		{vclient.GrantXPPlayer, aliceID, aliceID, ""},
		{vclient.GrantXPPlayer, aliceID, bobID, msgXPCompanyOwn},
		{vclient.GrantXPStoryteller, samID, aliceID, ""},
		{vclient.GrantXPStoryteller, adaID, adaID, ""},
		{vclient.GrantXPStoryteller, aliceID, aliceID, msgXPCompanyST},
		{vclient.GrantXPStoryteller, bobID, aliceID, msgXPCompanyST},
		{"SOMETHING_NEW", aliceID, aliceID, msgXPCompanyST}, // unknown values fail closed
		{"SOMETHING_NEW", samID, aliceID, ""},
	}
	for _, tt := range tests {
		name := discordNames[tt.caller] + " → " + discordNames[tt.member] + " under " + cmp.Or(string(tt.setting), "an unset setting")
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, withGuild(func(g *config.Guild) { g.XPPolicy = config.XPPolicyCompany }))
			h.emu.SetCompanySettings(h.sb.CompanyID, vclient.CompanySettings{PermissionGrantXP: tt.setting})
			h.warm(tt.caller, bottest.Command("/xp/view"))
			resp := h.run(tt.caller, bottest.Command("/xp/add", bottest.UserOpt("member", tt.member), bottest.O("amount", 2)))
			if tt.want == "" {
				require.Len(t, resp.Embeds, 1, text(resp))
				assert.Equal(t, 1, h.writes())
				return
			}
			assert.True(t, resp.Ephemeral)
			assert.Equal(t, tt.want, resp.Content)
			assert.Zero(t, h.writes(), "the bot refuses itself and sends nothing")
		})
	}
}

func TestXPDemotedStorytellerLosesThePowerAtOnce(t *testing.T) {
	h := newHarness(t)
	resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
	require.Len(t, resp.Embeds, 1, text(resp))
	h.emu.SetUserRole(h.sb.Sam, vclient.RolePlayer)
	h.emu.ResetRequests()

	resp = h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
	assert.Equal(t, outcomeDenied, resp.Outcome)
	assert.True(t, resp.Ephemeral)
	assert.Zero(t, h.writes(), "no write after the demotion")
	assert.Equal(t, 1, h.calls(), "the identity map is warm: the only call is the fresh GET of the caller")
	assert.Equal(t, 1, h.emu.CountRequests("GET", "GET /users/{user_id}"))
	assert.Equal(t, 5, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)

	resp = h.run(samID, bottest.Command("/stats", bottest.O("character", h.sb.Mara)))
	assert.Contains(t, resp.Content, "Character not found.", "the cached role was dropped: Sam is a player everywhere now")

	h.emu.SetUserRole(h.sb.Sam, vclient.RoleStoryteller)
	resp = h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
	require.Len(t, resp.Embeds, 1, "promoted again: allowed again without waiting for the cache")
}

func TestXPAnAPIRefusalIsStillNotAllowed(t *testing.T) {
	h := newHarness(t)
	// The bot's policy lets Sam through; here the API itself refuses.
	h.warm(samID, bottest.Command("/xp/view"))
	remove := h.emu.InjectFault(xpTestFault(403, "xp/add"))
	defer remove()
	resp := h.run(samID, bottest.Command("/xp/add", bottest.UserOpt("member", aliceID), bottest.O("amount", 5)))
	assert.True(t, resp.Ephemeral)
	assert.Contains(t, resp.Content, "not allowed")
	assert.Zero(t, h.emu.Experience(h.sb.Alice, h.sb.CampaignID).XPTotal)
}

package commands

import (
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestCampaignSetBindsTheChannelAndItsThreads(t *testing.T) {
	h := newHarness(t)
	second := h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: "Second City"})
	r := h.run(samID, bottest.Command("/campaign/set", bottest.O("campaign", "second")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "This channel and its threads now play **Second City**")
	assert.Equal(t, 1, h.rereads(), "the caller is re-read before the change")
	bound, err := h.store.ChannelCampaign(t.Context(), guildID, bottest.DefaultChannelID)
	require.NoError(t, err)
	assert.Equal(t, second, bound)

	hs := &Handlers{Deps: h.deps}
	for _, tt := range []struct {
		name string
		b    *bottest.Builder
	}{
		{"the channel", bottest.Command("/quickrolls/list")},
		{"a thread of it", bottest.Command("/quickrolls/list").Thread("801", bottest.DefaultChannelID)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := h.as(aliceID, tt.b).Interaction()
			c, resp := hs.caller(t.Context(), in)
			require.Nil(t, resp)
			camp, resp := hs.resolveCampaign(t.Context(), in, c)
			require.Nil(t, resp)
			assert.Equal(t, "Second City", camp.Name)
		})
	}
	elsewhere := h.as(aliceID, bottest.Command("/quickrolls/list").Thread("901", "902")).Interaction()
	c, _ := hs.caller(t.Context(), elsewhere)
	_, resp := hs.resolveCampaign(t.Context(), elsewhere, c)
	require.NotNil(t, resp, "an unbound thread elsewhere has no campaign among two")
}

func TestCampaignSetIsForStorytellersAndAdmins(t *testing.T) {
	tests := []struct {
		name    string
		who     string
		demote  bool
		allowed bool
	}{
		{"admin", adaID, false, true},
		{"storyteller", samID, false, true},
		{"player", aliceID, false, false},
		{"storyteller demoted since the identity map was filled", samID, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.warm(tt.who, bottest.Command("/notes/list"))
			if tt.demote {
				h.emu.SetUserRole(h.sb.Sam, vclient.RolePlayer)
			}
			r := h.run(tt.who, bottest.Command("/campaign/set", bottest.O("campaign", h.sb.CampaignID)))
			assert.True(t, r.Ephemeral)
			bound, err := h.store.ChannelCampaign(t.Context(), guildID, bottest.DefaultChannelID)
			require.NoError(t, err)
			if tt.allowed {
				assert.Equal(t, h.sb.CampaignID, bound)
				return
			}
			assert.Contains(t, text(r), "Only storytellers and admins")
			assert.Empty(t, bound, "nothing stored")
			assert.Equal(t, 0, h.writes())
		})
	}
}

func TestCampaignSetRefusesUnknownCampaigns(t *testing.T) {
	h := newHarness(t)
	r := h.run(samID, bottest.Command("/campaign/set", bottest.O("campaign", "66c0ffee0000000000000fff")))
	assert.Contains(t, text(r), "Campaign not found")
	assert.Empty(t, ntRequestsOn(h, "66c0ffee0000000000000fff"))
	bound, err := h.store.ChannelCampaign(t.Context(), guildID, bottest.DefaultChannelID)
	require.NoError(t, err)
	assert.Empty(t, bound)
}

func TestCampaignSetSaysSoWhenStateIsUnavailable(t *testing.T) {
	h := newHarness(t)
	ntBreakState(t, h)
	r := h.run(samID, bottest.Command("/campaign/set", bottest.O("campaign", "Chicago by Night")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "couldn't save this channel's campaign")
}

func TestCampaignDefinitionIsForEveryMemberInServers(t *testing.T) {
	def := campaignCommand().Def
	assert.Nil(t, def.DefaultMemberPermissions, "players may /campaign view; the Valentina role guards set, danger and desperation")
	require.NotNil(t, def.Contexts)
	assert.Equal(t, []discordgo.InteractionContextType{discordgo.InteractionContextGuild}, *def.Contexts, "not in DMs")
	require.NoError(t, bot.ValidateCommands([]*discordgo.ApplicationCommand{def, characterCommand().Def, notesCommand().Def, quickrollsCommand().Def}))

	h := newHarness(t)
	r := h.run(samID, bottest.Command("/campaign/set", bottest.O("campaign", "Chicago by Night")).DM())
	assert.Contains(t, text(r), "only works in a server")
	h.warm(samID, bottest.Autocomplete("/campaign/set", "campaign"))
	ac := h.run(samID, bottest.Autocomplete("/campaign/set", "campaign"))
	assert.Equal(t, 0, h.calls(), "warm autocomplete makes no upstream call")
	require.Len(t, ac.Choices, 1)
	assert.Equal(t, h.sb.CampaignID, ac.Choices[0].Value)
}

package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestWhoamiShowsUserCampaignAndCharacter(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/whoami"))
	require.Len(t, r.Embeds, 1, text(r))
	assert.True(t, r.Ephemeral)
	assert.Equal(t, shown("Alice")+" (PLAYER)", rollTestField(r, "Valentina user"))
	assert.Equal(t, "Chicago by Night", rollTestField(r, "Campaign"))
	assert.Equal(t, "Mara Voss", rollTestField(r, "Character"))
	assert.NotRegexp(t, emailPattern, text(r))
	assert.Zero(t, h.writes())
}

func TestWhoamiNeverFailsOnResolution(t *testing.T) {
	h := newHarness(t)
	r := h.run(samID, bottest.Command("/whoami"))
	assert.Equal(t, shown("Sam")+" (STORYTELLER)", rollTestField(r, "Valentina user"))
	assert.Contains(t, rollTestField(r, "Character"), "none — pass `character:`")

	h = newHarness(t)
	h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: "Second City"})
	r = h.run(aliceID, bottest.Command("/whoami"))
	assert.Contains(t, rollTestField(r, "Campaign"), "none — pass `campaign:`")
}

func TestWhoamiInADMListsEachCompanyLink(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/whoami").DM())
	require.Len(t, r.Embeds, 1, text(r))
	assert.Contains(t, r.Embeds[0].Description, "Sandbox (guild "+guildID+"): "+shown("Alice")+" (PLAYER)")

	h.emu.ResetRequests()
	r = h.run("777", bottest.Command("/whoami").DM())
	assert.Contains(t, r.Embeds[0].Description, "Sandbox (guild "+guildID+"): not linked")
	assert.Contains(t, r.Embeds[0].Description, "/link")
	assert.Zero(t, h.emu.CountRequests("GET", "GET /companies/{company_id}"), "the company's name is cached")
}

func TestWhoamiInADMFallsBackToTheGuildIDWithoutTheCompanyName(t *testing.T) {
	h := newHarness(t)
	h.emu.InjectFault(vclienttest.Fault{Method: "GET", Route: "GET /companies/{company_id}", Status: 500})
	r := h.run(aliceID, bottest.Command("/whoami").DM())
	require.Len(t, r.Embeds, 1, text(r))
	assert.Contains(t, r.Embeds[0].Description, "Server "+guildID+": "+shown("Alice")+" (PLAYER)")
}

func TestWhoamiUnlinkedOrUnconfigured(t *testing.T) {
	h := newHarness(t)
	r := h.run("777", bottest.Command("/whoami"))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "/link")

	h.emu.ResetRequests()
	r = h.run(aliceID, bottest.Command("/whoami").Guild("4242"))
	assert.Contains(t, r.Content, "4242")
	assert.Zero(t, h.calls())
}

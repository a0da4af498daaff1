package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestARollNeedsNoStateWhenTheAnswerCannotDependOnIt(t *testing.T) {
	h := newHarness(t)
	ntBreakState(t, h)
	r := h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))
	require.False(t, r.Ephemeral, "Alice plays one character in the only campaign: %s", text(r))
	assert.Contains(t, text(r), "Mara Voss")
	assert.Len(t, h.emu.DiceRolls(h.sb.CompanyID), 1)
}

func TestARollThatNeedsUnreadableStateAsksForTheOption(t *testing.T) {
	h := newHarness(t)
	h.emu.AddCampaign(h.sb.CompanyID, vclienttest.Campaign{Name: "Paris by Night"})
	ntBreakState(t, h)
	r := h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "bot state is unavailable")
	assert.Contains(t, text(r), "`campaign:`")
	assert.Empty(t, h.emu.DiceRolls(h.sb.CompanyID), "nothing is rolled on a guess")

	r = h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl"), bottest.O("character", "Mara Voss")))
	assert.False(t, r.Ephemeral, "with the option given the roll goes ahead: %s", text(r))
	assert.Len(t, h.emu.DiceRolls(h.sb.CompanyID), 1)
}

func TestAStaleChannelBindingIsDroppedWithAMessage(t *testing.T) {
	stale := map[string]string{
		"an id from v1 days":          "5f3a1b2c3d4e5f6a7b8c9d0e",
		"a campaign that was deleted": "0193a5c2-7d1e-7c3b-9f00-1234567890ab",
	}
	for name, id := range stale {
		t.Run(name+" is answered, forgotten, and the next roll resolves without it", func(t *testing.T) {
			h := newHarness(t)
			require.NoError(t, h.store.BindChannel(t.Context(), guildID, bottest.DefaultChannelID, id))

			r := h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))

			assert.True(t, r.Ephemeral)
			assert.Equal(t, msgStaleBinding, r.Content)
			assert.Empty(t, h.emu.DiceRolls(h.sb.CompanyID), "nothing is rolled on a dead binding")
			assert.False(t, rollTestMentions(h.emu.Requests(), id), "the stale id is never sent to the API")
			bound, err := h.store.ChannelCampaign(t.Context(), guildID, bottest.DefaultChannelID)
			require.NoError(t, err)
			assert.Empty(t, bound, "the binding was dropped")

			r = h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))
			assert.False(t, r.Ephemeral, text(r))
			assert.Len(t, h.emu.DiceRolls(h.sb.CompanyID), 1)
		})
	}
}

func TestAStaleBindingOfAThreadsParentIsDroppedFromTheParent(t *testing.T) {
	h := newHarness(t)
	const parent = "801"
	require.NoError(t, h.store.BindChannel(t.Context(), guildID, parent, "5f3a1b2c3d4e5f6a7b8c9d0e"))
	r := h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")).Thread("802", parent))
	assert.Equal(t, msgStaleBinding, r.Content)
	bound, err := h.store.ChannelCampaign(t.Context(), guildID, parent)
	require.NoError(t, err)
	assert.Empty(t, bound)
}

func TestAStaleDefaultCharacterIsDroppedWithAMessage(t *testing.T) {
	stale := map[string]string{
		"an id from v1 days":          "5f3a1b2c3d4e5f6a7b8c9d0f",
		"a character that is deleted": "0193a5c2-7d1e-7c3b-9f00-1234567890ac",
	}
	for name, id := range stale {
		t.Run(name+" is answered, forgotten, and the next roll uses the only character", func(t *testing.T) {
			h := newHarness(t)
			require.NoError(t, h.store.SetDefaultCharacter(t.Context(), guildID, aliceID, h.sb.CampaignID, id))

			r := h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))

			assert.True(t, r.Ephemeral)
			assert.Contains(t, r.Content, "Your default character in Chicago by Night no longer exists in Valentina; set it again with `/character set`")
			assert.Empty(t, h.emu.DiceRolls(h.sb.CompanyID))
			assert.False(t, rollTestMentions(h.emu.Requests(), id), "the stale id is never sent to the API")
			def, err := h.store.DefaultCharacter(t.Context(), guildID, aliceID, h.sb.CampaignID)
			require.NoError(t, err)
			assert.Empty(t, def, "the default was dropped")

			r = h.run(aliceID, bottest.Command("/quickroll", bottest.O("name", "Strength + Brawl")))
			assert.False(t, r.Ephemeral, text(r))
			assert.Contains(t, text(r), "Mara Voss")
		})
	}
}

package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestCharacterSetRemembersTheDefaultForItsCampaign(t *testing.T) {
	h := newHarness(t)
	second := h.emu.AddCharacter(h.sb.CompanyID, h.sb.CampaignID, vclienttest.Character{NameFirst: "Nina", NameLast: "Holt", UserPlayerID: h.sb.Alice})
	before := h.run(aliceID, bottest.Command("/quickrolls/list"))
	assert.Contains(t, text(before), "pools are not shown", "two characters and no default")

	r := h.run(aliceID, bottest.Command("/character/set", bottest.O("character", "nina")))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Your rolls in **Chicago by Night** now use **Nina Holt**")
	got, err := h.store.DefaultCharacter(t.Context(), guildID, aliceID, h.sb.CampaignID)
	require.NoError(t, err)
	assert.Equal(t, second, got)
	assert.Equal(t, 0, h.writes(), "state lives in Redis, not the API")

	after := h.run(aliceID, bottest.Command("/quickrolls/list"))
	assert.Contains(t, text(after), "Pools for **Nina Holt — Chicago by Night**")
}

func TestCharacterSetRefusesCharactersTheCallerMayNotUse(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/character/set", bottest.O("character", h.sb.Dmitri)))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Character not found.")
	assert.Empty(t, ntRequestsOn(h, h.sb.Dmitri))
	got, err := h.store.DefaultCharacter(t.Context(), guildID, aliceID, h.sb.CampaignID)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestCharacterSetSaysSoWhenStateIsUnavailable(t *testing.T) {
	h := newHarness(t)
	ntBreakState(t, h)
	r := h.run(aliceID, bottest.Command("/character/set", bottest.O("character", h.sb.Mara)))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "couldn't save your default character")
	assert.Contains(t, text(r), "Try again")
}

func TestCharacterSetAutocompleteListsUsableCharactersFromCache(t *testing.T) {
	h := newHarness(t)
	ac := bottest.Autocomplete("/character/set", "character")
	h.warm(aliceID, ac)
	r := h.run(aliceID, bottest.Autocomplete("/character/set", "character"))
	require.Equal(t, bot.Choices, r.Kind)
	require.Len(t, r.Choices, 1)
	assert.Equal(t, "Mara Voss — Chicago by Night", r.Choices[0].Name)
	assert.Equal(t, h.sb.Mara, r.Choices[0].Value)
	assert.Equal(t, 0, h.calls())
}

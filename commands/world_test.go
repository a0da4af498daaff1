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

package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestQuickrollAutocomplete(t *testing.T) {
	h := newHarness(t)
	sb, df := h.sb.Quickrolls["Strength + Brawl"], h.sb.Quickrolls["Dexterity + Firearms"]
	h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	h.warm(aliceID, bottest.Autocomplete("/quickroll", "name"))
	h.warm(aliceID, bottest.Autocomplete("/quickroll", "character"))

	r := h.run(aliceID, bottest.Autocomplete("/quickroll", "name"))
	require.Equal(t, bot.Choices, r.Kind)
	require.Len(t, r.Choices, 2)
	assert.Equal(t, sb, r.Choices[0].Value, "most recently used first")
	assert.Equal(t, df, r.Choices[1].Value)

	r = h.run(aliceID, bottest.Autocomplete("/quickroll", "name", bottest.O("name", "dex")))
	require.Len(t, r.Choices, 1)
	assert.Equal(t, "Dexterity + Firearms", r.Choices[0].Name)

	r = h.run(aliceID, bottest.Autocomplete("/quickroll", "character", bottest.O("name", sb)))
	require.Len(t, r.Choices, 1)
	assert.Equal(t, h.sb.Mara, r.Choices[0].Value)
	assert.Equal(t, "Mara Voss — Chicago by Night", r.Choices[0].Name)

	assert.Zero(t, h.calls(), "warm autocomplete makes no upstream call")
}

func TestQuickrollAutocompleteWithManyQuickrollsStaysWithinLimits(t *testing.T) {
	h := newHarness(t)
	for i := range 60 {
		h.emu.AddQuickroll(h.sb.Alice, vclienttest.Quickroll{Name: strings.Repeat("Q", 90) + string(rune('A'+i%26)) + strings.Repeat("z", 20+i),
			TraitIDs: []string{h.sb.Traits["Wits"]}})
	}
	r := h.run(aliceID, bottest.Autocomplete("/quickroll", "name"))
	require.Len(t, r.Choices, 25)
	for _, c := range r.Choices {
		assert.LessOrEqual(t, len([]rune(c.Name)), 100)
		assert.Regexp(t, idPattern(), c.Value)
	}
	assert.Empty(t, h.run("777", bottest.Autocomplete("/quickroll", "name")).Choices, "unlinked: nothing")
}

func TestColdQuickrollStaysWithinItsCallBudget(t *testing.T) {
	h := newHarness(t)
	h.emu.ResetRequests()
	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	require.Len(t, r.Embeds, 1, text(r))
	var routes []string
	for _, req := range h.emu.Requests() {
		routes = append(routes, req.Method+" "+req.Route+"?"+req.Query.Encode())
	}
	// SPEC §9 and §11.4: v1 at most 6 calls; v2 at most 4 (lookup; the user with their
	// quickrolls and characters; the roll ‖ traits).
	assert.LessOrEqual(t, h.calls(), byDialectInt(6, 4), "cold calls: %v", routes)
	assert.Equal(t, 1, h.writes())
	assert.Equal(t, "Strength 2 + Brawl 2 = 4", rollTestField(r, "Pool"))

	h.emu.ResetRequests()
	h.run(aliceID, rollTestQuickroll("Strength + Brawl"))
	assert.Equal(t, 1, h.calls(), "warm: the roll alone")
}

func TestQuickrollWithAnotherPlayersCharacterIsNotFound(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("character", h.sb.Dmitri)))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, r.Content, "Character not found.")
	assert.Zero(t, h.writes())
	assert.False(t, rollTestMentions(h.emu.Requests(), h.sb.Dmitri), "no request about Dmitri")
}

func TestStorytellerMayRollWithAnyCharacterOfTheCompany(t *testing.T) {
	h := newHarness(t)
	sams := h.emu.AddQuickroll(h.sb.Sam, vclienttest.Quickroll{Name: "Wits + Awareness", TraitIDs: []string{h.sb.Traits["Wits"], h.sb.Traits["Awareness"]}})
	r := h.run(samID, rollTestQuickroll(sams, bottest.O("character", "Dmitri Kale")))
	require.Len(t, r.Embeds, 1, text(r))
	assert.Equal(t, "Dmitri Kale", rollTestField(r, "Character"))
	assert.Equal(t, "Wits 2 + Awareness 3 = 5", rollTestField(r, "Pool"))
	assert.Equal(t, "Rolled by "+shown("Sam"), r.Embeds[0].Footer.Text)
}

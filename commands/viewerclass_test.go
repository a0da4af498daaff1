package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// A storyteller-type character is hidden from players by v2's lists (and its traits and
// statistics refused them); in one guild, what a storyteller's commands cache must never
// answer a player.
func TestAPlayerNeverSeesAStorytellerCharacterAStorytellerCached(t *testing.T) {
	h := newHarness(t)
	prince := h.emu.AddCharacter(h.sb.CompanyID, h.sb.CampaignID, vclienttest.Character{
		NameFirst: "Lodin", NameLast: "Prince", Type: "STORYTELLER", UserCreatorID: h.sb.Sam})
	h.emu.SetCharacterTrait(prince, h.sb.Traits["Strength"], 5)
	h.emu.SetCharacterTrait(prince, h.sb.Traits["Brawl"], 5)
	sams := h.emu.AddQuickroll(h.sb.Sam, vclienttest.Quickroll{Name: "Strength + Brawl", TraitIDs: []string{h.sb.Traits["Strength"], h.sb.Traits["Brawl"]}})

	// Sam warms every cache that lists or reads characters: autocomplete, a roll with the
	// prince (his traits), and the prince's statistics.
	ac := h.run(samID, bottest.Autocomplete("/stats", "character", bottest.O("character", "Lod")))
	require.Len(t, ac.Choices, 1, "the storyteller sees the prince")
	r := h.run(samID, rollTestQuickroll(sams, bottest.O("character", prince)))
	require.Len(t, r.Embeds, 1, text(r))
	assert.Equal(t, "Lodin Prince", rollTestField(r, "Character"))
	st := h.run(samID, bottest.Command("/stats", bottest.O("character", prince)))
	require.NotEmpty(t, st.Embeds, text(st))

	for _, input := range []string{"", "Lod", prince} {
		for _, cmd := range []string{"/stats", "/quickroll", "/character/set"} {
			ac := h.run(aliceID, bottest.Autocomplete(cmd, "character", bottest.O("character", input)))
			for _, c := range ac.Choices {
				assert.NotContains(t, c.Name, "Lodin", "%s autocomplete for %q", cmd, input)
				assert.NotEqual(t, prince, c.Value)
			}
		}
	}
	h.emu.ResetRequests()
	for _, input := range []string{prince, "Lodin Prince"} {
		st := h.run(aliceID, bottest.Command("/stats", bottest.O("character", input)))
		assert.True(t, st.Ephemeral)
		assert.NotContains(t, text(st), "Roll statistics")
		assert.Regexp(t, `^(Character not found\.|No character called "Lodin Prince".*)$`, st.Content)
		qr := h.run(aliceID, rollTestQuickroll("Strength + Brawl", bottest.O("character", input)))
		assert.Regexp(t, `^(Character not found\.|No character called "Lodin Prince".*)$`, qr.Content)
	}
	assert.False(t, rollTestMentions(h.emu.Requests(), prince), "no request about the prince on Alice's behalf")
	assert.Zero(t, h.writes())
}

package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// In v2 the server checks neither note permissions nor quickroll ownership (contract v2 §5.1–5.2):
// the bot's own gate is all that keeps Bob's note and quickroll from Alice.
func TestV2ServerWouldServeBobsNoteAndQuickrollToAliceButTheBotDoesNot(t *testing.T) {
	v2Only(t)
	h := newHarness(t)
	note := h.emu.AddNote(h.sb.Bob, vclienttest.Note{Title: "Bob's plans", Content: "Betray the Prince"})
	qr := h.emu.AddQuickroll(h.sb.Bob, vclienttest.Quickroll{Name: "Bob's Brawl", TraitIDs: []string{h.sb.Traits["Brawl"]}})

	asAlice := h.api.OnBehalfOf(h.sb.Alice).Users(h.sb.CompanyID)
	n, err := asAlice.GetNote(t.Context(), h.sb.Bob, note)
	require.NoError(t, err, "the server itself does not refuse")
	assert.Equal(t, "Betray the Prince", n.Content)
	_, err = asAlice.GetQuickroll(t.Context(), h.sb.Alice, qr)
	require.NoError(t, err, "the server looks a quickroll up by id alone")

	steps := []struct {
		name string
		b    *bottest.Builder
	}{
		{"view the note", bottest.Command("/notes/view", bottest.O("note", note))},
		{"edit the note", bottest.Command("/notes/edit", bottest.O("note", note))},
		{"submit the note's edit form", ntSubmit("ne:"+note, "Hijacked", "Overwritten by Alice")},
		{"delete the note", bottest.Click("nd:" + note + ":" + aliceID)},
		{"roll the quickroll", rollTestQuickroll(qr)},
		{"edit the quickroll", bottest.Command("/quickrolls/edit", bottest.O("quickroll", qr), bottest.O("name", "Mine now"))},
		{"delete the quickroll", bottest.Click("qd:" + qr + ":" + aliceID)},
		{"Re-roll the quickroll", bottest.Click("qr:" + compactID(qr) + ":" + compactID(h.sb.Mara) + ":6:0:p:" + aliceID)},
	}
	for _, s := range steps {
		t.Run(s.name+" is not found and nothing is asked about it", func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, s.b)
			assert.True(t, r.Ephemeral)
			assert.Contains(t, text(r), "not found")
			assert.False(t, rollTestMentions(h.emu.Requests(), note), "no request about Bob's note")
			assert.False(t, rollTestMentions(h.emu.Requests(), qr), "no request about Bob's quickroll")
			assert.Zero(t, h.writes())
		})
	}
	assert.Equal(t, "Betray the Prince", h.emu.Notes(h.sb.Bob)[0].Content)
	names := []string{}
	for _, q := range h.emu.Quickrolls(h.sb.Bob) {
		names = append(names, q.Name)
	}
	assert.Equal(t, []string{"Bob's Brawl"}, names)
	assert.Empty(t, h.emu.DiceRolls(h.sb.CompanyID))
}

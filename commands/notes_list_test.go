package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

func TestNotesListPagesWithButtonsThatOnlyTheOwnerCanUse(t *testing.T) {
	h := newHarness(t)
	for i := 1; i <= 23; i++ {
		h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: fmt.Sprintf("Note %02d", i), Content: "content"})
	}
	r := h.run(aliceID, bottest.Command("/notes/list"))
	require.Equal(t, bot.NewMessage, r.Kind)
	assert.True(t, r.Ephemeral)
	ntAssertLimits(t, r)
	assert.Contains(t, text(r), "Note 01")
	assert.Contains(t, text(r), "Note 10")
	assert.NotContains(t, text(r), "Note 11")
	assert.Contains(t, text(r), "Page 1/3")
	assert.Equal(t, []string{"nl:0:300", "nl:2:300"}, ntCustomIDs(r.Components))

	h.emu.ResetRequests()
	next := h.run(aliceID, bottest.Click("nl:2:300"))
	assert.Equal(t, bot.UpdateMessage, next.Kind)
	assert.Contains(t, text(next), "Note 11")
	assert.NotContains(t, text(next), "Note 10")
	assert.Contains(t, text(next), "Page 2/3")
	assert.Equal(t, []string{"nl:1:300", "nl:3:300"}, ntCustomIDs(next.Components))
	assert.Equal(t, 0, h.calls(), "pages come from the cache")

	last := h.run(aliceID, bottest.Click("nl:99:300"))
	assert.Contains(t, text(last), "Page 3/3")
	assert.Contains(t, text(last), "Note 23")

	other := h.run(bobID, bottest.Click("nl:2:300"))
	assert.Equal(t, bot.NewMessage, other.Kind)
	assert.True(t, other.Ephemeral)
	assert.Contains(t, text(other), "not yours")
	assert.Empty(t, ntRequestsOn(h, h.sb.Alice), "nothing of Alice's is read for Bob")

	page2 := h.run(aliceID, bottest.Command("/notes/list", bottest.O("page", 2)))
	assert.Contains(t, text(page2), "Note 11")
}

func TestNotesListWithoutNotesSaysHowToWriteOne(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/notes/list"))
	assert.Contains(t, text(r), "/notes create")
	assert.Empty(t, r.Components)
}

func TestNotesAutocompleteOffersOwnNotesFromCache(t *testing.T) {
	h := newHarness(t)
	for i := 1; i <= 30; i++ {
		h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: fmt.Sprintf("Lead %02d %s", i, strings.Repeat("x", 60)), Content: "content"})
	}
	bobNote := h.emu.AddNote(h.sb.Bob, vclienttest.Note{Title: "Lead of Bob", Content: "content"})
	ac := bottest.Autocomplete("/notes/view", "note", bottest.O("note", "lead"))
	h.warm(aliceID, ac)
	for _, path := range []string{"/notes/view", "/notes/edit", "/notes/delete"} {
		r := h.run(aliceID, bottest.Autocomplete(path, "note", bottest.O("note", "lead")))
		require.Equal(t, bot.Choices, r.Kind)
		assert.Len(t, r.Choices, 25)
		own := map[string]bool{}
		for _, n := range h.emu.Notes(h.sb.Alice) {
			own[n.ID] = true
		}
		for _, c := range r.Choices {
			assert.LessOrEqual(t, len([]rune(c.Name)), 100)
			assert.True(t, own[c.Value.(string)], "values are the caller's note ids")
			assert.NotEqual(t, bobNote, c.Value)
		}
	}
	assert.Equal(t, 0, h.calls(), "warm autocomplete makes no upstream call")

	h.run(aliceID, ntSubmit("nn", "Zebra sighting", "A stripe in the night"))
	h.emu.ResetRequests()
	r := h.run(aliceID, bottest.Autocomplete("/notes/view", "note", bottest.O("note", "zebra")))
	require.Len(t, r.Choices, 1)
	assert.Equal(t, "Zebra sighting", r.Choices[0].Name)
}

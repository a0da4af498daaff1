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

const noteCreateRoute = "/users/{user_id}/notes"

func ntSubmit(customID, title, content string) *bottest.Builder {
	return bottest.Submit(customID, map[string]string{"title": title, "content": content})
}

func TestNotesCreateOpensTheModalWithoutAnyAPICall(t *testing.T) {
	h := newHarness(t)
	r := h.run(aliceID, bottest.Command("/notes/create"))
	require.Equal(t, bot.ModalForm, r.Kind)
	require.NotNil(t, r.Modal)
	assert.Equal(t, "New note", r.Modal.Title)
	assert.Equal(t, "nn", r.Modal.CustomID)
	inputs := ntTextInputs(r.Modal)
	assert.Equal(t, 3, inputs["title"].MinLength)
	assert.Equal(t, 50, inputs["title"].MaxLength)
	assert.Equal(t, 3, inputs["content"].MinLength)
	assert.Equal(t, 4000, inputs["content"].MaxLength)
	assert.Equal(t, 0, h.calls())
}

func TestNotesCreateSubmitSavesTheNote(t *testing.T) {
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/notes/list"))
	r := h.run(aliceID, ntSubmit("nn", "Elysium", "Prince Lodin holds court tonight."))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Saved your note **Elysium**")
	notes := h.emu.Notes(h.sb.Alice)
	require.Len(t, notes, 1)
	assert.Equal(t, "Prince Lodin holds court tonight.", notes[0].Content)
	body := ntBody(t, h, "POST", noteCreateRoute)
	assert.Equal(t, map[string]any{"title": "Elysium", "content": "Prince Lodin holds court tonight."}, body)
	assert.Equal(t, 1, h.writes())
	for _, req := range h.emu.Requests() {
		if req.Method == "POST" {
			assert.Contains(t, req.Header.Get("Idempotency-Key"), "note-create")
		}
	}

	h.emu.ResetRequests()
	list := h.run(aliceID, bottest.Command("/notes/list"))
	assert.Contains(t, text(list), "Elysium", "the list sees the new note at once")
}

func TestNotesSubmitBoundsAreCheckedBeforeAnyCall(t *testing.T) {
	tests := []struct {
		name, title, content, want string
	}{
		{"title too short", "ab", "fine content", "title must be 3–50"},
		{"title too long", strings.Repeat("t", 51), "fine content", "title must be 3–50"},
		{"content too short", "Fine", "ab", "content must be 3–4000"},
		{"content too long", "Fine", strings.Repeat("c", 4001), "content must be 3–4000"},
		{"blank title", "   ", "fine content", "title must be 3–50"},
	}
	h := newHarness(t)
	h.warm(aliceID, bottest.Command("/notes/list"))
	bobNote := h.emu.AddNote(h.sb.Bob, vclienttest.Note{Title: "Bob's", Content: "secret"})
	for _, tt := range tests {
		for _, id := range []string{"nn", "ne:" + bobNote} {
			t.Run(tt.name+" "+id, func(t *testing.T) {
				h.emu.ResetRequests()
				r := h.run(aliceID, ntSubmit(id, tt.title, tt.content))
				assert.True(t, r.Ephemeral)
				assert.Contains(t, text(r), tt.want)
				assert.Equal(t, 0, h.calls())
			})
		}
	}
}

func TestNotesViewSplitsLongNotesWithinDiscordLimits(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		messages int
	}{
		{"short note", "Meet at the Elysium.", 1},
		{"4000 characters", strings.Repeat("a", 4000), 1},
		{"4000 accented characters", strings.Repeat("é", 4000), 1},
		{"20000 characters of words", strings.Repeat("blood ", 3334)[:20000], 6},
		{"20000 characters without spaces", strings.Repeat("x", 20000), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: strings.Repeat("T", 50), Content: tt.content})
			r := h.run(aliceID, bottest.Command("/notes/view", bottest.O("note", id)))
			assert.True(t, r.Ephemeral)
			ntAssertLimits(t, r)
			msgs := append([]bot.Message{r.Message}, r.FollowUps...)
			assert.Len(t, msgs, tt.messages)
			var got strings.Builder
			for _, m := range msgs {
				for _, e := range m.Embeds {
					got.WriteString(e.Description)
				}
			}
			assert.Equal(t, tt.content, got.String(), "the whole note is shown, in order")
		})
	}
}

func TestNotesViewFindsANoteByTypedTitle(t *testing.T) {
	h := newHarness(t)
	h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Elysium rules", Content: "No violence."})
	r := h.run(aliceID, bottest.Command("/notes/view", bottest.O("note", "elysium")))
	assert.Contains(t, text(r), "No violence.")

	miss := h.run(aliceID, bottest.Command("/notes/view", bottest.O("note", "Elysum rules")))
	assert.Contains(t, text(miss), `No note called "Elysum rules"`)
	assert.Contains(t, text(miss), "Elysium rules", "close matches are listed")
}

func TestNotesOfSomeoneElseAreNotFoundAndNeverRequested(t *testing.T) {
	h := newHarness(t)
	h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Mine", Content: "Alice's own"})
	bobNote := h.emu.AddNote(h.sb.Bob, vclienttest.Note{Title: "Bob's plans", Content: "Betray the Prince"})
	tests := []struct {
		name string
		b    *bottest.Builder
	}{
		{"view", bottest.Command("/notes/view", bottest.O("note", bobNote))},
		{"edit", bottest.Command("/notes/edit", bottest.O("note", bobNote))},
		{"delete", bottest.Command("/notes/delete", bottest.O("note", bobNote))},
		{"edit modal submit", ntSubmit("ne:"+bobNote, "Hijacked", "Overwritten by Alice")},
		{"delete button", bottest.Click("nd:" + bobNote + ":300")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.emu.ResetRequests()
			r := h.run(aliceID, tt.b)
			assert.True(t, r.Ephemeral)
			assert.Contains(t, text(r), "not found")
			assert.NotContains(t, text(r), "Betray")
			assert.Empty(t, ntRequestsOn(h, bobNote), "no GET, PATCH or DELETE on Bob's note")
			assert.Equal(t, 0, h.writes())
		})
	}
	require.Len(t, h.emu.Notes(h.sb.Bob), 1)
	assert.Equal(t, "Betray the Prince", h.emu.Notes(h.sb.Bob)[0].Content)
}

func TestNotesEditIsPrefilledAndSendsBothFields(t *testing.T) {
	h := newHarness(t)
	id := h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Haven", Content: "The old church"})
	r := h.run(aliceID, bottest.Command("/notes/edit", bottest.O("note", id)))
	require.Equal(t, bot.ModalForm, r.Kind)
	assert.Equal(t, "Edit note", r.Modal.Title)
	assert.Equal(t, "ne:"+id, r.Modal.CustomID)
	inputs := ntTextInputs(r.Modal)
	assert.Equal(t, "Haven", inputs["title"].Value)
	assert.Equal(t, "The old church", inputs["content"].Value)

	h.emu.ResetRequests()
	done := h.run(aliceID, ntSubmit("ne:"+id, "Haven", "The old church, crypt entrance"))
	assert.Contains(t, text(done), "Updated your note **Haven**")
	assert.Equal(t, map[string]any{"title": "Haven", "content": "The old church, crypt entrance"},
		ntBody(t, h, "PATCH", "/users/{user_id}/notes/{note_id}"))
	assert.Equal(t, 1, h.writes())
	for _, req := range h.emu.Requests() {
		if req.Method == "PATCH" {
			assert.Contains(t, req.Header.Get("Idempotency-Key"), "note-edit")
		}
	}
	assert.Equal(t, "The old church, crypt entrance", h.emu.Notes(h.sb.Alice)[0].Content)

	view := h.run(aliceID, bottest.Command("/notes/view", bottest.O("note", id)))
	assert.Contains(t, text(view), "crypt entrance")
}

func TestNotesOverFourThousandCharactersCannotBeEditedFromDiscord(t *testing.T) {
	h := newHarness(t)
	id := h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Chronicle", Content: strings.Repeat("z", 4001)})
	r := h.run(aliceID, bottest.Command("/notes/edit", bottest.O("note", id)))
	assert.Equal(t, bot.NewMessage, r.Kind)
	assert.Nil(t, r.Modal)
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "4001 characters")
	assert.Contains(t, text(r), "can't be edited from Discord")
	assert.Equal(t, 0, h.writes())
}

func TestNotesDeleteAsksForConfirmation(t *testing.T) {
	h := newHarness(t)
	id := h.emu.AddNote(h.sb.Alice, vclienttest.Note{Title: "Old lead", Content: "Dead end"})
	r := h.run(aliceID, bottest.Command("/notes/delete", bottest.O("note", id)))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "Delete your note **Old lead**?")
	assert.Equal(t, []string{"nd:" + id + ":300", "nc:300"}, ntCustomIDs(r.Components))
	assert.Equal(t, 0, h.writes())

	h.emu.ResetRequests()
	other := h.run(bobID, bottest.Click("nd:"+id+":300"))
	assert.Contains(t, text(other), "not yours")
	assert.Equal(t, 0, h.calls())

	kept := h.run(aliceID, bottest.Click("nc:300"))
	assert.Equal(t, bot.UpdateMessage, kept.Kind)
	assert.Contains(t, text(kept), "Kept")
	assert.Equal(t, 0, h.calls())

	done := h.run(aliceID, bottest.Click("nd:"+id+":300"))
	assert.Equal(t, bot.UpdateMessage, done.Kind)
	assert.Contains(t, text(done), "Deleted your note **Old lead**")
	assert.Empty(t, done.Components)
	assert.Equal(t, 1, h.emu.CountRequests("DELETE", "DELETE /users/{user_id}/notes/{note_id}"))
	assert.Empty(t, h.emu.Notes(h.sb.Alice))

	list := h.run(aliceID, bottest.Command("/notes/list"))
	assert.NotContains(t, text(list), "Old lead", "the list forgets it at once")
}

func TestNotesAPIErrorsAreExplained(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   string
	}{
		{"server error", 500, "unavailable"},
		{"forbidden", 403, "not allowed"},
		{"rejected", 400, "Title is not acceptable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.warm(aliceID, bottest.Command("/notes/list"))
			h.emu.InjectFault(vclienttest.Fault{Method: "POST", Route: "POST " + noteCreateRoute, Status: tt.status, Detail: "Title is not acceptable"})
			r := h.run(aliceID, ntSubmit("nn", "Elysium", "Court tonight"))
			assert.True(t, r.Ephemeral)
			assert.Contains(t, text(r), tt.want)
			assert.Empty(t, h.emu.Notes(h.sb.Alice))
		})
	}
}

func TestNotesNeedALinkedUser(t *testing.T) {
	h := newHarness(t)
	r := h.run("999", bottest.Command("/notes/list"))
	assert.True(t, r.Ephemeral)
	assert.Contains(t, text(r), "/link")
	sub := h.run("999", ntSubmit("nn", "Elysium", "Court tonight"))
	assert.Contains(t, text(sub), "/link")
	assert.Equal(t, 0, h.writes())
}

package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// noteModal is the create/edit form: a short title and a paragraph of content, prefilled
// when editing. Its title is fixed ("New note", "Edit note") so it never leaks anything.
func noteModal(customID, title, noteTitle, content string) *bot.Response {
	row := func(in discordgo.TextInput) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}
	}
	return &bot.Response{Kind: bot.ModalForm, Modal: &bot.Modal{CustomID: customID, Title: title, Components: []discordgo.MessageComponent{
		row(discordgo.TextInput{CustomID: noteTitleInputID, Label: "Title", Style: discordgo.TextInputShort,
			Required: true, MinLength: noteTitleMin, MaxLength: noteTitleMax, Value: truncate(noteTitle, noteTitleMax)}),
		row(discordgo.TextInput{CustomID: noteContentInputID, Label: "Content", Style: discordgo.TextInputParagraph,
			Required: true, MinLength: noteContentMin, MaxLength: noteContentMax, Value: content}),
	}}}
}

// noteInput reads and checks the modal's fields; a non-nil response says what is wrong.
func noteInput(in *bot.Interaction) (title, content string, resp *bot.Response) {
	title = strings.TrimSpace(in.ModalValue(noteTitleInputID))
	content = strings.TrimSpace(in.ModalValue(noteContentInputID))
	if n := runeLen(title); n < noteTitleMin || n > noteTitleMax {
		return "", "", userError(msgNoteTitleLength, noteTitleMin, noteTitleMax, n)
	}
	if n := runeLen(content); n < noteContentMin || n > noteContentMax {
		return "", "", userError(msgNoteContentLength, noteContentMin, noteContentMax, n)
	}
	return title, content, nil
}

// notesCreate opens the "New note" form; nothing is asked of the API before it opens.
func (h *Handlers) notesCreate(_ context.Context, in *bot.Interaction) *bot.Response {
	if _, resp := h.guildOf(in); resp != nil {
		return resp
	}
	return noteModal(noteCreatePrefix, "New note", "", "")
}

// noteCreateSubmit saves the new note.
func (h *Handlers) noteCreateSubmit(ctx context.Context, in *bot.Interaction) *bot.Response {
	title, content, resp := noteInput(in)
	if resp != nil {
		return resp
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	n, err := h.as(c).Users(c.CompanyID()).CreateNote(writeContext(ctx, in, "note-create"), c.UserID,
		&vclient.NoteCreate{Title: title, Content: content})
	h.Lookups.InvalidateNotes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	return bot.Private(msgNoteSaved, oneLine(n.Title))
}

// notesEdit opens the "Edit note" form prefilled with the note, unless the note is too long
// for a Discord form.
func (h *Handlers) notesEdit(ctx context.Context, in *bot.Interaction) *bot.Response {
	_, n, resp := callerAnd(ctx, h, in, "note", h.freshNote)
	if resp != nil {
		return resp
	}
	if l := runeLen(n.Content); l > noteContentMax {
		return userError(msgNoteTooLongToEdit,
			oneLine(n.Title), l, noteContentMax)
	}
	return noteModal(noteEditPrefix+":"+n.ID, "Edit note", n.Title, n.Content)
}

// noteEditSubmit saves an edited note, after checking again that it is the caller's.
func (h *Handlers) noteEditSubmit(ctx context.Context, in *bot.Interaction) *bot.Response {
	title, content, resp := noteInput(in)
	if resp != nil {
		return resp
	}
	id := strings.TrimPrefix(in.CustomID(), noteEditPrefix+":")
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	own, resp := h.ownNoteByToken(ctx, in, c, id)
	if resp != nil {
		return resp
	}
	n, err := h.as(c).Users(c.CompanyID()).UpdateNote(writeContext(ctx, in, "note-edit"), c.UserID, own.ID,
		&vclient.NoteUpdate{Title: &title, Content: &content})
	h.Lookups.InvalidateNotes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	return bot.Private(msgNoteUpdated, oneLine(n.Title))
}

// notesDelete asks for confirmation before deleting a note.
func (h *Handlers) notesDelete(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, n, resp := callerAnd(ctx, h, in, "note", h.ownNote)
	if resp != nil {
		return resp
	}
	return confirmDelete("note", oneLine(n.Title), noteDeletePrefix+":"+n.ID+":"+c.DiscordID, noteCancelPrefix+":"+c.DiscordID)
}

// noteDeleteClick deletes the note once its owner confirms.
func (h *Handlers) noteDeleteClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	id, c, resp := h.confirmedClick(ctx, in)
	if resp != nil {
		return resp
	}
	n, resp := h.ownNoteByToken(ctx, in, c, id)
	if resp != nil {
		return resp
	}
	err := h.as(c).Users(c.CompanyID()).DeleteNote(writeContext(ctx, in, "note-delete"), c.UserID, n.ID)
	h.Lookups.InvalidateNotes(ctx, c.CompanyID(), c.UserID)
	if !deleteGone(err) {
		return h.failAsCaller(ctx, in, c, err)
	}
	return updateMessage(msgNoteDeleted, oneLine(n.Title))
}

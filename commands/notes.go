package commands

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// Custom-id prefixes of /notes: list pages, the create and edit modals, delete confirm/cancel.
const (
	notesListPrefix    = "nl" // nl:<page>:<owner>
	noteCreatePrefix   = "nn" // nn
	noteEditPrefix     = "ne" // ne:<note id>
	noteDeletePrefix   = "nd" // nd:<note id>:<owner>
	noteCancelPrefix   = "nc" // nc:<owner>
	noteTitleMin       = 3
	noteTitleMax       = 50
	noteContentMin     = 3
	noteContentMax     = 4000
	noteTitleInputID   = "title"
	noteContentInputID = "content"
)

// What /notes says (its embeds are in notes_view.go).
const (
	msgNoteTitleLength   = "The title must be %d–%d characters (it was %d)."
	msgNoteContentLength = "The content must be %d–%d characters (it was %d)."
	msgNoteSaved         = "Saved your note **%s**."
	msgNoteTooLongToEdit = "**%s** is %d characters long, and a Discord form holds at most %d, so it can't be edited from Discord. Edit it in Valentina instead."
	msgNoteUpdated       = "Updated your note **%s**."
	msgNoteDeleted       = "Deleted your note **%s**."
)

// notesCommand defines /notes: private notes, always ephemeral, only the caller's own.
func notesCommand() Command {
	noteOpt := func(desc string) []*discordgo.ApplicationCommandOption {
		return []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: desc,
			Required: true, Autocomplete: true,
		}}
	}
	minPage := 1.0
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name: "notes", Description: "Your private notes", Contexts: guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List your notes, 10 a page",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Page number (1)", MinValue: &minPage,
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "view", Description: "Read one of your notes", Options: noteOpt("The note to read")},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "create", Description: "Write a new note"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "edit", Description: "Edit one of your notes", Options: noteOpt("The note to edit")},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete", Description: "Delete one of your notes", Options: noteOpt("The note to delete")},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/notes/list", h.listCommand(h.notesPage), bot.Ephemeral())
			m.Command("/notes/view", bot.HandlerFunc(h.notesView), bot.Ephemeral())
			m.Command("/notes/create", bot.HandlerFunc(h.notesCreate), bot.OpensModal(), bot.Ephemeral())
			m.Command("/notes/edit", bot.HandlerFunc(h.notesEdit), bot.OpensModal(), bot.Ephemeral())
			m.Command("/notes/delete", bot.HandlerFunc(h.notesDelete), bot.Ephemeral())
			for _, p := range []string{"/notes/view", "/notes/edit", "/notes/delete"} {
				m.Autocomplete(p, h.autocomplete(choiceSources{"note": h.noteChoices}))
			}
			m.Component(notesListPrefix, h.pageClick("/notes list", h.notesPage), bot.Updates())
			m.Component(noteDeletePrefix, bot.HandlerFunc(h.noteDeleteClick), bot.Updates())
			m.Component(noteCancelPrefix, keepClick("note"), bot.Updates())
			m.ModalSubmit(noteCreatePrefix, bot.HandlerFunc(h.noteCreateSubmit), bot.Ephemeral())
			m.ModalSubmit(noteEditPrefix, bot.HandlerFunc(h.noteEditSubmit), bot.Ephemeral())
		},
	}
}

// freshNote re-reads a note the caller owns, so what they see or edit is current.
func (h *Handlers) freshNote(ctx context.Context, in *bot.Interaction, c *Caller, input string) (*vclient.Note, *bot.Response) {
	own, resp := h.ownNote(ctx, in, c, input)
	if resp != nil {
		return nil, resp
	}
	n, err := h.as(c).Users(c.CompanyID()).GetNote(ctx, c.UserID, own.ID)
	if err != nil {
		h.Lookups.InvalidateNotes(ctx, c.CompanyID(), c.UserID)
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	return n, nil
}

// notesPage is one page of the caller's notes.
func (h *Handlers) notesPage(ctx context.Context, in *bot.Interaction, c *Caller, page int, kind bot.ResponseKind) *bot.Response {
	notes, err := h.Lookups.Notes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	pages := pageCount(len(notes))
	page = clampPage(page, pages)
	return &bot.Response{Kind: kind, Ephemeral: true, Message: bot.Message{
		Embeds:     []*discordgo.MessageEmbed{notesListEmbed(notes, page, pages)},
		Components: orEmpty(pagerRow(notesListPrefix, page, pages, c.DiscordID)),
	}}
}

// notesView shows a note, split across embeds and follow-up messages within Discord's limits.
func (h *Handlers) notesView(ctx context.Context, in *bot.Interaction) *bot.Response {
	_, n, resp := callerAnd(ctx, h, in, "note", h.freshNote)
	if resp != nil {
		return resp
	}
	msgs := noteMessages(n)
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: msgs[0], FollowUps: msgs[1:]}
}

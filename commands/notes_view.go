package commands

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// noteChunk is how much note content one message carries: one embed per message keeps every
// message under both the 4096-character description and the 6000-character total, with room
// for the title and the "part i of n" footer.
const noteChunk = 4000

// notesListEmbed is one page of the notes list: title and date of each note.
func notesListEmbed(notes []vclient.Note, page, pages int) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "Your notes", Color: colorInfo}
	if len(notes) == 0 {
		e.Description = "You have no notes yet. Write one with `/notes create`."
		return e
	}
	lo, hi := pageBounds(page, len(notes))
	var b strings.Builder
	for i, n := range notes[lo:hi] {
		fmt.Fprintf(&b, "**%d.** %s — %s\n", lo+i+1, truncate(oneLine(n.Title), 100), noteDate(n))
	}
	e.Description = b.String()
	e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d/%d · %s · open one with /notes view", page, pages, plural(len(notes), "note", "notes"))}
	return e
}

// noteDate is the note's last change as a date.
func noteDate(n vclient.Note) string {
	d := n.DateModified
	if d.IsZero() {
		d = n.DateCreated
	}
	if d.IsZero() {
		return "—"
	}
	return d.UTC().Format("2 Jan 2006")
}

// noteMessages renders a note as one or more messages, each a single embed within Discord's
// limits; the first is the reply, the rest are follow-ups.
func noteMessages(n *vclient.Note) []bot.Message {
	parts := splitText(n.Content, noteChunk)
	title := truncate(oneLine(n.Title), maxEmbedTitle)
	msgs := make([]bot.Message, 0, len(parts))
	for i, p := range parts {
		e := &discordgo.MessageEmbed{Description: p, Color: colorInfo}
		if i == 0 {
			e.Title = title
		}
		if len(parts) > 1 {
			e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Part %d of %d", i+1, len(parts))}
		} else {
			e.Footer = &discordgo.MessageEmbedFooter{Text: "Last changed " + noteDate(*n)}
		}
		msgs = append(msgs, bot.Message{Embeds: []*discordgo.MessageEmbed{e}})
	}
	return msgs
}

// splitText cuts s into pieces of at most n characters, preferring to cut at a line break,
// then at a space, in the second half of a piece. An empty s gives one "—" piece.
func splitText(s string, n int) []string {
	if strings.TrimSpace(s) == "" {
		return []string{"—"}
	}
	var out []string
	r := []rune(s)
	for len(r) > n {
		cut := lastBreak(r[:n], n/2)
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	if len(r) > 0 {
		out = append(out, string(r))
	}
	return out
}

// lastBreak is the index just after the last newline (else space) in r at or after from, or len(r).
func lastBreak(r []rune, from int) int {
	for _, sep := range []rune{'\n', ' '} {
		for i := len(r) - 1; i >= from; i-- {
			if r[i] == sep {
				return i + 1
			}
		}
	}
	return len(r)
}

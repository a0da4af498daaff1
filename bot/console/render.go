package console

import (
	"fmt"
	"io"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/noirbot/noirbot/bot"
)

// ephemeralMark tags messages only the acting user would see in Discord.
const ephemeralMark = "(only you can see this)"

// show prints a handler's response and remembers its messages for `click`
// and its modal for `submit`. messageID is the clicked message, if any.
func (c *REPL) show(resp *bot.Response, messageID string) {
	var out strings.Builder
	defer func() { fmt.Fprint(c.cfg.Out, c.mentions.Replace(out.String())) }()
	if resp == nil {
		fmt.Fprintln(&out, "(no response)")
		return
	}
	switch resp.Kind {
	case bot.ModalForm:
		c.modal = resp.Modal
		writeModal(&out, resp.Modal)
		return
	case bot.Choices:
		writeChoices(&out, resp.Choices)
		return
	case bot.UpdateMessage:
		if i := c.historyIndex(messageID); i >= 0 {
			c.history[i].Message = resp.Message
			fmt.Fprintln(&out, "(message updated)")
			c.writeMessage(&out, &resp.Message, c.history[i].Ephemeral)
			break
		}
		c.remember(resp.Message, resp.Ephemeral)
		c.writeMessage(&out, &resp.Message, resp.Ephemeral)
	default:
		c.remember(resp.Message, resp.Ephemeral)
		c.writeMessage(&out, &resp.Message, resp.Ephemeral)
	}
	for i := range resp.FollowUps {
		c.remember(resp.FollowUps[i], resp.Ephemeral)
		c.writeMessage(&out, &resp.FollowUps[i], resp.Ephemeral)
	}
}

func (c *REPL) historyIndex(id string) int {
	for i := range c.history {
		if id != "" && c.history[i].ID == id {
			return i
		}
	}
	return -1
}

func (c *REPL) remember(m bot.Message, ephemeral bool) {
	c.history = append(c.history, shownMessage{ID: c.ids.next(), Message: m, Ephemeral: ephemeral})
	if len(c.history) > maxHistory {
		c.history = c.history[len(c.history)-maxHistory:]
	}
}

// writeMessage renders a message: the ephemeral mark, the content, each embed
// behind a "| " bar, each attachment as [chart: name, N bytes] (saved when the
// console saves files), then the buttons as [Label].
func (c *REPL) writeMessage(w io.Writer, m *bot.Message, ephemeral bool) {
	if ephemeral {
		fmt.Fprintln(w, ephemeralMark)
	}
	if m.Content != "" {
		fmt.Fprintln(w, m.Content)
	}
	for _, e := range m.Embeds {
		var b strings.Builder
		writeEmbed(&b, e)
		fmt.Fprint(w, b.String())
	}
	for _, a := range m.Attachments {
		c.writeAttachment(w, a)
	}
	if bs := allButtons(m.Components); len(bs) > 0 {
		labels := make([]string, 0, len(bs))
		for _, b := range bs {
			l := "[" + buttonLabel(b) + "]"
			if b.Disabled {
				l += "(disabled)"
			}
			labels = append(labels, l)
		}
		fmt.Fprintln(w, strings.Join(labels, " "))
	}
	if m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && len(m.Attachments) == 0 {
		fmt.Fprintln(w, "(empty message)")
	}
}

// writeEmbed renders an embed as text lines behind a "| " bar: author, title,
// description, fields "Name: value", image, footer.
func writeEmbed(b *strings.Builder, e *discordgo.MessageEmbed) {
	if e == nil {
		return
	}
	line := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "```") {
				continue // a code block's fence: its lines are already laid out for a fixed-width font
			}
			b.WriteString(strings.TrimRight("| "+l, " ") + "\n")
		}
	}
	if e.Author != nil && e.Author.Name != "" {
		line(e.Author.Name)
	}
	if e.Title != "" {
		line("** " + e.Title + " **")
	}
	if d := strings.TrimRight(e.Description, "\n"); d != "" {
		line(d)
	}
	for _, f := range e.Fields {
		if f == nil {
			continue
		}
		if strings.Contains(f.Value, "\n") {
			line(f.Name + ":")
			line("  " + strings.ReplaceAll(f.Value, "\n", "\n  "))
			continue
		}
		line(f.Name + ": " + f.Value)
	}
	if e.Image != nil && e.Image.URL != "" {
		line("(image) " + e.Image.URL)
	}
	if e.Footer != nil && e.Footer.Text != "" {
		line("-- " + e.Footer.Text)
	}
}

// writeModal shows a form and how to answer it.
func writeModal(w io.Writer, m *bot.Modal) {
	if m == nil {
		fmt.Fprintln(w, "(empty form)")
		return
	}
	fmt.Fprintf(w, "[form] %s\n", m.Title)
	inputs := textInputs(m.Components)
	keys := make([]string, 0, len(inputs))
	for _, in := range inputs {
		var notes []string
		if in.Required {
			notes = append(notes, "required")
		}
		if in.MinLength > 0 || in.MaxLength > 0 {
			notes = append(notes, fmt.Sprintf("%d-%d characters", in.MinLength, in.MaxLength))
		}
		fmt.Fprintf(w, "  %s (%s) %s\n", in.CustomID, in.Label, strings.Join(notes, ", "))
		if in.Value != "" {
			fmt.Fprintf(w, "    now: %s\n", quote(in.Value))
		}
		keys = append(keys, in.CustomID+`:"…"`)
	}
	fmt.Fprintf(w, "answer with: submit %s\n", strings.Join(keys, " "))
}

func writeChoices(w io.Writer, choices []*discordgo.ApplicationCommandOptionChoice) {
	if len(choices) == 0 {
		fmt.Fprintln(w, "(no suggestions)")
		return
	}
	fmt.Fprintln(w, "suggestions (name = value sent):")
	for _, ch := range choices {
		fmt.Fprintf(w, "  %s = %v\n", ch.Name, ch.Value)
	}
}

// mentionReplacer shows Discord mentions of known users as @Name, as Discord does.
func mentionReplacer(users []User) *strings.Replacer {
	pairs := make([]string, 0, 4*len(users))
	for _, u := range users {
		if u.Name != "" {
			pairs = append(pairs, "<@"+u.DiscordID+">", "@"+u.Name, "<@!"+u.DiscordID+">", "@"+u.Name)
		}
	}
	return strings.NewReplacer(pairs...)
}

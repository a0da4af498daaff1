package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// helpCommand defines /help: read straight from the Registry, so it is always true.
func helpCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "help",
			Description: "How to use noirbot",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "A command to explain", Autocomplete: true},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/help", bot.HandlerFunc(h.help), bot.Ephemeral())
			m.Autocomplete("/help", bot.HandlerFunc(h.helpAutocomplete))
		},
	}
}

// help lists every command, or explains one.
func (h *Handlers) help(_ context.Context, in *bot.Interaction) *bot.Response {
	topic, _ := in.StringOption("topic")
	topic = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(topic)), "/")
	reg := Registry()
	if topic == "" {
		return helpResponse(helpOverview(reg))
	}
	for _, c := range reg {
		if c.Def.Name == topic {
			return helpResponse(helpTopic(c))
		}
	}
	return userError("There is no command `/%s`. Try `/help` for the list.", truncate(topic, 50))
}

// helpResponse is the private /help embed.
func helpResponse(e *discordgo.MessageEmbed) *bot.Response {
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: bot.Message{Embeds: []*discordgo.MessageEmbed{e}}, Outcome: outcomeOK}
}

// helpOverview is one line per command of the registry.
func helpOverview(reg []Command) *discordgo.MessageEmbed {
	var b strings.Builder
	for _, c := range reg {
		line := fmt.Sprintf("`/%s` — %s", c.Def.Name, c.Def.Description)
		if subs := subcommandNames(c.Def.Options); len(subs) > 0 {
			line += " (" + strings.Join(subs, ", ") + ")"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\nUse `/help topic:<command>` for a command's options.")
	return &discordgo.MessageEmbed{Title: "noirbot commands", Description: truncate(b.String(), maxEmbedDescription), Color: colorInfo}
}

// subcommandNames lists the subcommands (and groups) among a command's options.
func subcommandNames(opts []*discordgo.ApplicationCommandOption) []string {
	var out []string
	for _, o := range opts {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			out = append(out, o.Name)
		}
	}
	return out
}

// helpTopic explains one command: its subcommands and options with their constraints.
func helpTopic(c Command) *discordgo.MessageEmbed {
	var b strings.Builder
	b.WriteString(c.Def.Description + "\n")
	if !c.InDMs() {
		b.WriteString("Works in servers only.\n")
	}
	writeOptions(&b, "/"+c.Def.Name, c.Def.Options)
	return &discordgo.MessageEmbed{Title: "/" + c.Def.Name, Description: truncate(b.String(), maxEmbedDescription), Color: colorInfo}
}

// writeOptions explains options under path: each subcommand with its own, or the leaf options.
func writeOptions(b *strings.Builder, path string, opts []*discordgo.ApplicationCommandOption) {
	leaf := true
	for _, o := range opts {
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			leaf = false
			fmt.Fprintf(b, "\n**%s %s** — %s\n", path, o.Name, o.Description)
			writeOptions(b, path+" "+o.Name, o.Options)
		}
	}
	if !leaf {
		return
	}
	if len(opts) == 0 {
		b.WriteString("No options.\n")
	}
	for _, o := range opts {
		fmt.Fprintf(b, "• `%s` — %s%s\n", o.Name, o.Description, optionConstraints(o))
	}
}

// optionConstraints describes an option's type and limits, e.g. " (required, number 1–10)".
func optionConstraints(o *discordgo.ApplicationCommandOption) string {
	var parts []string
	if o.Required {
		parts = append(parts, "required")
	}
	switch o.Type {
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		switch {
		case o.MinValue != nil && o.MaxValue != 0:
			parts = append(parts, fmt.Sprintf("number %g–%g", *o.MinValue, o.MaxValue))
		case o.MinValue != nil:
			parts = append(parts, fmt.Sprintf("number ≥ %g", *o.MinValue))
		default:
			parts = append(parts, "number")
		}
	case discordgo.ApplicationCommandOptionBoolean:
		parts = append(parts, "true/false")
	case discordgo.ApplicationCommandOptionUser:
		parts = append(parts, "a member")
	case discordgo.ApplicationCommandOptionString:
		switch {
		case o.MinLength != nil && o.MaxLength != 0:
			parts = append(parts, fmt.Sprintf("%d–%d characters", *o.MinLength, o.MaxLength))
		case o.MaxLength != 0:
			parts = append(parts, fmt.Sprintf("up to %d characters", o.MaxLength))
		}
	}
	if len(o.Choices) > 0 {
		names := make([]string, 0, len(o.Choices))
		for _, c := range o.Choices {
			names = append(names, c.Name)
		}
		parts = append(parts, "one of "+strings.Join(names, ", "))
	}
	if o.Autocomplete {
		parts = append(parts, "suggestions as you type")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// helpAutocomplete offers command names.
func (h *Handlers) helpAutocomplete(_ context.Context, in *bot.Interaction) *bot.Response {
	_, value := in.Focused()
	reg := Registry()
	items := make([]choice, 0, len(reg))
	for _, c := range reg {
		items = append(items, choice{Name: c.Def.Name + " — " + c.Def.Description, Value: c.Def.Name})
	}
	return choices(strings.TrimPrefix(value, "/"), items)
}

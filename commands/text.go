package commands

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// Discord's message limits (characters).
const (
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxFieldName        = 256
	maxFieldValue       = 1024
	maxFields           = 25
	maxEmbedTotal       = 6000
	maxContent          = 2000
	maxChoices          = 25
	maxChoiceName       = 100
)

// truncate cuts s to at most n characters, ending with "…" when it was cut.
func truncate(s string, n int) string {
	if runeLen(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// fieldValue makes a non-empty embed field value within Discord's limit.
func fieldValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "—"
	}
	return truncate(s, maxFieldValue)
}

// field builds an embed field within Discord's limits.
func field(name, value string, inline bool) *discordgo.MessageEmbedField {
	return &discordgo.MessageEmbedField{Name: truncate(name, maxFieldName), Value: fieldValue(value), Inline: inline}
}

// hidden is the command's `hidden` option, or def when it was not given.
func hidden(in *bot.Interaction, def bool) bool {
	if v, ok := in.Bool("hidden"); ok {
		return v
	}
	return def
}

// hiddenOption decides the ephemeral flag of a command up front from its `hidden` option.
func hiddenOption(def bool) bot.RouteOption {
	return bot.EphemeralIf(func(in *bot.Interaction) bool { return hidden(in, def) })
}

// Embed colours by outcome.
const (
	colorCritical = 0x2ecc71
	colorSuccess  = 0x3498db
	colorFailure  = 0x95a5a6
	colorBotch    = 0xe74c3c
	colorNeutral  = 0x7f8c8d
	colorInfo     = 0x9b59b6
)

// runeLen is a string's length as Discord counts it (characters, not bytes).
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// oneLine flattens whitespace so a title cannot break a list line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// plural formats a count with its noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// nameOr is s, or def when s is empty.
func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// deref is the string s points to, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// capitalize upper-cases the first letter of an ASCII-initial message.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mention is a Discord user mention; bot output never pings (allowed mentions are empty).
func mention(discordID string) string { return fmt.Sprintf("<@%s>", discordID) }

// orEmpty keeps a nil component list from leaving old buttons on an updated message.
func orEmpty(c []discordgo.MessageComponent) []discordgo.MessageComponent {
	if c == nil {
		return []discordgo.MessageComponent{}
	}
	return c
}

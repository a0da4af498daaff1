package commands

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
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

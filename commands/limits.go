package commands

import (
	"strings"

	"github.com/bwmarrin/discordgo"
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

// Embed colours by outcome.
const (
	colorCritical = 0x2ecc71
	colorSuccess  = 0x3498db
	colorFailure  = 0x95a5a6
	colorBotch    = 0xe74c3c
	colorNeutral  = 0x7f8c8d
	colorInfo     = 0x9b59b6
)

package console

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
)

func TestConsoleWriteEmbed(t *testing.T) {
	var b strings.Builder
	writeEmbed(&b, &discordgo.MessageEmbed{
		Author: &discordgo.MessageEmbedAuthor{Name: "Sam"}, Title: "Stats", Description: "All players\n\n",
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Outcomes", Value: "```\nSuccess  2  ██ 100%\n```"}, nil, {Name: "Rolls", Value: "2"},
		},
		Image:  &discordgo.MessageEmbedImage{URL: "https://example.org/a.png"},
		Footer: &discordgo.MessageEmbedFooter{Text: "page 1/1"},
	})
	assert.Equal(t, `| Sam
| ** Stats **
| All players
| Outcomes:
|   Success  2  ██ 100%
| Rolls: 2
| (image) https://example.org/a.png
| -- page 1/1
`, b.String())
}

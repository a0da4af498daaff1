package bottest

import (
	"bytes"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// ChartPNG stands in for a drawn chart (1,208 bytes): the transport never looks inside.
var ChartPNG = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 300)...)

// ChartMessage is a message whose embed shows its attached chart, stats.png, as /stats answers.
func ChartMessage(content string) bot.Message {
	return bot.Message{
		Content:     content,
		Embeds:      []*discordgo.MessageEmbed{{Title: "Roll statistics", Image: &discordgo.MessageEmbedImage{URL: bot.AttachmentURL("stats.png")}}},
		Attachments: []bot.Attachment{{Name: "stats.png", ContentType: "image/png", Data: ChartPNG}},
	}
}

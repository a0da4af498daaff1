package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// linkCommand defines /link. (Placeholder until the command lands.)
func linkCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "link", Description: "Link a Discord member to a Valentina user"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

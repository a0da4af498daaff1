package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// helpCommand defines /help. (Placeholder until the command lands.)
func helpCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "help", Description: "How to use noirbot"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

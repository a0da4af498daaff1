package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// statsCommand defines /stats. (Placeholder until the command lands.)
func statsCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "stats", Description: "Roll statistics"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

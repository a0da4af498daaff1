package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// quickrollCommand defines /quickroll. (Placeholder until the command lands.)
func quickrollCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "quickroll", Description: "Roll one of your saved quickrolls"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

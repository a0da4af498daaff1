package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// quickrollsCommand defines /quickrolls. (Placeholder until the command lands.)
func quickrollsCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "quickrolls", Description: "Manage your saved quickrolls"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// characterCommand defines /character. (Placeholder until the command lands.)
func characterCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "character", Description: "Choose your default character"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

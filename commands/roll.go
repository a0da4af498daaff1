package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// rollCommand defines /roll. (Placeholder until the command lands.)
func rollCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "roll", Description: "Roll a pool of d10s"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

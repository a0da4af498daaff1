package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// whoamiCommand defines /whoami. (Placeholder until the command lands.)
func whoamiCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "whoami", Description: "Show who noirbot thinks you are"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

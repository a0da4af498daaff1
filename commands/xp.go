package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// xpCommand defines /xp. (Placeholder until the command lands.)
func xpCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "xp", Description: "Experience and cool points"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

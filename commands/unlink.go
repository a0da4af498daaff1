package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// unlinkCommand defines /unlink. (Placeholder until the command lands.)
func unlinkCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "unlink", Description: "Remove a member's link to Valentina"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

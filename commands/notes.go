package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// notesCommand defines /notes. (Placeholder until the command lands.)
func notesCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "notes", Description: "Your private notes"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

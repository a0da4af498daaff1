package commands

import (
	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// campaignCommand defines /campaign. (Placeholder until the command lands.)
func campaignCommand() Command {
	return Command{
		Def:   &discordgo.ApplicationCommand{Name: "campaign", Description: "Bind this channel to a campaign"},
		Mount: func(*bot.Mux, *Handlers) {},
	}
}

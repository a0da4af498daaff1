package commands

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// characterCommand defines /character: set (the caller's default character per campaign) and
// sheet (character_sheet.go).
func characterCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name: "character", Description: "Choose the character your rolls use, see a sheet", Contexts: guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "set",
				Description: "Make a character your default in its campaign",
				Options: []*discordgo.ApplicationCommandOption{{
					Type: discordgo.ApplicationCommandOptionString, Name: "character",
					Description: "One of your characters", Required: true, Autocomplete: true,
				}},
			}, characterSheetSubcommand()},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/character/set", bot.HandlerFunc(h.characterSet), bot.Ephemeral())
			m.Autocomplete("/character/set", h.autocomplete(choiceSources{"character": h.characterChoices}))
			h.mountCharacterSheet(m)
		},
	}
}

// characterSet remembers the caller's default character for that character's campaign.
func (h *Handlers) characterSet(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	ref, resp := h.characterOption(ctx, in, c)
	if resp != nil {
		return resp
	}
	if ref == nil {
		return userError("Choose a character with `character:`.")
	}
	if err := h.Store.SetDefaultCharacter(ctx, c.Guild.ID, c.DiscordID, ref.Campaign.ID, ref.ID); err != nil {
		h.logFor(in).ErrorContext(ctx, "save default character", "err", err)
		r := bot.Private("I couldn't save your default character (the bot's state is unavailable). Try again in a moment.")
		r.Outcome = outcomeUnavailable
		return r
	}
	return bot.Private("Your rolls in **%s** now use **%s** unless you pass `character:`.", ref.Campaign.Name, ref.Name)
}

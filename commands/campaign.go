package commands

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// campaignCommand defines /campaign: set binds a channel (and its threads) to a campaign; view,
// danger and desperation are in campaign_view.go. Every member sees it (players may view), so
// set, danger and desperation check the Valentina role themselves.
func campaignCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name: "campaign", Description: "Campaigns: view, bind channels, danger and desperation", Contexts: guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "set",
				Description: "Bind this channel and its threads to a campaign",
				Options: []*discordgo.ApplicationCommandOption{{
					Type: discordgo.ApplicationCommandOptionString, Name: "campaign",
					Description: "The campaign this channel plays", Required: true, Autocomplete: true,
				}},
			}, campaignViewSubcommand(), campaignLevelSubcommand(dangerLevel), campaignLevelSubcommand(desperationLevel)},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/campaign/set", bot.HandlerFunc(h.campaignSet), bot.Ephemeral())
			m.Autocomplete("/campaign/set", h.autocomplete(choiceSources{"campaign": h.campaignChoices}))
			h.mountCampaignView(m)
		},
	}
}

// campaignSet binds the channel to a campaign; storytellers and admins only, re-read first.
func (h *Handlers) campaignSet(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	if c, resp = h.freshCaller(ctx, in, c); resp != nil {
		return resp
	}
	if !c.IsStoryteller() {
		return denied("Only storytellers and admins can bind a channel to a campaign.")
	}
	input, _ := in.StringOption("campaign")
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	camp, resp := findCampaign(input, camps)
	if resp != nil {
		return resp
	}
	if err := h.Store.BindChannel(ctx, c.Guild.ID, in.ChannelID, camp.ID); err != nil {
		h.logFor(in).ErrorContext(ctx, "bind channel", "err", err)
		r := bot.Private("I couldn't save this channel's campaign (the bot's state is unavailable). Try again in a moment.")
		r.Outcome = outcomeUnavailable
		return r
	}
	return bot.Private("This channel and its threads now play **%s**.", camp.Name)
}

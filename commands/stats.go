package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// Bounds and default of `/stats top`.
const (
	minTopTraits     = 1
	maxTopTraits     = 10
	defaultTopTraits = 5
)

// statsCommand defines /stats.
func statsCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "stats",
			Description: "Roll statistics of a member, a character or a campaign",
			Contexts:    guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Whose rolls (default: you)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "character", Description: "A character's rolls", Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "campaign", Description: "A campaign's rolls, all players", Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "top", Description: "How many top traits (default 5)",
					MinValue: new(float64(minTopTraits)), MaxValue: maxTopTraits},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "hidden", Description: "Only you see the answer (default true)"},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "chart", Description: "Attach a chart of the outcomes and top traits (default true)"},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/stats", bot.HandlerFunc(h.stats), hiddenOption(true))
			m.Autocomplete("/stats", h.autocomplete(choiceSources{"character": h.characterChoices, "campaign": h.campaignChoices}))
		},
	}
}

// stats is /stats: a character's statistics, else a campaign's (all players), else a member's.
func (h *Handlers) stats(ctx context.Context, in *bot.Interaction) *bot.Response {
	top := int64(defaultTopTraits)
	if v, ok := in.IntOption("top"); ok {
		top = v
	}
	if top < minTopTraits || top > maxTopTraits {
		return userError("`top` must be between %d and %d (got %d).", minTopTraits, maxTopTraits, top)
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	subject, st, resp := h.statsFor(ctx, in, c, int(top))
	if resp != nil {
		return resp
	}
	h.nameTopTraits(ctx, c, st)
	answer := &bot.Response{Kind: bot.NewMessage, Ephemeral: hidden(in, true), Outcome: outcomeOK,
		Message: bot.Message{Embeds: []*discordgo.MessageEmbed{statsEmbed(subject, st)}}}
	if chart, ok := in.BoolOption("chart"); !ok || chart {
		h.attachStatsChart(in, &answer.Message, st)
	}
	return answer
}

// statsFor picks and fetches the statistics the options ask for, with the subject's label.
func (h *Handlers) statsFor(ctx context.Context, in *bot.Interaction, c *Caller, top int) (string, *vclient.RollStatistics, *bot.Response) {
	char, resp := h.characterOption(ctx, in, c)
	if resp != nil {
		return "", nil, resp
	}
	if char != nil {
		st, err := h.as(c).Characters(c.CompanyID(), char.Campaign.ID).GetStatistics(ctx, char.ID, top)
		if err != nil {
			return "", nil, h.failAsCaller(ctx, in, c, err)
		}
		return char.label(), st, nil
	}
	if v, ok := in.StringOption("campaign"); ok && strings.TrimSpace(v) != "" {
		camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
		if err != nil {
			return "", nil, h.failAsCaller(ctx, in, c, err)
		}
		camp, resp := findCampaign(v, camps)
		if resp != nil {
			return "", nil, resp
		}
		st, err := h.as(c).Campaigns(c.CompanyID()).GetStatistics(ctx, camp.ID, top)
		if err != nil {
			return "", nil, h.failAsCaller(ctx, in, c, err)
		}
		return camp.Name + " (all players)", st, nil
	}
	member, who := &c.Member, person{Name: c.Name, DiscordID: c.DiscordID}
	if u, ok := in.UserOption("member"); ok {
		if member, resp = h.member(ctx, in, c, "member"); resp != nil {
			return "", nil, resp
		}
		who = person{Name: member.Name, DiscordID: u.ID}
	}
	st, err := h.as(c).Users(c.CompanyID()).GetStatistics(ctx, member.UserID, top)
	if err != nil {
		return "", nil, h.failForMember(ctx, in, c, who, member.UserID, err)
	}
	return nameOr(who.Name, "member"), st, nil
}

// nameTopTraits fills in top traits the API left unnamed from the (cached) blueprint traits.
func (h *Handlers) nameTopTraits(ctx context.Context, c *Caller, st *vclient.RollStatistics) {
	for i := range st.TopTraits {
		t := &st.TopTraits[i]
		if strings.TrimSpace(t.Name) != "" || t.TraitID == "" {
			continue
		}
		if name, err := h.Lookups.TraitName(ctx, c.CompanyID(), t.TraitID, c.Viewer()); err == nil {
			t.Name = name
		}
	}
}

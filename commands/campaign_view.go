package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// maxCampaignLevel is the top of the danger and desperation scales (contract v2 §3.8).
const maxCampaignLevel = 5

// campaignLevel is one of a campaign's two 0–5 tracks.
type campaignLevel struct {
	sub, word, emoji string
	set              func(u *vclient.CampaignUpdate, level int)
	get              func(c *vclient.Campaign) int
}

var (
	dangerLevel = campaignLevel{sub: "danger", word: "Danger", emoji: "⚠️",
		set: func(u *vclient.CampaignUpdate, l int) { u.Danger = &l },
		get: func(c *vclient.Campaign) int { return c.Danger }}
	desperationLevel = campaignLevel{sub: "desperation", word: "Desperation", emoji: "🩸",
		set: func(u *vclient.CampaignUpdate, l int) { u.Desperation = &l },
		get: func(c *vclient.Campaign) int { return c.Desperation }}
)

// campaignViewSubcommand is /campaign view.
func campaignViewSubcommand() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "view",
		Description: "Show a campaign's danger, desperation, in-game date and characters",
		Options:     []*discordgo.ApplicationCommandOption{campaignOptionDef()},
	}
}

// campaignLevelSubcommand is /campaign danger or /campaign desperation.
func campaignLevelSubcommand(l campaignLevel) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: l.sub,
		Description: fmt.Sprintf("Set a campaign's %s (storytellers)", strings.ToLower(l.word)),
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "level", Description: "0 to 5",
				Required: true, MinValue: new(0.0), MaxValue: maxCampaignLevel},
			campaignOptionDef(),
		},
	}
}

// mountCampaignView adds the routes of /campaign view, danger and desperation.
func (h *Handlers) mountCampaignView(m *bot.Mux) {
	campaigns := h.autocomplete(choiceSources{"campaign": h.campaignChoices})
	m.Command("/campaign/view", bot.HandlerFunc(h.campaignView), bot.Ephemeral())
	m.Autocomplete("/campaign/view", campaigns)
	for _, l := range []campaignLevel{dangerLevel, desperationLevel} {
		m.Command("/campaign/"+l.sub, h.needsV2(h.campaignLevelHandler(l)))
		m.Autocomplete("/campaign/"+l.sub, campaigns)
	}
}

// campaignView shows a campaign privately. It works in both dialects: API v1 keeps no in-game
// date (shown as not set), and the characters are counted from the (cached) character list.
func (h *Handlers) campaignView(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	camp, resp := h.resolveCampaign(ctx, in, c)
	if resp != nil {
		return resp
	}
	chars, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, "", c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Outcome: outcomeOK,
		Message: bot.Message{Embeds: []*discordgo.MessageEmbed{campaignEmbed(camp, len(chars))}}}
}

// campaignEmbed is /campaign view's answer.
func campaignEmbed(camp *vclient.Campaign, characters int) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: truncate(camp.Name, maxEmbedTitle), Color: colorInfo, Fields: []*discordgo.MessageEmbedField{
		field("Danger", levelText(camp.Danger), true),
		field("Desperation", levelText(camp.Desperation), true),
		field("In-game date", nameOr(camp.InGameDate, "not set"), true),
		field("Characters", fmt.Sprint(characters), true),
	}}
	if d := strings.TrimSpace(camp.Description); d != "" {
		e.Description = truncate(d, 1000)
	}
	return e
}

// levelText is a 0–5 track as "2/5 ●●○○○".
func levelText(n int) string {
	return fmt.Sprintf("%d/%d %s", n, maxCampaignLevel, dots(n, maxCampaignLevel))
}

// campaignLevelHandler is /campaign danger or /campaign desperation: level is checked before
// anything, the caller is re-read and must be a storyteller or admin, then the campaign is
// patched, announced in one public line, audited, and the campaign cache dropped.
func (h *Handlers) campaignLevelHandler(l campaignLevel) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		level, ok := in.IntOption("level")
		if !ok || level < 0 || level > maxCampaignLevel {
			return userError("`level` must be between 0 and %d.", maxCampaignLevel)
		}
		c, resp := h.caller(ctx, in)
		if resp != nil {
			return resp
		}
		camp, resp := h.resolveCampaign(ctx, in, c)
		if resp != nil {
			return resp
		}
		if c, resp = h.freshCaller(ctx, in, c); resp != nil {
			return resp
		}
		if !c.IsStoryteller() {
			return denied("Only storytellers and admins can set a campaign's %s.", strings.ToLower(l.word))
		}
		upd := &vclient.CampaignUpdate{}
		l.set(upd, int(level))
		after, err := h.as(c).Campaigns(c.CompanyID()).Update(writeContext(ctx, in, "campaign-"+l.sub), camp.ID, upd)
		if err != nil {
			return h.failAsCaller(ctx, in, c, err)
		}
		h.Lookups.InvalidateCampaigns(ctx, c.CompanyID())
		line := fmt.Sprintf("%s %s in **%s** is now **%s**.", l.emoji, l.word, after.Name, levelText(l.get(after)))
		h.audit(ctx, c, &discordgo.MessageEmbed{Title: l.word + " set", Color: colorInfo, Description: line,
			Footer: &discordgo.MessageEmbedFooter{Text: "by " + c.Name}})
		return &bot.Response{Kind: bot.NewMessage, Outcome: outcomeOK, Message: bot.Message{Content: line}}
	})
}

package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

// whoamiCommand defines /whoami: who noirbot thinks the caller is, and what it would use here.
func whoamiCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "whoami",
			Description: "Show your linked Valentina user and the campaign and character used here",
			Contexts:    anywhere(),
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/whoami", bot.HandlerFunc(h.whoami), bot.Ephemeral())
		},
	}
}

// whoami never fails on resolution: what cannot be resolved is shown as "none" with the option
// to pass.
func (h *Handlers) whoami(ctx context.Context, in *bot.Interaction) *bot.Response {
	if !in.InGuild() {
		return h.whoamiDM(ctx, in)
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	e := &discordgo.MessageEmbed{Title: "Who am I?", Color: colorInfo}
	e.Fields = append(e.Fields, field("Valentina user", fmt.Sprintf("%s (%s)", c.Name, c.Role), false))
	camp, resp := h.resolveCampaign(ctx, in, c)
	if resp != nil {
		e.Fields = append(e.Fields,
			field("Campaign", "none — pass `campaign:` or `character:`", false),
			field("Character", "none — pass `character:`", false))
		return whoamiResponse(e)
	}
	e.Fields = append(e.Fields, field("Campaign", camp.Name, false))
	if char, resp := h.resolveCharacter(ctx, in, c, camp); resp == nil {
		e.Fields = append(e.Fields, field("Character", char.Name, false))
	} else {
		e.Fields = append(e.Fields, field("Character", "none — pass `character:` or use `/character set`", false))
	}
	return whoamiResponse(e)
}

// whoamiDM lists the caller's link in each configured company, from cache.
func (h *Handlers) whoamiDM(ctx context.Context, in *bot.Interaction) *bot.Response {
	var lines []string
	for _, g := range h.Guilds {
		m, err := h.Lookups.Identity(ctx, g.CompanyID, in.UserID())
		var viewer cache.Viewer
		if err == nil && m.Role.CanAct() {
			viewer = m.Viewer()
		}
		where := "Server " + g.ID
		if name := h.companyName(ctx, g.CompanyID, viewer); name != "" {
			where = fmt.Sprintf("%s (guild %s)", name, g.ID)
		}
		switch {
		case errors.Is(err, cache.ErrNotLinked):
			lines = append(lines, where+": not linked")
		case err != nil:
			h.logFor(in).WarnContext(ctx, "whoami identity", "guild", g.ID, "err", err, "request_id", requestID(err))
			lines = append(lines, where+": unknown right now (Valentina unavailable)")
		case m.Role == vclient.RoleUnapproved:
			lines = append(lines, where+": linked, waiting for an admin's approval")
		case m.Role == vclient.RoleDeactivated:
			lines = append(lines, where+": linked, account deactivated")
		default:
			lines = append(lines, fmt.Sprintf("%s: %s (%s)", where, m.Name, m.Role))
		}
	}
	if len(lines) == 0 {
		lines = append(lines, "noirbot has no servers configured.")
	}
	e := &discordgo.MessageEmbed{Title: "Who am I?", Color: colorInfo,
		Description: truncate(strings.Join(lines, "\n")+"\n\nAn admin links you with `/link` in a server.", maxEmbedDescription)}
	return whoamiResponse(e)
}

// companyName is the company's name (cached with its settings), read for v; "" when it cannot
// be read, so the caller falls back to the guild id.
func (h *Handlers) companyName(ctx context.Context, companyID string, v cache.Viewer) string {
	c, err := h.Lookups.Company(ctx, companyID, v)
	if err != nil {
		return ""
	}
	return c.Name
}

// whoamiResponse is the private /whoami embed.
func whoamiResponse(e *discordgo.MessageEmbed) *bot.Response {
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: bot.Message{Embeds: []*discordgo.MessageEmbed{e}}, Outcome: outcomeOK}
}

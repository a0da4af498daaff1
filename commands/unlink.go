package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// unlinkCommand defines /unlink (SPEC §4.3): removes a member's link.
func unlinkCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:                     "unlink",
			Description:              "Remove a Discord member's link to Valentina (admins)",
			Contexts:                 guildOnly(),
			DefaultMemberPermissions: managersOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "The Discord member to unlink", Required: true},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/unlink", bot.HandlerFunc(h.unlink), bot.Ephemeral())
		},
	}
}

// unlink clears the Discord id of every company user linked to the member.
func (h *Handlers) unlink(ctx context.Context, in *bot.Interaction) *bot.Response {
	member, resp := memberOption(in, "member")
	if resp != nil {
		return resp
	}
	c, users, resp := h.adminWithUsers(ctx, in)
	if resp != nil {
		return resp
	}
	linked := linkedTo(users, member.ID)
	if len(linked) == 0 {
		return userError("%s is not linked to a Valentina user in this company.", mention(member.ID))
	}
	var changes []string
	for i, u := range linked {
		op := "unlink"
		if i > 0 {
			op = "unlink-" + u.UserID
		}
		if resp := h.setDiscord(ctx, in, c, u.UserID, op, unlinkProfile()); resp != nil {
			h.auditLink(ctx, c, "Member unlinked", changes)
			return resp
		}
		changes = append(changes, fmt.Sprintf("Unlinked %s from %s", mention(member.ID), u.Name))
	}
	h.auditLink(ctx, c, "Member unlinked", changes)
	return bot.Private("%s.", strings.Join(changes, ".\n"))
}

package commands

import (
	"context"

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

// unlink removes the member's links in the company, the way the API's generation allows (see
// linker).
func (h *Handlers) unlink(ctx context.Context, in *bot.Interaction) *bot.Response {
	member, resp := memberOption(in, "member")
	if resp != nil {
		return resp
	}
	c, resp := h.admin(ctx, in, msgLinkAdminsOnly)
	if resp != nil {
		return resp
	}
	return h.linker().unlink(ctx, in, c, member)
}

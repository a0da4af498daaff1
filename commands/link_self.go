package commands

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
)

// What /link without a member answers (SPEC §11.5).
const (
	msgSelfLinkNeedsV2 = "Linking yourself needs Valentina API v2 (the bot runs with `valentina.api_version = \"v1\"`). " +
		"Ask an admin to link you with `/link member:`."
	msgSelfLinkOff = "Linking yourself is not set up on this bot: its operator must set `discord.client_secret` and " +
		"`discord.oauth_redirect_url` (README, \"Let players link themselves\"). Until then an admin can link you with `/link member:`."
	msgSelfLink = "Sign in with Discord to link your Discord account to Valentina. Valentina finds your user by your " +
		"Discord account or its verified e-mail; if you are new here, you are registered and an admin approves you. " +
		"The button works once, for you only, for 10 minutes."
	msgSelfLinkUnavailable = "I can't start a sign-in right now. Try again in a moment."
	labelSignIn            = "Sign in with Discord"
)

// selfLink answers /link without a member: a private "Sign in with Discord" button for the
// caller, in v2 and when the operator configured it. A caller whose Discord account is
// already Valentina's verified identity is told so instead.
func (h *Handlers) selfLink(ctx context.Context, in *bot.Interaction) *bot.Response {
	g, resp := h.guildOf(in)
	if resp != nil {
		return resp
	}
	if !h.verifiesIdentities() {
		return userError(msgSelfLinkNeedsV2)
	}
	if h.SignIn == nil {
		return userError(msgSelfLinkOff)
	}
	m, err := h.Lookups.Identity(ctx, g.CompanyID, in.UserID())
	switch {
	case err == nil && m.Link != cache.LinkAdmin:
		if resp := inactive(m.Role); resp != nil {
			return resp
		}
		return bot.Private("Your Discord account is already linked to **%s** (%s) in Valentina.", m.Name, m.Role)
	case err != nil && !errors.Is(err, cache.ErrNotLinked):
		// Not knowing the current link only costs a sign-in that changes nothing.
		h.logFor(in).WarnContext(ctx, "look up the caller before a sign-in", "err", err)
	}
	link, err := h.SignIn.AuthorizeURL(ctx, g.ID, g.CompanyID, in.UserID())
	if err != nil {
		h.logFor(in).ErrorContext(ctx, "start a sign-in with discord", "err", err)
		r := bot.Private(msgSelfLinkUnavailable)
		r.Outcome = outcomeUnavailable
		return r
	}
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Message: bot.Message{
		Content: msgSelfLink,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: labelSignIn, Style: discordgo.LinkButton, URL: link},
		}}},
	}}
}

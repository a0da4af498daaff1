package commands

import (
	"context"

	"github.com/noirbot/noirbot/bot"
)

// msgNeedsV2 answers a command the configured API (contract v1) cannot serve.
const msgNeedsV2 = "This command needs Valentina API v2; this bot speaks API v1. Ask the bot's operator to switch `api_version` to v2."

// needsV2 wraps a route whose API calls exist only in contract v2 (full sheet, trait value
// options and PUT, campaign PATCH): under v1 it answers privately before anything, so not
// even the caller's identity is read.
func (h *Handlers) needsV2(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		if !h.servesV2Endpoints() {
			return userError(msgNeedsV2)
		}
		return next.ServeInteraction(ctx, in)
	})
}

package main

import (
	"log/slog"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient"
)

// newLinker builds "Sign in with Discord" (SPEC §11.5) when discord.client_secret and
// discord.oauth_redirect_url are both set, else returns nil. hook is told about completed
// sign-ins (nil: nobody is yet).
func newLinker(cfg *config.Config, store *cache.Store, api *vclient.Client, hook oauth.Hook, log *slog.Logger) (*oauth.Linker, error) {
	d := cfg.Discord
	if !d.SelfLinking() {
		return nil, nil
	}
	return oauth.New(oauth.Options{
		ClientID:     d.ApplicationID,
		ClientSecret: d.ClientSecret,
		RedirectURL:  d.OAuthRedirectURL,
		DiscordAPI:   d.APIURL,
		States:       store,
		API:          api,
		Hook:         hook,
		Logger:       log,
		UserAgent:    bot.UserAgent(version),
	})
}

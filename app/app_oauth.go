package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/commands"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient"
)

// announceBudget bounds a sign-in's audit post, sent after its page (Discord's REST
// retries included).
const announceBudget = 15 * time.Second

// newLinker builds "Sign in with Discord" (SPEC §11.5) when discord.client_secret and
// discord.oauth_redirect_url are both set, else returns nil. hook is told about completed
// sign-ins.
func newLinker(cfg *config.Config, build string, store *cache.Store, api *vclient.Client, hook oauth.Hook, log *slog.Logger) (*oauth.Linker, error) {
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
		UserAgent:    bot.UserAgent(build),
	})
}

// signInHook is what the app does after a member signed in with Discord: their identity
// cache is dropped at once (one Redis call, so the member's next command, sent as soon as
// the page shows, sees the link), and the audit post goes out after the page, on a budget
// of its own rather than the callback's.
func (a *App) signInHook(deps *commands.Deps) oauth.Hook {
	return oauth.HookFunc(func(ctx context.Context, o oauth.Outcome) {
		s := commands.SignIn(o) // the same fields: adding one to either side will not compile until both agree
		deps.ForgetSignIn(ctx, s)
		a.announcing.Add(1)
		go func() {
			defer a.announcing.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceBudget)
			defer cancel()
			deps.AnnounceSignIn(ctx, s)
		}()
	})
}

// waitAnnouncements waits for the sign-in audit posts still being sent, until ctx ends.
func (a *App) waitAnnouncements(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		a.announcing.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		a.log.Warn("sign-in audit posts cut short by shutdown")
	}
}

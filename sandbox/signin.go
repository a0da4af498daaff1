package sandbox

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	"github.com/noirbot/noirbot/bot/bottest"
	"github.com/noirbot/noirbot/commands"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/oauth"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// The embedded sandbox's "Sign in with Discord" (SPEC §11.5): a local stand-in for
// Discord's OAuth2, which both the bot (code exchange, /users/@me) and the emulator's
// identify (token check) talk to, and the bot's real callback handler, which the console's
// `link` drives in-process: no browser, no public URL.
const (
	// NewcomerName and NewcomerID are a Discord account Valentina does not know: signing
	// in registers them, waiting for an admin's approval.
	NewcomerName = "Nora"
	NewcomerID   = "500"

	signInClientID = "700" // the console's application id
	signInSecret   = "sandbox-client-secret"
	// signInRedirect is never served: the console calls the callback handler itself.
	signInRedirect = "http://sandbox.invalid" + oauth.CallbackPath
)

// discordOAuth is the sandbox's stand-in for Discord's OAuth2, served on a local port.
type discordOAuth struct {
	provider *bottest.OAuthProvider
	server   *httptest.Server
}

// startDiscordOAuth serves a fake Discord OAuth2 that knows the sandbox's accounts.
func startDiscordOAuth() *discordOAuth {
	p := bottest.NewOAuthProvider()
	p.SetClient(signInClientID, signInSecret)
	for _, u := range []bottest.DiscordUser{
		{ID: "100", Username: "ada"}, {ID: "200", Username: "sam"}, {ID: "300", Username: "alice"}, {ID: "400", Username: "bob"},
		{ID: NewcomerID, Username: strings.ToLower(NewcomerName), Email: "nora@example.com", Verified: true},
	} {
		p.AddUser(u)
	}
	return &discordOAuth{provider: p, server: httptest.NewServer(p)}
}

// emulatorOption has the emulator's identify check tokens with this Discord.
func (d *discordOAuth) emulatorOption() vclienttest.Option {
	return vclienttest.WithDiscordAPI(d.server.URL)
}

// close stops the server.
func (d *discordOAuth) close() { d.server.Close() }

// linker is the bot's real "Sign in with Discord", talking to this Discord; a completed
// sign-in drops the member's identity cache and is announced in the audit channel, as in
// `noirbot run`.
func (s *Sandbox) linker(deps *commands.Deps) (*oauth.Linker, error) {
	return oauth.New(oauth.Options{
		ClientID: signInClientID, ClientSecret: config.Secret(signInSecret), RedirectURL: signInRedirect,
		DiscordAPI: s.discord.server.URL, States: s.Store, API: s.API, Logger: s.log,
		Hook: oauth.HookFunc(func(ctx context.Context, o oauth.Outcome) {
			in := commands.SignIn(o)
			deps.ForgetSignIn(ctx, in)
			deps.AnnounceSignIn(ctx, in) // the console prints it after the page
		}),
	})
}

// signIn plays the member's browser for the console's `link`: Discord's consent page for
// the account discordID, then the redirect to the callback, whose page it returns as text.
func (s *Sandbox) signIn(ctx context.Context, authorizeURL, discordID string) (string, error) {
	to, err := s.discord.provider.Grant(authorizeURL, discordID)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(to)
	if err != nil {
		return "", fmt.Errorf("redirect: %w", err)
	}
	rec := httptest.NewRecorder()
	s.signInHandler.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, u.RequestURI(), nil))
	return pageText(rec.Body.String()), nil
}

var pageBlock = regexp.MustCompile(`(?s)<(h1|p)[^>]*>(.*?)</(?:h1|p)>`)

// pageText is what a callback page says: its heading and paragraphs, one a line.
func pageText(page string) string {
	var lines []string
	for _, m := range pageBlock.FindAllStringSubmatch(page, -1) {
		line := html.UnescapeString(m[2])
		if m[1] == "h1" {
			line = "# " + line
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

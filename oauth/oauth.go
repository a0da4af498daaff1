// Package oauth is "Sign in with Discord", the self-service half of linking (SPEC §11.5):
// a member who runs /link without a member gets a button whose URL is Discord's OAuth2
// authorize page; Discord sends them back to GET /oauth/discord/callback, where the bot
// exchanges the code for the member's access token, checks that the token belongs to the
// member who clicked, and has Valentina verify it (POST …/auth/identify, contract v2), which
// matches, links or creates the member's Valentina user.
//
// The state in the authorize URL is a random single-use token kept in Redis for 10
// minutes; it binds the callback to the guild, the company and the Discord account that
// asked. The authorization code, the access token and the client secret are never stored,
// logged or shown; every callback answers a small self-contained HTML page within 10 s.
//
// A Linker is built once by the app:
//
//	linker, err := oauth.New(oauth.Options{ClientID: appID, ClientSecret: secret,
//		RedirectURL: redirect, DiscordAPI: apiURL, States: store, API: api, Hook: hook})
//	mux.Handle(oauth.CallbackPath, linker)               // beside POST /interactions
//	link, err := linker.AuthorizeURL(ctx, guildID, companyID, discordID) // for /link's button
package oauth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// CallbackPath is the path of the OAuth2 callback the app serves on its interactions
// listener; discord.oauth_redirect_url ends with it.
const CallbackPath = config.OAuthCallbackPath

// Scopes are the OAuth2 scopes the button asks for: identify (who the member is) and email
// (Valentina links an existing user by verified e-mail, and needs an address to register a
// newcomer).
const Scopes = "identify email"

// DefaultBudget bounds one callback from its arrival to its page, Discord and Valentina
// calls included, inside the 10 s every page must come within.
const DefaultBudget = 8 * time.Second

// authorizeEndpoint is Discord's authorize page, which the member's browser opens; unlike
// the token endpoint it never goes through discord.api_url (a REST proxy).
const authorizeEndpoint = "https://discord.com/oauth2/authorize"

// defaultUserAgent is the User-Agent Discord requires of bots when Options leaves it out.
const defaultUserAgent = "DiscordBot (https://github.com/noirbot/noirbot, dev)"

// States keeps single-use state tokens; *cache.Store implements it.
type States interface {
	// PutOAuthState stores a new token for 10 minutes.
	PutOAuthState(ctx context.Context, state string, st cache.OAuthState) error
	// TakeOAuthState reads and deletes a token at once; found is false for an unknown,
	// used or expired one.
	TakeOAuthState(ctx context.Context, state string) (st cache.OAuthState, found bool, err error)
}

// Identifier verifies a provider token with Valentina; *vclient.Client (contract v2)
// implements it.
type Identifier interface {
	Identify(ctx context.Context, companyID string, req *vclient.IdentifyRequest) (*vclient.IdentifyResult, error)
}

// Outcome is what a completed sign-in did: the member of GuildID with Discord account
// DiscordID is now User of CompanyID, matched, linked or created (UNAPPROVED).
type Outcome struct {
	GuildID, CompanyID, DiscordID string
	Resolution                    vclient.IdentifyResolution
	User                          vclient.User
}

// Hook is told about every completed sign-in, before its page is written, so the bot can
// drop the member's identity cache and post to the audit channel. ctx carries the
// callback's deadline: the page waits for SignedIn, so slow work (an audit post) belongs
// in the background. The sign-in has happened whatever the hook does.
type Hook interface {
	SignedIn(ctx context.Context, o Outcome)
}

// HookFunc adapts a function to Hook.
type HookFunc func(ctx context.Context, o Outcome)

// SignedIn calls f.
func (f HookFunc) SignedIn(ctx context.Context, o Outcome) { f(ctx, o) }

// Options configures a Linker. ClientID, ClientSecret, RedirectURL, States and API are
// required.
type Options struct {
	// ClientID is the application id, which is the OAuth2 client id.
	ClientID string
	// ClientSecret is the application's OAuth2 client secret (discord.client_secret).
	ClientSecret config.Secret
	// RedirectURL is the public URL of CallbackPath (discord.oauth_redirect_url), exactly
	// as registered in the Developer Portal.
	RedirectURL string
	// DiscordAPI is discord.api_url: the token exchange and /users/@me go to its scheme and
	// host ("" = https://discord.com).
	DiscordAPI string
	States     States
	API        Identifier
	// Hook is told about completed sign-ins (nil: nobody is).
	Hook   Hook
	Logger *slog.Logger
	// HTTPClient makes the Discord calls (default: a client of its own; deadlines come
	// from the callback's budget).
	HTTPClient *http.Client
	// UserAgent is sent to Discord (default "DiscordBot (https://github.com/noirbot/noirbot, dev)").
	UserAgent string
	// Budget bounds one callback, arrival to page (default DefaultBudget).
	Budget time.Duration
}

// Linker builds "Sign in with Discord" links and serves their callback (it is the
// http.Handler of CallbackPath). It is safe for concurrent use.
type Linker struct {
	opts     Options
	log      *slog.Logger
	tokenURL string // {api}/api/v10/oauth2/token
	meURL    string // {api}/api/v10/users/@me
}

// New checks opts and returns a Linker.
func New(opts Options) (*Linker, error) {
	var missing []string
	for _, o := range []struct {
		name string
		ok   bool
	}{{"ClientID", opts.ClientID != ""}, {"ClientSecret", opts.ClientSecret.IsSet()},
		{"RedirectURL", opts.RedirectURL != ""}, {"States", opts.States != nil}, {"API", opts.API != nil}} {
		if !o.ok {
			missing = append(missing, o.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("oauth: missing options %v", missing)
	}
	api, err := discordBase(opts.DiscordAPI)
	if err != nil {
		return nil, err
	}
	if opts.Hook == nil {
		opts.Hook = HookFunc(func(context.Context, Outcome) {})
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if opts.UserAgent == "" {
		opts.UserAgent = defaultUserAgent
	}
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	return &Linker{opts: opts, log: opts.Logger,
		tokenURL: api + "/api/v10/oauth2/token", meURL: api + "/api/v10/users/@me"}, nil
}

// discordBase is the scheme and host of discord.api_url, as for every Discord REST call.
func discordBase(apiURL string) (string, error) {
	if apiURL == "" {
		return "https://discord.com", nil
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", errors.New("oauth: DiscordAPI must be an absolute URL")
	}
	return u.Scheme + "://" + u.Host, nil
}

// AuthorizeURL returns the URL of a "Sign in with Discord" button for the member with
// Discord account discordID in the guild, whose Valentina company is companyID: Discord's
// authorize page with a fresh state that is good for one callback, for that member, for
// 10 minutes. An error means the state could not be stored (Redis unavailable).
func (l *Linker) AuthorizeURL(ctx context.Context, guildID, companyID, discordID string) (string, error) {
	if guildID == "" || companyID == "" || discordID == "" {
		return "", errors.New("oauth: authorize URL needs a guild, a company and a Discord id")
	}
	state := rand.Text()
	st := cache.OAuthState{GuildID: guildID, CompanyID: companyID, DiscordID: discordID}
	if err := l.opts.States.PutOAuthState(ctx, state, st); err != nil {
		return "", fmt.Errorf("oauth: %w", err)
	}
	q := url.Values{
		"client_id":     {l.opts.ClientID},
		"response_type": {"code"},
		"redirect_uri":  {l.opts.RedirectURL},
		"scope":         {Scopes},
		"state":         {state},
	}
	return authorizeEndpoint + "?" + q.Encode(), nil
}

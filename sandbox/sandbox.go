// Package sandbox wires noirbot's real command handlers for the console (SPEC
// §8): by default against the in-memory Valentina emulator seeded with the demo
// company and an embedded Redis, so the bot can be tried without Discord or an
// API key; with a configuration, against the configured API and Redis.
//
// The embedded emulator speaks contract v2 (the hosted API's) unless Options.APIVersion
// says v1; the demo data is the same in both (UUID ids in v2).
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/bot/console"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/commands"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Where the embedded sandbox's interactions come from, and where its audit posts go.
const (
	GuildID        = "900"
	ChannelID      = "800"
	AuditChannelID = "801"
	// DefaultUser is who the embedded sandbox acts as at first (SPEC §8).
	DefaultUser = "Alice"
)

// Options configures Start.
type Options struct {
	// Config selects the configured Redis and guilds; nil runs the embedded
	// emulator with the demo data and an embedded Redis.
	Config *config.Config
	// API is the client of the configured API, required with Config: the caller
	// builds it from Config's [valentina] section (dialect included), so the
	// console speaks the same API as `noirbot run`.
	API *vclient.Client
	// Store is the configured Redis, required with Config: the caller opens it from
	// Config's [redis] section (app.OpenCache), and Close closes it.
	Store *cache.Store
	// APIVersion is the dialect of the embedded emulator and its client
	// ("" = v2); ignored with Config.
	APIVersion vclienttest.APIVersion
	// GuildID is the guild to act in with a Config ("" = its only [[guilds]] block).
	GuildID string
	// Logger receives warnings and handler logs; nil discards them.
	Logger *slog.Logger
}

// Sandbox is the bot's command handlers with everything they need, ready for a console.
type Sandbox struct {
	// Emulator and Data are the embedded API and its demo ids (nil with a Config).
	Emulator *vclienttest.Emulator
	Data     *vclienttest.Demo
	API      *vclient.Client
	Store    *cache.Store
	// Handler is the mux with every command mounted.
	Handler *bot.Mux
	// GuildID is the guild the console's interactions come from.
	GuildID string
	// Users are the people the console knows by name (as, @mentions).
	Users []console.User

	server *vclienttest.Server
	audit  *auditSink
	log    *slog.Logger
	// discord and signInHandler are the embedded sandbox's Sign in with Discord (v2; nil
	// otherwise), which the console's `link` completes.
	discord       *discordOAuth
	signInHandler http.Handler
}

// Start builds a sandbox. With opts.Config it connects to the configured API
// and Redis, and loads the guild's company users so they can be named.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Sandbox{log: log, audit: &auditSink{log: log}}
	var guilds []config.Guild
	var err error
	if opts.Config == nil {
		guilds, err = s.startEmbedded(ctx, opts.APIVersion)
	} else {
		guilds, err = s.startConfigured(ctx, opts)
	}
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	deps := &commands.Deps{
		API: s.API, Lookups: cache.NewLookups(s.Store, s.API), Store: s.Store,
		Guilds: guilds, Auditor: s.audit, Logger: log,
	}
	if s.discord != nil {
		linker, err := s.linker(deps)
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("sandbox sign in with discord: %w", err)
		}
		deps.SignIn, s.signInHandler = linker, linker
	}
	s.Handler = bot.NewMux()
	commands.Mount(s.Handler, deps)
	if opts.Config != nil {
		s.Users = companyUsers(ctx, deps.Lookups, guilds, s.GuildID, log)
	}
	return s, nil
}

func (s *Sandbox) startEmbedded(ctx context.Context, version vclienttest.APIVersion) ([]config.Guild, error) {
	if version == "" {
		version = vclienttest.V2
	}
	emuOpts := []vclienttest.Option{vclienttest.WithAPIVersion(version)}
	if version == vclienttest.V2 {
		s.discord = startDiscordOAuth()
		emuOpts = append(emuOpts, s.discord.emulatorOption())
	}
	s.server = vclienttest.Start(emuOpts...)
	s.Emulator = s.server.Emulator
	s.Data = vclienttest.SeedDemo(s.Emulator)
	api, err := vclient.New(s.server.URL, vclienttest.DefaultAPIKey, vclient.WithLogger(s.log),
		vclient.WithAPIVersion(vclient.APIVersion(version)))
	if err != nil {
		return nil, fmt.Errorf("sandbox api client: %w", err)
	}
	s.API = api
	// Everything in the sandbox is in memory by design: the cache's warning that
	// the embedded Redis is not persistent would only be noise here.
	if s.Store, err = cache.Open(ctx, cache.Options{Logger: slog.New(slog.DiscardHandler)}); err != nil {
		return nil, fmt.Errorf("sandbox redis: %w", err)
	}
	s.GuildID = GuildID
	s.Users = []console.User{
		{Name: "Ada", DiscordID: "100"}, {Name: "Sam", DiscordID: "200"},
		{Name: "Alice", DiscordID: "300"}, {Name: "Bob", DiscordID: "400"},
		{Name: NewcomerName, DiscordID: NewcomerID},
	}
	g := config.DefaultGuild()
	g.ID, g.CompanyID, g.AuditChannelID = GuildID, s.Data.CompanyID, AuditChannelID
	g.DefaultCampaignID = ""
	g.XPPolicy, g.MaxXPPerCommand = config.XPPolicyStoryteller, 100
	return []config.Guild{g}, nil
}

func (s *Sandbox) startConfigured(ctx context.Context, opts Options) ([]config.Guild, error) {
	cfg, guildID := opts.Config, opts.GuildID
	g, err := pickGuild(cfg, guildID)
	if err != nil {
		return nil, err
	}
	s.GuildID = g.ID
	if opts.API == nil {
		return nil, errors.New("sandbox: a configured sandbox needs Options.API, the client of its API")
	}
	if opts.Store == nil {
		return nil, errors.New("sandbox: a configured sandbox needs Options.Store, its Redis")
	}
	s.API, s.Store = opts.API, opts.Store
	return cfg.Guilds, nil
}

// pickGuild is the [[guilds]] block to act in: the one named, or the only one.
func pickGuild(cfg *config.Config, id string) (*config.Guild, error) {
	if id != "" {
		g, ok := cfg.Guild(id)
		if !ok {
			return nil, fmt.Errorf("guild %s has no [[guilds]] block in the config", id)
		}
		return g, nil
	}
	switch len(cfg.Guilds) {
	case 0:
		return nil, errors.New("the config has no [[guilds]] block to act in")
	case 1:
		return &cfg.Guilds[0], nil
	}
	return nil, errors.New("the config has several [[guilds]] blocks: choose one with -guild")
}

// companyUsers are the linked users of the guild's company, so the console can
// name them; when they cannot be read, users are given by Discord id only.
func companyUsers(ctx context.Context, l *cache.Lookups, guilds []config.Guild, guildID string, log *slog.Logger) []console.User {
	var companyID string
	for _, g := range guilds {
		if g.ID == guildID {
			companyID = g.CompanyID
		}
	}
	members, err := l.CompanyUsers(ctx, companyID, cache.Viewer{}) // the console names nobody yet
	if err != nil {
		log.Warn("cannot list the company's users; give users by Discord id", "error", err)
		return nil
	}
	var users []console.User
	for _, m := range members {
		if m.DiscordID != "" {
			users = append(users, console.User{Name: m.Name, DiscordID: m.DiscordID})
		}
	}
	return users
}

// Console returns a console over the sandbox's handlers writing to out, acting
// as `as` (a name or Discord id; "" = Alice in the embedded sandbox). Audit
// posts are printed in its output.
func (s *Sandbox) Console(out io.Writer, as string, prompt bool) *console.REPL {
	if as == "" && s.Emulator != nil {
		as = DefaultUser
	}
	cfg := console.Config{
		Router: s.Handler, Commands: commands.Definitions(), GuildID: s.GuildID, ChannelID: ChannelID,
		Users: s.Users, As: as, Out: out, Prompt: prompt, Logger: s.log,
	}
	if s.signInHandler != nil {
		cfg.SignIn = s.signIn
	}
	c := console.New(cfg)
	s.audit.set(c)
	return c
}

// Close stops the embedded servers and closes the Redis connection.
func (s *Sandbox) Close() error {
	var err error
	if s.Store != nil {
		err = s.Store.Close()
	}
	if s.server != nil {
		s.server.Close()
	}
	if s.discord != nil {
		s.discord.close()
	}
	return err
}

// auditSink forwards audit posts to the current console (printed, never sent to
// Discord), or logs them while there is none.
type auditSink struct {
	mu  sync.Mutex
	to  bot.Auditor
	log *slog.Logger
}

func (a *auditSink) set(to bot.Auditor) {
	a.mu.Lock()
	a.to = to
	a.mu.Unlock()
}

// Audit implements bot.Auditor.
func (a *auditSink) Audit(ctx context.Context, channelID string, embed *discordgo.MessageEmbed) {
	a.mu.Lock()
	to := a.to
	a.mu.Unlock()
	if to == nil {
		a.log.Info("audit", "channel", channelID, "title", embed.Title)
		return
	}
	to.Audit(ctx, channelID, embed)
}

// AuditMessage implements bot.MessageAuditor: the console prints the message and keeps
// its buttons clickable.
func (a *auditSink) AuditMessage(ctx context.Context, channelID string, m *bot.Message) {
	a.mu.Lock()
	to := a.to
	a.mu.Unlock()
	ma, ok := to.(bot.MessageAuditor)
	if !ok {
		a.log.Info("audit", "channel", channelID)
		return
	}
	ma.AuditMessage(ctx, channelID, m)
}

// Package commands holds noirbot's slash commands: for each command its Discord definition, its
// handler, its autocomplete and its tests, one file per command. Handlers decide; the cache layer
// remembers; vclient asks the Valentina API.
package commands

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// Deps is everything the command handlers need, built once in main.
type Deps struct {
	API     *vclient.Client
	Lookups *cache.Lookups
	Store   *cache.Store
	Guilds  []config.Guild
	Auditor bot.Auditor // nil: no audit posts
	// SignIn makes "Sign in with Discord" links for /link without a member (SPEC §11.5);
	// nil unless discord.client_secret and discord.oauth_redirect_url are both set.
	SignIn SignInLinks
	Logger *slog.Logger
	Now    func() time.Time
}

// SignInLinks makes "Sign in with Discord" links; *oauth.Linker implements it.
type SignInLinks interface {
	// AuthorizeURL is the URL of a sign-in button good for one sign-in of the member with
	// Discord account discordID in the guild, whose company is companyID, for 10 minutes.
	AuthorizeURL(ctx context.Context, guildID, companyID, discordID string) (string, error)
}

// now is the injected clock, or the wall clock.
func (d *Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// log is the injected logger, or slog's default.
func (d *Deps) log() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.Default()
}

// logFor is the logger of one interaction: every line carries its id under "interaction_id",
// the key the engine logs it under, so one search finds everything about an interaction.
func (d *Deps) logFor(in *bot.Interaction) *slog.Logger {
	return d.log().With("interaction_id", in.ID)
}

// guild returns the configuration block of a Discord guild.
func (d *Deps) guild(id string) (*config.Guild, bool) {
	for i := range d.Guilds {
		if d.Guilds[i].ID == id {
			return &d.Guilds[i], true
		}
	}
	return nil, false
}

// Command is one top-level slash command: its definition and how it mounts its routes.
type Command struct {
	// Def is what `noirbot register` sends to Discord and what /help reads.
	Def *discordgo.ApplicationCommand
	// Mount adds the command's routes (command, subcommands, autocomplete, components, modals).
	Mount func(m *bot.Mux, h *Handlers)
}

// InDMs reports whether the command also works outside a server (/help, /whoami): its
// definition offers it in bot DMs.
func (c Command) InDMs() bool {
	if c.Def.Contexts == nil {
		return false
	}
	return slices.Contains(*c.Def.Contexts, discordgo.InteractionContextBotDM)
}

// Handlers carries the dependencies into every command handler.
type Handlers struct {
	*Deps
}

// Registry lists every command noirbot offers, in the order /help shows them.
func Registry() []Command {
	return []Command{
		quickrollCommand(),
		rollCommand(),
		rollsCommand(),
		quickrollsCommand(),
		xpCommand(),
		statsCommand(),
		notesCommand(),
		characterCommand(),
		campaignCommand(),
		linkCommand(),
		unlinkCommand(),
		usersCommand(),
		whoamiCommand(),
		helpCommand(),
	}
}

// Definitions returns the application command definitions of the whole registry.
func Definitions() []*discordgo.ApplicationCommand {
	reg := Registry()
	defs := make([]*discordgo.ApplicationCommand, 0, len(reg))
	for _, c := range reg {
		defs = append(defs, c.Def)
	}
	return defs
}

// Mount registers every command's routes on the mux.
func Mount(m *bot.Mux, d *Deps) {
	h := &Handlers{Deps: d}
	for _, c := range Registry() {
		c.Mount(m, h)
	}
}

// async runs f in its own goroutine and returns a channel closed when f is done. A panic in f is
// logged and swallowed: the engine's recovery covers only the handler's own goroutine.
func (h *Handlers) async(ctx context.Context, in *bot.Interaction, f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				h.logFor(in).ErrorContext(ctx, "panic in a concurrent lookup", "panic", r, "stack", string(debug.Stack()))
			}
		}()
		f()
	}()
	return done
}

// audit posts to the guild's audit channel (SPEC §4.6), if it has one. The Auditor logs a
// failed post; an audit never fails the command.
func (h *Handlers) audit(ctx context.Context, c *Caller, e *discordgo.MessageEmbed) {
	if h.Auditor == nil || c.Guild.AuditChannelID == "" {
		return
	}
	h.Auditor.Audit(ctx, c.Guild.AuditChannelID, e)
}

// auditBy posts e to the audit channel signed by the caller: a "By" field naming them, and
// the time.
func (h *Handlers) auditBy(ctx context.Context, c *Caller, e *discordgo.MessageEmbed) {
	e.Fields = append(e.Fields, field("By", fmt.Sprintf("%s (%s)", mention(c.DiscordID), c.Name), false))
	e.Timestamp = auditTime(h.now())
	h.audit(ctx, c, e)
}

// auditTime is an audit embed's timestamp.
func auditTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

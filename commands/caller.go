package commands

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// Caller is the Valentina user behind an interaction in a configured guild.
type Caller struct {
	Guild     *config.Guild
	DiscordID string
	cache.Member
}

// CompanyID is the Valentina company of the caller's guild.
func (c *Caller) CompanyID() string { return c.Guild.CompanyID }

// IsStoryteller reports whether the caller's Valentina role is STORYTELLER or ADMIN.
func (c *Caller) IsStoryteller() bool {
	return c.Role == vclient.RoleStoryteller || c.Role == vclient.RoleAdmin
}

// IsAdmin reports whether the caller's Valentina role is ADMIN.
func (c *Caller) IsAdmin() bool { return c.Role == vclient.RoleAdmin }

// as is the API acting for the caller: every call made for a person names them.
func (h *Handlers) as(c *Caller) *vclient.Client { return h.API.OnBehalfOf(c.UserID) }

const (
	msgNeedsServer  = "This command only works in a server."
	msgNotLinked    = "Your Discord account is not linked to a Valentina user in this server's company. Ask an admin to link you with `/link`."
	msgLinkChanged  = "Your link to Valentina changed. Try again."
	msgUnapproved   = "Your Valentina account is waiting for an admin's approval."
	msgDeactivated  = "Your Valentina account is deactivated."
	msgStateMissing = "I can't read the bot's state right now. Try again in a moment."
)

// inactive is the answer to a caller whose role cannot act (v2's UNAPPROVED and
// DEACTIVATED: the API refuses almost every call on their behalf), or nil.
func inactive(role vclient.Role) *bot.Response {
	switch role {
	case vclient.RoleUnapproved:
		return denied(msgUnapproved)
	case vclient.RoleDeactivated:
		return denied(msgDeactivated)
	}
	return nil
}

// guildOf returns the configuration of the interaction's guild, or the message to answer with.
func (h *Handlers) guildOf(in *bot.Interaction) (*config.Guild, *bot.Response) {
	if !in.InGuild() {
		return nil, userError(msgNeedsServer)
	}
	g, ok := h.guild(in.GuildID)
	if !ok {
		return nil, userError("This server (%s) is not configured for noirbot. Ask the bot's operator to add a `[[guilds]]` block with `id = \"%s\"`.", in.GuildID, in.GuildID)
	}
	return g, nil
}

// caller resolves the guild and the caller's linked Valentina user. A non-nil response ends the
// command with that answer.
func (h *Handlers) caller(ctx context.Context, in *bot.Interaction) (*Caller, *bot.Response) {
	g, resp := h.guildOf(in)
	if resp != nil {
		return nil, resp
	}
	m, err := h.Lookups.Identity(ctx, g.CompanyID, in.UserID())
	if errors.Is(err, cache.ErrNotLinked) {
		return nil, userError(msgNotLinked)
	}
	if err != nil {
		return nil, h.fail(ctx, in, err)
	}
	if resp := inactive(m.Role); resp != nil {
		return nil, resp // nothing is sent on their behalf
	}
	return &Caller{Guild: g, DiscordID: in.UserID(), Member: *m}, nil
}

// freshCaller re-reads the caller's user (one GET on their behalf) before a role-gated write,
// so a demoted storyteller loses the power at once even while the identity entry is warm. The
// link must still hold: a verified identity (or v1 profile) must still carry the Discord id,
// an admin link must still be in state.
func (h *Handlers) freshCaller(ctx context.Context, in *bot.Interaction, c *Caller) (*Caller, *bot.Response) {
	u, err := h.as(c).Users(c.CompanyID()).Get(ctx, c.UserID)
	if errors.Is(err, vclient.ErrNotFound) {
		h.Lookups.DropIdentity(ctx, c.CompanyID(), c.DiscordID)
		return nil, userError(msgLinkChanged)
	}
	if err != nil {
		return nil, h.fail(ctx, in, err)
	}
	linked, err := h.stillLinked(ctx, c, u)
	if err != nil {
		return nil, h.stateUnavailable(ctx, in, "read admin link", err)
	}
	if !linked {
		h.Lookups.DropIdentity(ctx, c.CompanyID(), c.DiscordID)
		return nil, userError(msgLinkChanged)
	}
	if u.Role != c.Role || u.Username != c.Name {
		// The cached identity is stale: drop it so every other command sees the new role too.
		h.Lookups.DropIdentity(ctx, c.CompanyID(), c.DiscordID)
	}
	if resp := inactive(u.Role); resp != nil {
		return nil, resp
	}
	fresh := *c
	fresh.Role = u.Role
	fresh.Name = u.Username
	return &fresh, nil
}

// stillLinked reports whether the caller's link still holds for their freshly read user.
func (h *Handlers) stillLinked(ctx context.Context, c *Caller, u *vclient.User) (bool, error) {
	if c.Link != cache.LinkAdmin {
		return u.DiscordID() == c.DiscordID, nil
	}
	userID, err := h.Store.AdminLink(ctx, c.CompanyID(), c.DiscordID)
	return userID == c.UserID, err
}

// member resolves a user option (such as `member`) to that member's linked Valentina user.
// Bots and unlinked members are refused with a message naming them.
func (h *Handlers) member(ctx context.Context, in *bot.Interaction, c *Caller, option string) (*cache.Member, *bot.Response) {
	u, resp := memberOption(in, option)
	if resp != nil {
		return nil, resp
	}
	if u.ID == c.DiscordID {
		self := c.Member
		return &self, nil
	}
	m, err := h.Lookups.MemberFor(ctx, c.CompanyID(), u.ID, c.Viewer())
	if errors.Is(err, cache.ErrNotLinked) {
		return nil, userError("%s is not linked to a Valentina user in this company. An admin can link them with `/link`.", mention(u.ID))
	}
	if err != nil {
		return nil, h.fail(ctx, in, err)
	}
	return m, nil
}

// memberOption reads a user option such as `member`, refusing bots.
func memberOption(in *bot.Interaction, option string) (*discordgo.User, *bot.Response) {
	u, ok := in.UserOption(option)
	if !ok {
		return nil, userError("Choose a member with `%s:`.", option)
	}
	if u.Bot {
		return nil, userError("%s is a bot, not a player.", mention(u.ID))
	}
	return u, nil
}

// writeContext carries the interaction-derived idempotency key of one write, so a retried,
// duplicated or replayed interaction applies that write once.
func writeContext(ctx context.Context, in *bot.Interaction, op string) context.Context {
	return vclient.WithIdempotencyKey(ctx, in.IdempotencyKey(op))
}

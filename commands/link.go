package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

// linkCommand defines /link (SPEC §4.3): links a Discord member to a Valentina user.
func linkCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:                     "link",
			Description:              "Link a Discord member to a Valentina user (admins)",
			Contexts:                 guildOnly(),
			DefaultMemberPermissions: managersOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "The Discord member to link", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "user", Description: "The Valentina user", Required: true, Autocomplete: true},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/link", bot.HandlerFunc(h.link), bot.Ephemeral())
			m.Autocomplete("/link", h.autocomplete(choiceSources{"user": h.userChoices}))
		},
	}
}

// link sets the member's Discord profile on the Valentina user, first removing the member's
// link to any other user of the company.
func (h *Handlers) link(ctx context.Context, in *bot.Interaction) *bot.Response {
	member, resp := memberOption(in, "member")
	if resp != nil {
		return resp
	}
	input, _ := in.String("user")
	if strings.TrimSpace(input) == "" {
		return userError("Choose the Valentina user with `user:`.")
	}
	c, users, resp := h.adminWithUsers(ctx, in)
	if resp != nil {
		return resp
	}
	target, err := findByIDOrName("user", input, users,
		func(m cache.Member) string { return m.UserID },
		func(m cache.Member) string { return m.Name })
	if err != nil {
		return unresolved(err)
	}
	var changes []string
	for _, prev := range linkedTo(users, member.ID) {
		if prev.UserID == target.UserID {
			continue
		}
		if resp := h.setDiscord(ctx, in, c, prev.UserID, "unlink-"+prev.UserID, unlinkProfile()); resp != nil {
			h.auditLink(ctx, c, "Member unlinked", changes)
			return resp
		}
		changes = append(changes, fmt.Sprintf("Unlinked %s from %s", mention(member.ID), prev.Name))
	}
	profile := linkProfile(member)
	if resp := h.setDiscord(ctx, in, c, target.UserID, "link", profile); resp != nil {
		h.auditLink(ctx, c, "Member unlinked", changes) // what was already undone must still be told
		return resp
	}
	changes = append(changes, fmt.Sprintf("Linked %s to %s (%s)", mention(member.ID), target.Name, target.Role))
	if target.DiscordID != "" && target.DiscordID != member.ID {
		changes = append(changes, fmt.Sprintf("%s was linked to %s before", target.Name, mention(target.DiscordID)))
	}
	h.auditLink(ctx, c, "Member linked", changes)
	return bot.Private("%s.", strings.Join(changes, ".\n"))
}

// adminWithUsers resolves the caller, re-reads them (one GET) so a demoted admin is refused at
// once, and returns the company's users read fresh (one GET /users, 100 a page): a link made
// outside the bot must be seen before it is changed, so the cached user list serves only the
// autocomplete.
func (h *Handlers) adminWithUsers(ctx context.Context, in *bot.Interaction) (*Caller, []cache.Member, *bot.Response) {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return nil, nil, resp
	}
	if c, resp = h.freshCaller(ctx, in, c); resp != nil {
		return nil, nil, resp
	}
	if !c.IsAdmin() {
		return nil, nil, denied("Only a Valentina ADMIN can link or unlink members.")
	}
	users, err := h.as(c).Users(c.CompanyID()).ListAll(ctx, "")
	if err != nil {
		return nil, nil, h.failAsCaller(ctx, in, c, err)
	}
	members := make([]cache.Member, 0, len(users))
	for _, u := range users {
		members = append(members, cache.Member{UserID: u.ID, Name: u.Name, Role: u.Role, DiscordID: u.DiscordProfile.ID})
	}
	return c, members, nil
}

// linkedTo lists the users linked to a Discord id.
func linkedTo(users []cache.Member, discordID string) []cache.Member {
	return filter(users, func(m cache.Member) bool { return m.DiscordID == discordID })
}

// linkProfile is the Discord profile of a member: id, username and global name (null when the
// member has none, so a stale one is cleared).
func linkProfile(u *discordgo.User) *vclient.DiscordProfileUpdate {
	p := &vclient.DiscordProfileUpdate{ID: vclient.Value(u.ID), GlobalName: vclient.Null[string]()}
	if u.Username != "" {
		p.Username = vclient.Value(u.Username)
	}
	if u.GlobalName != "" {
		p.GlobalName = vclient.Value(u.GlobalName)
	}
	return p
}

// unlinkProfile clears a user's Discord id with an explicit JSON null (SPEC §4.3).
func unlinkProfile() *vclient.DiscordProfileUpdate {
	return &vclient.DiscordProfileUpdate{ID: vclient.Null[string]()}
}

// setDiscord PATCHes one user's Discord profile; the identity map is dropped either way, since a
// failed write may still have been applied.
func (h *Handlers) setDiscord(ctx context.Context, in *bot.Interaction, c *Caller, userID, op string, p *vclient.DiscordProfileUpdate) *bot.Response {
	_, err := h.as(c).Users(c.CompanyID()).Update(writeContext(ctx, in, op), userID,
		&vclient.UserUpdate{DiscordProfile: p})
	h.Lookups.InvalidateIdentity(ctx, c.CompanyID())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	return nil
}

// auditLink posts link changes to the audit channel (never an e-mail); no changes, no post.
func (h *Handlers) auditLink(ctx context.Context, c *Caller, title string, changes []string) {
	if len(changes) == 0 {
		return
	}
	h.audit(ctx, c, &discordgo.MessageEmbed{Title: title, Color: colorInfo,
		Description: truncate(strings.Join(changes, "\n"), maxEmbedDescription),
		Fields:      []*discordgo.MessageEmbedField{field("By", fmt.Sprintf("%s (%s)", mention(c.DiscordID), c.Name), false)},
		Timestamp:   h.now().UTC().Format("2006-01-02T15:04:05Z07:00")})
}

// userChoices is the `user` autocomplete: the company's users as "Name (ROLE)", to admins only.
func (h *Handlers) userChoices(ctx context.Context, _ *bot.Interaction, c *Caller, query string) *bot.Response {
	if !c.IsAdmin() {
		return noChoices()
	}
	users, err := h.Lookups.CompanyUsers(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return noChoices()
	}
	items := make([]choice, 0, len(users))
	for _, u := range users {
		items = append(items, choice{Name: fmt.Sprintf("%s (%s)", u.Name, u.Role), Value: u.UserID})
	}
	return choices(query, items)
}

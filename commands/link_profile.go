package commands

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

// profileLinks links members in contract v1 by writing the users' discord_profile (SPEC §4.3).
type profileLinks struct{ h *Handlers }

// link sets the member's Discord profile on the Valentina user, first removing the member's
// link to any other user of the company.
func (p profileLinks) link(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User, input string) *bot.Response {
	h := p.h
	users, resp := h.freshUsers(ctx, in, c)
	if resp != nil {
		return resp
	}
	target, resp := findUser(input, users)
	if resp != nil {
		return resp
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
	return h.linkChanged(ctx, c, "Member linked", changes)
}

// unlink clears the Discord id of every company user linked to the member.
func (p profileLinks) unlink(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User) *bot.Response {
	h := p.h
	users, resp := h.freshUsers(ctx, in, c)
	if resp != nil {
		return resp
	}
	linked := linkedTo(users, member.ID)
	if len(linked) == 0 {
		return notLinked(member)
	}
	var changes []string
	for i, u := range linked {
		op := "unlink"
		if i > 0 {
			op = "unlink-" + u.UserID
		}
		if resp := h.setDiscord(ctx, in, c, u.UserID, op, unlinkProfile()); resp != nil {
			h.auditLink(ctx, c, "Member unlinked", changes)
			return resp
		}
		changes = append(changes, fmt.Sprintf("Unlinked %s from %s", mention(member.ID), u.Name))
	}
	return h.linkChanged(ctx, c, "Member unlinked", changes)
}

// freshUsers returns the company's users read fresh (one GET /users, 100 a page): a link made
// outside the bot must be seen before it is changed, so the cached user list serves only the
// autocomplete.
func (h *Handlers) freshUsers(ctx context.Context, in *bot.Interaction, c *Caller) ([]cache.Member, *bot.Response) {
	users, err := h.as(c).Users(c.CompanyID()).ListAll(ctx, "")
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	members := make([]cache.Member, 0, len(users))
	for _, u := range users {
		members = append(members, cache.Member{UserID: u.ID, Name: u.Username, Role: u.Role, DiscordID: u.DiscordID()})
	}
	return members, nil
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

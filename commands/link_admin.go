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

// adminLinks links members in contract v2 (SPEC §11.3). The API keeps only verified Discord
// identities, so /link stores a bot-side admin link in state, used when a member has no
// verified identity in the company; /unlink removes it and unlinks a verified identity
// through DELETE …/identities/discord.
type adminLinks struct{ h *Handlers }

// link writes the member's admin link to the chosen user, unless the member's verified
// identity already names a user of the company: then nothing is written.
func (a adminLinks) link(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User, input string) *bot.Response {
	h := a.h
	users, err := h.Lookups.CompanyUsers(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	target, resp := findUser(input, users)
	if resp != nil {
		return resp
	}
	verified, resp := a.verified(ctx, in, c, member.ID)
	if resp != nil {
		return resp
	}
	switch {
	case len(verified) == 1 && verified[0].ID == target.UserID:
		return userError("%s is already linked to %s: it is how they sign in to Valentina.", mention(member.ID), target.Name)
	case len(verified) > 0:
		return userError("%s signs in to Valentina as %s, a verified link that `/link` cannot override. Nothing was changed.",
			mention(member.ID), nameOf(users, verified[0].ID))
	}
	prev, err := h.Store.SetAdminLink(ctx, c.CompanyID(), member.ID, target.UserID)
	h.Lookups.DropIdentity(ctx, c.CompanyID(), member.ID) // a failed write may still have been applied
	if err != nil {
		return h.stateUnavailable(ctx, in, "bot state", err)
	}
	if prev == target.UserID {
		return bot.Private("%s is already linked to %s.", mention(member.ID), target.Name)
	}
	changes := []string{fmt.Sprintf("Linked %s to %s (%s)", mention(member.ID), target.Name, target.Role)}
	if prev != "" {
		changes = append(changes, fmt.Sprintf("This replaces their earlier link to %s", nameOf(users, prev)))
	}
	return h.linkChanged(ctx, c, "Member linked", changes)
}

// unlink removes the member's admin link and their verified identity in the company, if any.
func (a adminLinks) unlink(ctx context.Context, in *bot.Interaction, c *Caller, member *discordgo.User) *bot.Response {
	h := a.h
	users, err := h.Lookups.CompanyUsers(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	verified, resp := a.verified(ctx, in, c, member.ID)
	if resp != nil {
		return resp
	}
	removed, err := h.Store.RemoveAdminLink(ctx, c.CompanyID(), member.ID)
	h.Lookups.DropIdentity(ctx, c.CompanyID(), member.ID)
	if err != nil {
		return h.stateUnavailable(ctx, in, "bot state", err)
	}
	var changes []string
	if removed != "" {
		changes = append(changes, fmt.Sprintf("Removed the link of %s to %s", mention(member.ID), nameOf(users, removed)))
	}
	for _, u := range verified {
		name := nameOf(users, u.ID)
		_, err := h.as(c).Users(c.CompanyID()).UnlinkIdentity(writeContext(ctx, in, "unlink-"+u.ID), u.ID, vclient.ProviderDiscord)
		h.Lookups.DropIdentity(ctx, c.CompanyID(), member.ID)
		apiErr, _ := asAPIError(err)
		switch {
		case err == nil:
			changes = append(changes, fmt.Sprintf("Unlinked the Discord identity of %s from %s", mention(member.ID), name))
		case apiErr != nil && apiErr.Code == "IDENTITY_NOT_LINKED":
			// Already gone: what the admin wanted.
		case apiErr != nil && apiErr.Code == "LAST_IDENTITY":
			h.auditLink(ctx, c, "Member unlinked", changes)
			refusal := fmt.Sprintf("I can't unlink %s from %s: it is the only way %s signs in to Valentina; nothing was changed",
				mention(member.ID), name, name)
			if len(changes) > 0 {
				refusal += " there"
			}
			return userError("%s.", strings.Join(append(changes, refusal), ".\n"))
		default:
			h.auditLink(ctx, c, "Member unlinked", changes)
			return h.failAsCaller(ctx, in, c, err)
		}
	}
	if len(changes) == 0 {
		return notLinked(member)
	}
	return h.linkChanged(ctx, c, "Member unlinked", changes)
}

// verified are the company's users whose verified Discord identity is the member's, read
// fresh (GET /users/lookup), never from the cache: a link must be seen before it is changed.
func (a adminLinks) verified(ctx context.Context, in *bot.Interaction, c *Caller, discordID string) ([]vclient.User, *bot.Response) {
	rows, err := a.h.as(c).Lookup(ctx, discordID)
	if err != nil {
		return nil, a.h.failAsCaller(ctx, in, c, err)
	}
	return filter(rows, func(u vclient.User) bool { return u.CompanyID == c.CompanyID() }), nil
}

// nameOf is the name of a user of the company, or "a user who has left" when they are not
// among users.
func nameOf(users []cache.Member, userID string) string {
	for _, u := range users {
		if u.UserID == userID {
			return u.Name
		}
	}
	return "a user who has left"
}

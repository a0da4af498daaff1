package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// approveClick approves a waiting user with the button's role (PLAYER or STORYTELLER), on
// behalf of the clicking admin, and updates the clicked message to say who did it.
func (h *Handlers) approveClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	userID, ok := parseUserButton(in.CustomID(), 3)
	role := vclient.Role(in.CustomID()[strings.LastIndexByte(in.CustomID(), ':')+1:])
	if !ok || (role != vclient.RolePlayer && role != vclient.RoleStoryteller) {
		return userError(msgBrokenUserBtn)
	}
	c, u, resp := h.review(ctx, in, userID)
	if resp != nil {
		return resp
	}
	approved, err := h.as(c).Users(c.CompanyID()).Approve(writeContext(ctx, in, "approve-"+userID), userID, role)
	h.forgetReviewed(ctx, c, u)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	done := fmt.Sprintf("Approved **%s** as %s", userLabel(u), approved.Role)
	h.auditReview(ctx, c, "User approved", u, done)
	return reviewed(in, c, "✅ "+done)
}

// denyClick denies a waiting user (Valentina archives them) on behalf of the clicking
// admin, and updates the clicked message to say who did it.
func (h *Handlers) denyClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	userID, ok := parseUserButton(in.CustomID(), 2)
	if !ok {
		return userError(msgBrokenUserBtn)
	}
	c, u, resp := h.review(ctx, in, userID)
	if resp != nil {
		return resp
	}
	err := h.as(c).Users(c.CompanyID()).Deny(writeContext(ctx, in, "deny-"+userID), userID)
	h.forgetReviewed(ctx, c, u)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	done := fmt.Sprintf("Denied **%s**: their Valentina account is archived", userLabel(u))
	h.auditReview(ctx, c, "User denied", u, done)
	return reviewed(in, c, "⛔ "+done)
}

// review checks a click on Approve or Deny before anything is written: the clicker must be
// an ADMIN, re-read now (a demoted admin is refused at once, and a non-admin is refused
// privately with nothing sent), and the user must still be waiting for approval.
func (h *Handlers) review(ctx context.Context, in *bot.Interaction, userID string) (*Caller, *vclient.User, *bot.Response) {
	if !h.verifiesIdentities() {
		return nil, nil, userError(msgApprovalsNeedV2)
	}
	c, resp := h.admin(ctx, in, msgAdminsOnly)
	if resp != nil {
		return nil, nil, resp
	}
	u, resp := h.pendingUser(ctx, in, c, userID)
	if resp != nil {
		return nil, nil, resp
	}
	return c, u, nil
}

// forgetReviewed drops what is cached about a reviewed user's link, so their next command
// sees their new role (or that they are gone); a failed write may still have been applied.
func (h *Handlers) forgetReviewed(ctx context.Context, c *Caller, u *vclient.User) {
	if id := u.DiscordID(); id != "" {
		h.Lookups.DropIdentity(ctx, c.CompanyID(), id)
		return
	}
	h.Lookups.InvalidateIdentity(ctx, c.CompanyID())
}

// reviewed is the clicked message (an audit post or a user's card) updated with the
// decision and who made it, its buttons gone.
func reviewed(in *bot.Interaction, c *Caller, done string) *bot.Response {
	var embeds []*discordgo.MessageEmbed
	if in.Message != nil {
		embeds = in.Message.Embeds
	}
	return &bot.Response{Kind: bot.UpdateMessage, Message: bot.Message{
		Content:    fmt.Sprintf("%s (by %s).", done, mention(c.DiscordID)),
		Embeds:     embeds,
		Components: []discordgo.MessageComponent{},
	}}
}

// auditReview posts an approval or denial to the audit channel (never an e-mail).
func (h *Handlers) auditReview(ctx context.Context, c *Caller, title string, u *vclient.User, done string) {
	desc := done + "."
	if id := u.DiscordID(); id != "" {
		desc += "\nDiscord: " + mention(id)
	}
	h.auditBy(ctx, c, &discordgo.MessageEmbed{Title: title, Color: colorInfo, Description: desc})
}

// SignIn is a completed "Sign in with Discord" (SPEC §11.5): the member of GuildID with
// Discord account DiscordID is now User of CompanyID, found by Resolution.
type SignIn struct {
	GuildID, CompanyID, DiscordID string
	Resolution                    vclient.IdentifyResolution
	User                          vclient.User
}

// ForgetSignIn drops what is cached about the member's link, so their next command sees
// the user they signed in as. It is quick (one Redis call) and belongs before the
// sign-in's page is written.
func (d *Deps) ForgetSignIn(ctx context.Context, s SignIn) {
	d.Lookups.DropIdentity(ctx, s.CompanyID, s.DiscordID)
}

// AnnounceSignIn posts a sign-in to the guild's audit channel: whom the member is now
// linked to, or, for a newcomer Valentina registered as UNAPPROVED, a post with the
// Approve and Deny buttons admins use (an Auditor that cannot post buttons gets the embed,
// which points to /users pending).
func (d *Deps) AnnounceSignIn(ctx context.Context, s SignIn) {
	g, ok := d.guild(s.GuildID)
	if !ok || d.Auditor == nil || g.AuditChannelID == "" {
		return
	}
	if s.Resolution == vclient.ResolutionCreated {
		m := pendingMessage(&s.User, "New member waiting for approval",
			fmt.Sprintf("%s signed in with Discord and Valentina registered them, waiting for an admin's approval (also in `/users pending`).", mention(s.DiscordID)))
		if ma, ok := d.Auditor.(bot.MessageAuditor); ok {
			ma.AuditMessage(ctx, g.AuditChannelID, m)
			return
		}
		d.Auditor.Audit(ctx, g.AuditChannelID, m.Embeds[0])
		return
	}
	how := "their Discord account"
	if s.Resolution == vclient.ResolutionLinked {
		how = "their verified e-mail"
	}
	d.Auditor.Audit(ctx, g.AuditChannelID, &discordgo.MessageEmbed{Title: "Member signed in with Discord", Color: colorInfo,
		Description: fmt.Sprintf("%s is linked to **%s** (%s), found by %s.", mention(s.DiscordID), userLabel(&s.User), s.User.Role, how),
		Timestamp:   auditTime(d.now())})
}

package commands

import (
	"context"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// User-facing refusals of the xp_policy guard.
const (
	msgXPStorytellersOnly = "Only storytellers and admins can change XP here."
	msgXPCompanyST        = "In this company only storytellers and admins can change XP."
	msgXPCompanyOwn       = "In this company players can change only their own XP."
)

// xpGuard applies the guild's xp_policy to a caller (freshly re-read) changing target's XP,
// before anything is written: API v1 trusts requesting_user_id, so the bot is the guard.
func (h *Handlers) xpGuard(ctx context.Context, in *bot.Interaction, c *Caller, target string) *bot.Response {
	if c.Guild.XPPolicy != config.XPPolicyCompany {
		if !c.IsStoryteller() {
			return denied(msgXPStorytellersOnly)
		}
		return nil
	}
	settings, err := h.Lookups.CompanySettings(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	if msg := grantXPRefusal(settings.PermissionGrantXP, c, target); msg != "" {
		return denied("%s", msg)
	}
	return nil
}

// grantXPRefusal is the API contract §4.6 permission_grant_xp table: "" when the caller may
// change target's XP, else why not.
func grantXPRefusal(setting vclient.GrantXPPermission, c *Caller, target string) string {
	switch setting {
	case vclient.GrantXPUnrestricted, "":
		return ""
	case vclient.GrantXPPlayer:
		if !c.IsStoryteller() && c.UserID != target {
			return msgXPCompanyOwn
		}
		return ""
	}
	// STORYTELLER, and any value this bot does not know yet: fail closed.
	if !c.IsStoryteller() {
		return msgXPCompanyST
	}
	return ""
}

// failForMember is failAsCaller for calls whose path user is a member: when the API says that
// user is gone (404 "User not found"), it is the member's link that is stale, not the caller's,
// so the member's identity entry is dropped and the caller keeps theirs.
func (h *Handlers) failForMember(ctx context.Context, in *bot.Interaction, c *Caller, m person, userID string, err error) *bot.Response {
	apiErr, ok := asAPIError(err)
	if !ok || userID == c.UserID || apiErr.StatusCode != 404 || strings.TrimSpace(apiErr.Detail) != "User not found" {
		return h.failAsCaller(ctx, in, c, err)
	}
	h.logFor(in).WarnContext(ctx, "member's user vanished; identity dropped", "err", err, "request_id", requestID(err))
	if m.DiscordID != "" {
		h.Lookups.DropIdentity(ctx, c.CompanyID(), m.DiscordID)
	}
	return userError("%s is no longer a Valentina user in this company. An admin can link them again with `/link`.", m)
}

package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// maxReason is the longest `reason` /xp accepts (SPEC §4.3).
const maxReason = 200

// maxCoolPoints caps `/xp cool amount` (registered and checked).
const maxCoolPoints = 10

// defaultMaxXP caps /xp add and /xp remove when the guild block leaves max_xp_per_command unset.
const defaultMaxXP = 100

// xpCommand defines /xp: add, remove, cool, spend (xp_spend.go) and view.
func xpCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "xp",
			Description: "Experience and cool points",
			Contexts:    guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				xpChangeSubcommand("add", "Award experience to a member", 0),
				xpChangeSubcommand("remove", "Spend a member's current experience", 0),
				xpChangeSubcommand("cool", "Award cool points (1 CP = 10 XP)", maxCoolPoints),
				xpSpendSubcommand(),
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "view",
					Description: "Show current XP, total XP and cool points",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Whose experience (default: you)"},
						campaignOptionDef(),
					},
				},
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			campaigns := h.autocomplete(choiceSources{"campaign": h.campaignChoices})
			for _, op := range xpOps {
				m.Command("/xp/"+op.sub, h.xpChangeHandler(op), bot.Award())
				m.Autocomplete("/xp/"+op.sub, campaigns)
			}
			m.Command("/xp/view", bot.HandlerFunc(h.xpView), bot.Ephemeral())
			m.Autocomplete("/xp/view", campaigns)
			h.mountXPSpend(m)
		},
	}
}

// xpChangeSubcommand is the definition of add, remove or cool; maxAmount 0 registers no
// max_value (the guild's max_xp_per_command caps it in the handler).
func xpChangeSubcommand(name, desc string, maxAmount int) *discordgo.ApplicationCommandOption {
	amount := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionInteger, Name: "amount", Description: "How much",
		Required: true, MinValue: new(1.0),
	}
	if maxAmount > 0 {
		amount.MaxValue = float64(maxAmount)
	}
	return &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionSubCommand,
		Name:        name,
		Description: desc,
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Who", Required: true},
			amount,
			campaignOptionDef(),
			{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "Why (shown in the channel)", MaxLength: maxReason},
		},
	}
}

// campaignOptionDef is /xp's `campaign` option, autocompleted from the company's campaigns.
func campaignOptionDef() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "campaign", Description: "Campaign (default: this channel's)",
		Autocomplete: true,
	}
}

// xpOp is one of the three XP writes.
type xpOp struct {
	sub    string // subcommand
	key    string // idempotency op
	cool   bool   // amount counts cool points
	remove bool
}

var xpOps = []xpOp{
	{sub: "add", key: "xp-add"},
	{sub: "remove", key: "xp-remove", remove: true},
	{sub: "cool", key: "cp-add", cool: true},
}

// apply sends the write to the API.
func (op xpOp) apply(ctx context.Context, users *vclient.UsersService, member, campaign string, amount int) (*vclient.CampaignExperience, error) {
	switch {
	case op.cool:
		return users.AddCoolPoints(ctx, member, campaign, amount)
	case op.remove:
		return users.RemoveXP(ctx, member, campaign, amount)
	}
	return users.AddXP(ctx, member, campaign, amount)
}

// xpBounds checks amount and reason before anything else is done.
func xpBounds(op xpOp, in *bot.Interaction, maxXP int) (amount int, reason string, resp *bot.Response) {
	a, _ := in.IntOption("amount")
	reason, _ = in.StringOption("reason")
	reason = strings.TrimSpace(reason)
	limit := maxXP
	if op.cool {
		limit = maxCoolPoints
	}
	switch {
	case a < 1:
		return 0, "", userError("`amount` must be at least 1 (got %d).", a)
	case a > int64(limit):
		return 0, "", userError("`amount` can be at most %d for `/xp %s` here (got %d).", limit, op.sub, a)
	case runeLen(reason) > maxReason:
		return 0, "", userError("`reason` can be at most %d characters (got %d).", maxReason, runeLen(reason))
	}
	return int(a), reason, nil
}

// xpChangeHandler is /xp add, /xp remove or /xp cool.
func (h *Handlers) xpChangeHandler(op xpOp) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, in *bot.Interaction) *bot.Response {
		g, resp := h.guildOf(in)
		if resp != nil {
			return resp
		}
		maxXP := g.MaxXPPerCommand
		if maxXP <= 0 {
			maxXP = defaultMaxXP
		}
		amount, reason, resp := xpBounds(op, in, maxXP)
		if resp != nil {
			return resp
		}
		c, resp := h.caller(ctx, in)
		if resp != nil {
			return resp
		}
		member, resp := h.member(ctx, in, c, "member")
		if resp != nil {
			return resp
		}
		target, _ := in.UserOption("member") // h.member has read it
		who := person{Name: member.Name, DiscordID: target.ID}
		camp, resp := h.resolveCampaign(ctx, in, c)
		if resp != nil {
			return resp
		}
		c, resp = h.freshCaller(ctx, in, c)
		if resp != nil {
			return resp
		}
		if resp := h.xpGuard(ctx, in, c, member.UserID); resp != nil {
			return resp
		}
		after, err := op.apply(writeContext(ctx, in, op.key), h.as(c).Users(c.CompanyID()), member.UserID, camp.ID, amount)
		if err != nil {
			return h.xpWriteFailed(ctx, in, c, who, member.UserID, camp, err)
		}
		ch := xpChange{
			Op: op, Amount: amount, Reason: reason, Campaign: camp.Name,
			Actor: person{Name: c.Name, DiscordID: c.DiscordID}, Target: who, After: *after,
		}
		ch.Before = ch.before()
		h.audit(ctx, c, xpAuditEmbed(ch))
		return &bot.Response{Kind: bot.NewMessage, Message: bot.Message{Embeds: []*discordgo.MessageEmbed{xpEmbed(ch)}}, Outcome: outcomeOK}
	})
}

// xpWriteFailed maps a failed XP write; insufficient XP names the member's current XP.
func (h *Handlers) xpWriteFailed(ctx context.Context, in *bot.Interaction, c *Caller, member person, userID string, camp *vclient.Campaign, err error) *bot.Response {
	cur, known, short := insufficientXP(err)
	if !short {
		return h.failForMember(ctx, in, c, member, userID, err)
	}
	h.logFor(in).InfoContext(ctx, "xp remove refused: insufficient xp", "err", err, "request_id", requestID(err))
	if !known {
		// v2's refusal does not say how much the member has: read it (one GET, on the caller's
		// behalf). The refused write changed nothing, so this is the amount before and after.
		xp, rerr := h.as(c).Users(c.CompanyID()).GetExperience(ctx, userID, camp.ID)
		if rerr != nil {
			h.logFor(in).WarnContext(ctx, "read xp after a refused removal", "err", rerr, "request_id", requestID(rerr))
			return userError("%s does not have enough XP in %s to remove that much. Nothing was changed.",
				nameOr(member.Name, "This member"), camp.Name)
		}
		cur = xp.XPCurrent
	}
	return userError("%s has only %d XP in %s, not enough to remove that much. Nothing was changed.",
		nameOr(member.Name, "This member"), cur, camp.Name)
}

// msgNotEnoughXP is the API's 400 detail when xp/remove would go below zero.
const msgNotEnoughXP = "User does not have enough XP to complete the action."

// insufficientXP reports the API's "not enough XP" answer: short is true for that refusal, and
// known when it carries the member's current XP (v1's current_xp; v2 leaves it out).
func insufficientXP(err error) (cur int, known, short bool) {
	apiErr, ok := asAPIError(err)
	if !ok || apiErr.StatusCode != 400 {
		return 0, false, false
	}
	if apiErr.CurrentXP != nil {
		return *apiErr.CurrentXP, true, true
	}
	return 0, false, strings.TrimSpace(apiErr.Detail) == msgNotEnoughXP
}

// xpView is /xp view: the member's (default the caller's) XP, privately.
func (h *Handlers) xpView(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	member := &c.Member
	name := person{Name: c.Name, DiscordID: c.DiscordID}
	if u, ok := in.UserOption("member"); ok && u.ID != c.DiscordID {
		if member, resp = h.member(ctx, in, c, "member"); resp != nil {
			return resp
		}
		if c, resp = h.freshCaller(ctx, in, c); resp != nil {
			return resp
		}
		if !c.IsStoryteller() {
			return denied("Only storytellers and admins can see another member's experience. Use `/xp view` without `member:` to see yours.")
		}
		name = person{Name: member.Name, DiscordID: u.ID}
	}
	camp, resp := h.resolveCampaign(ctx, in, c)
	if resp != nil {
		return resp
	}
	xp, err := h.as(c).Users(c.CompanyID()).GetExperience(ctx, member.UserID, camp.ID)
	if err != nil {
		return h.failForMember(ctx, in, c, name, member.UserID, err)
	}
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Outcome: outcomeOK,
		Message: bot.Message{Embeds: []*discordgo.MessageEmbed{xpViewEmbed(name, camp.Name, *xp)}}}
}

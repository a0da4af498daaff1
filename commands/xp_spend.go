package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// /xp spend raises one of a character's traits with its player's XP (SPEC §12): the command
// previews the cost privately (GET …/value-options, nothing written) with a Confirm button; the
// click re-reads the caller, re-checks everything and PUTs the value once.

// maxSpendDots caps `/xp spend dots`.
const maxSpendDots = 5

// Custom ids of the preview's buttons. The whole spend lives in the Confirm id, so it works
// after a restart: "xs:<character>:<character trait>:<target value>:<owner>" (ids compacted,
// ≤ 94 characters), and Cancel is "xk:<owner>".
const (
	xpSpendPrefix  = "xs"
	xpCancelPrefix = "xk"
)

// xpSpendSubcommand is the definition of /xp spend.
func xpSpendSubcommand() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "spend",
		Description: "Spend XP to raise one of your character's traits",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "trait", Description: "The trait to raise",
				Required: true, Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "character", Description: "Whose trait (default: yours here)",
				Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "dots", Description: "How many dots (default 1)",
				MinValue: new(1.0), MaxValue: maxSpendDots},
		},
	}
}

// mountXPSpend adds /xp spend's routes: the v1 API has no trait value endpoints.
func (h *Handlers) mountXPSpend(m *bot.Mux) {
	m.Command("/xp/spend", h.needsV2(bot.HandlerFunc(h.xpSpend)), bot.Ephemeral())
	m.Autocomplete("/xp/spend", h.autocomplete(choiceSources{"character": h.characterChoices, "trait": h.spendTraitChoices}))
	m.Component(xpSpendPrefix, h.needsV2(bot.HandlerFunc(h.xpSpendConfirm)), bot.Updates(), bot.Award())
	m.Component(xpCancelPrefix, bot.HandlerFunc(xpSpendCancel), bot.Updates())
}

// spendPlan is a previewed or confirmed spend.
type spendPlan struct {
	Char    *characterRef
	Trait   vclient.CharacterTrait
	Target  int
	Options *vclient.TraitValueOptions
}

// xpSpend previews the cost of raising a trait by `dots`.
func (h *Handlers) xpSpend(ctx context.Context, in *bot.Interaction) *bot.Response {
	n, ok := in.IntOption("dots")
	if !ok {
		n = 1
	}
	if n < 1 || n > maxSpendDots {
		return userError("`dots` must be between 1 and %d.", maxSpendDots)
	}
	input, _ := in.StringOption("trait")
	if strings.TrimSpace(input) == "" {
		return userError("Choose a trait with `trait:`.")
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	char, resp := h.rollTarget(ctx, in, c)
	if resp != nil {
		return resp
	}
	if resp := spendableCharacter(c, char); resp != nil {
		return resp
	}
	traits, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), char.Campaign.ID, char.ID, c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	ct, err := findByIDOrName("trait", input, traits,
		func(t vclient.CharacterTrait) string { return t.ID },
		func(t vclient.CharacterTrait) string { return t.Trait.Name })
	if err != nil {
		return unresolved(err)
	}
	plan, resp := h.planSpend(ctx, in, c, char, ct, 0, int(n))
	if resp != nil {
		return resp
	}
	return spendPreview(plan, c.DiscordID)
}

// spendableCharacter refuses characters whose XP cannot be spent by the caller: only a player
// character's own player, or a storyteller or admin.
func spendableCharacter(c *Caller, char *characterRef) *bot.Response {
	if char.Type != "" && char.Type != "PLAYER" {
		return userError("**%s** is not a player character: only player characters spend XP.", char.Name)
	}
	if char.UserPlayerID != c.UserID && !c.IsStoryteller() {
		return denied("Only **%s**'s player or a storyteller can spend XP on them.", char.Name)
	}
	return nil
}

// planSpend reads the trait's value options (fresh: never cached) and checks the spend: the
// target is target when set, else the current value plus dots. A non-nil response refuses it
// in plain words, with nothing written.
func (h *Handlers) planSpend(ctx context.Context, in *bot.Interaction, c *Caller, char *characterRef, ct vclient.CharacterTrait, target, dots int) (*spendPlan, *bot.Response) {
	opts, err := h.as(c).CharacterTraits(c.CompanyID(), char.Campaign.ID, char.ID).ValueOptions(ctx, ct.ID)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	if target == 0 {
		target = opts.CurrentValue + dots
	}
	plan := &spendPlan{Char: char, Trait: ct, Target: target, Options: opts}
	plan.Trait.Value = opts.CurrentValue
	top := opts.Trait.MaxValue
	if top == 0 {
		top = ct.Trait.MaxValue
	}
	switch opt, ok := opts.Options[strconv.Itoa(target)]; {
	case target <= opts.CurrentValue:
		return nil, userError("**%s** of **%s** is already at %d. Nothing was spent.", plan.name(), char.Name, opts.CurrentValue)
	case !ok || (top > 0 && target > top):
		return nil, userError("**%s** of **%s** is at %d and can't go above %d. Nothing was spent.", plan.name(), char.Name, opts.CurrentValue, top)
	case !opt.CanUseXP:
		return nil, notEnoughXP(plan)
	}
	return plan, nil
}

// notEnoughXP refuses a spend the character's XP does not cover, whether the preview's
// prices or the API's PUT found it.
func notEnoughXP(p *spendPlan) *bot.Response {
	return userError("Raising **%s** of **%s** to %d costs %d XP, but only %d XP is available. Nothing was spent.",
		p.name(), p.Char.Name, p.Target, p.cost(), p.Options.XPCurrent)
}

// cost is the plan's XP cost as the API prices it.
func (p *spendPlan) cost() int { return p.Options.Options[strconv.Itoa(p.Target)].PointChange }

// name is the trait's name.
func (p *spendPlan) name() string { return nameOr(p.Options.Name, p.Trait.Trait.Name) }

// scale is the number of dots drawn for the trait.
func (p *spendPlan) scale() int {
	return max(p.Options.Trait.MaxValue, p.Trait.Trait.MaxValue, p.Target, 5)
}

// spendPreview is the private preview with Confirm and Cancel.
func spendPreview(p *spendPlan, owner string) *bot.Response {
	confirm := fmt.Sprintf("%s:%s:%s:%d:%s", xpSpendPrefix, compactID(p.Char.ID), compactID(p.Trait.ID), p.Target, owner)
	text := fmt.Sprintf("Raise **%s** of **%s** from %s %d to %s %d for **%d XP**? XP: %d → %d.",
		p.name(), p.Char.Name, dots(p.Trait.Value, p.scale()), p.Trait.Value, dots(p.Target, p.scale()), p.Target,
		p.cost(), p.Options.XPCurrent, p.Options.XPCurrent-p.cost())
	return &bot.Response{Kind: bot.NewMessage, Ephemeral: true, Outcome: outcomeOK, Message: bot.Message{
		Content: text,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Confirm", Style: discordgo.SuccessButton, CustomID: confirm},
			discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: xpCancelPrefix + ":" + owner},
		}}},
	}}
}

// xpSpendCancel is the preview's Cancel button: nothing is asked of the API.
func xpSpendCancel(_ context.Context, in *bot.Interaction) *bot.Response {
	if ownerOf(in.CustomID()) != in.UserID() {
		return notYours()
	}
	return updateMessage("Nothing was spent.")
}

// spendClick is a parsed Confirm custom_id; ids are tokens, untrusted until found.
type spendClick struct {
	character, trait, owner string
	target                  int
}

// parseSpendID reads "xs:<character>:<trait>:<target>:<owner>".
func parseSpendID(id string) (spendClick, bool) {
	parts := strings.Split(id, ":")
	if len(parts) != 5 || parts[0] != xpSpendPrefix || !isIDToken(parts[1]) || !isIDToken(parts[2]) || !isSnowflake(parts[4]) {
		return spendClick{}, false
	}
	target, ok := boundedInt(parts[3], 1, 100)
	return spendClick{character: parts[1], trait: parts[2], target: target, owner: parts[4]}, ok
}

// xpSpendConfirm applies a previewed spend: the caller is re-read, the character and trait are
// found again in what the caller may use, the cost is read fresh, then one PUT carries the
// click's idempotency key, so a duplicate delivery or a retried lost response spends once.
func (h *Handlers) xpSpendConfirm(ctx context.Context, in *bot.Interaction) *bot.Response {
	click, ok := parseSpendID(in.CustomID())
	if !ok {
		return userError("This button is broken. Run `/xp spend` again.")
	}
	if click.owner != in.UserID() {
		return notYours()
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	if c, resp = h.freshCaller(ctx, in, c); resp != nil {
		return resp
	}
	char, resp := h.usableCharacterByToken(ctx, in, c, click.character)
	if resp != nil {
		return resp
	}
	h.namedCampaign(ctx, c, char) // the audit post names it
	if resp := spendableCharacter(c, char); resp != nil {
		return resp
	}
	traits, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), char.Campaign.ID, char.ID, c.Viewer())
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	ct, ok := byToken(traits, func(t vclient.CharacterTrait) string { return t.ID }, click.trait)
	if !ok {
		return notFound("Trait")
	}
	plan, resp := h.planSpend(ctx, in, c, char, *ct, click.target, 0)
	if resp != nil {
		return resp
	}
	api := h.as(c).CharacterTraits(c.CompanyID(), char.Campaign.ID, char.ID)
	if _, err := api.PutValue(writeContext(ctx, in, "xp-spend"), ct.ID,
		&vclient.TraitValueUpdate{TargetValue: plan.Target, Currency: vclient.CurrencyXP}); err != nil {
		return h.spendFailed(ctx, in, c, plan, err)
	}
	h.Lookups.InvalidateCharacterTraits(ctx, c.CompanyID(), char.ID)
	line := spendDone(plan)
	h.audit(ctx, c, &discordgo.MessageEmbed{Title: "XP spent", Color: colorInfo,
		Description: line + "\nCampaign: " + char.Campaign.Name, Footer: &discordgo.MessageEmbedFooter{Text: "by " + c.Name}})
	r := updateMessage("%s", line)
	r.Outcome = outcomeOK
	return r
}

// spendDone is the line that reports an applied spend: before → after dots and XP.
func spendDone(p *spendPlan) string {
	return fmt.Sprintf("**%s** raised **%s** from %s %d to %s %d for %d XP. XP: %d → %d.",
		p.Char.Name, p.name(), dots(p.Trait.Value, p.scale()), p.Trait.Value, dots(p.Target, p.scale()), p.Target,
		p.cost(), p.Options.XPCurrent, p.Options.XPCurrent-p.cost())
}

// spendFailed maps a refused PUT to plain words; nothing was written.
func (h *Handlers) spendFailed(ctx context.Context, in *bot.Interaction, c *Caller, p *spendPlan, err error) *bot.Response {
	var apiErr *vclient.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == 400 && strings.Contains(apiErr.Detail, "enough XP") {
		h.logFor(in).InfoContext(ctx, "xp spend refused: not enough xp", "err", err)
		return notEnoughXP(p)
	}
	if errors.As(err, &apiErr) && apiErr.StatusCode == 403 {
		h.logFor(in).InfoContext(ctx, "xp spend refused", "err", err)
		if strings.Contains(apiErr.Detail, "own this character") {
			return denied("Only **%s**'s player or a storyteller can spend XP on them. Nothing was spent.", p.Char.Name)
		}
		return denied("Valentina refused: the company's settings do not let you spend XP on **%s**. Nothing was spent.", p.Char.Name)
	}
	return h.failAsCaller(ctx, in, c, err)
}

// spendTraitChoices is the `trait` autocomplete of /xp spend: the resolved character's traits
// with what the next dot costs (by the blueprint's costs; the preview asks the API).
func (h *Handlers) spendTraitChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	char, resp := h.rollTarget(ctx, in, c)
	if resp != nil {
		return noChoices()
	}
	traits, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), char.Campaign.ID, char.ID, c.Viewer())
	if err != nil {
		return noChoices()
	}
	items := make([]choice, 0, len(traits))
	for _, t := range traits {
		items = append(items, choice{Name: spendChoiceLabel(t), Value: t.ID})
	}
	return choices(query, items)
}

// spendChoiceLabel is "Firearms 3 → 4 · 8 XP", or "Firearms 5 (max)".
func spendChoiceLabel(t vclient.CharacterTrait) string {
	if t.Trait.MaxValue > 0 && t.Value >= t.Trait.MaxValue {
		return fmt.Sprintf("%s %d (max)", t.Trait.Name, t.Value)
	}
	label := fmt.Sprintf("%s %d → %d", t.Trait.Name, t.Value, t.Value+1)
	if cost := t.Trait.DotCost(t.Value + 1); cost > 0 {
		label += fmt.Sprintf(" · %d XP", cost)
	}
	return label
}

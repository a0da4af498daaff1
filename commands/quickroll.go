package commands

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// What the API says and stores for a quickroll roll, repeated when the bot rolls one itself.
const (
	// msgNoQuickrollTraits is the API's 400 detail when the character has none of the traits.
	msgNoQuickrollTraits = "This character does not have the traits required to roll this quick roll"
	// quickrollCommentPrefix starts the API's default comment, "Quick roll: <name>".
	quickrollCommentPrefix = "Quick roll: "
)

// quickrollCommand defines /quickroll (SPEC §4.3–4.5).
func quickrollCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "quickroll",
			Description: "Roll one of your saved quickrolls",
			Contexts:    guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "The quickroll to roll", Required: true, Autocomplete: true},
				rollOptCharacter(),
				rollOptDifficulty(),
				rollOptDesperation(),
				rollOptComment(),
				rollOptHidden(),
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/quickroll", bot.HandlerFunc(h.quickroll), hiddenOption(false))
			m.Autocomplete("/quickroll", h.autocomplete(choiceSources{"name": h.quickrollChoices, "character": h.characterChoices}))
			m.Component(prefixQuickrollReroll, bot.HandlerFunc(h.quickrollReroll), rerollRoute())
		},
	}
}

// quickroll rolls the named quickroll for the resolved character.
func (h *Handlers) quickroll(ctx context.Context, in *bot.Interaction) *bot.Response {
	p, resp := parseRollParams(in)
	if resp != nil {
		return resp
	}
	name, _ := in.StringOption("name")
	if strings.TrimSpace(name) == "" {
		return userError("Choose a quickroll with `name:`.")
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	// The quickroll list and the character resolution are independent reads: do them at once.
	var q *vclient.Quickroll
	var qResp *bot.Response
	done := h.async(ctx, in, func() { q, qResp = h.ownQuickroll(ctx, in, c, name) })
	char, cResp := h.quickrollTarget(ctx, in, c)
	<-done
	switch {
	case qResp != nil:
		return qResp
	case cResp != nil:
		return cResp
	case q == nil:
		return h.fail(ctx, in, errors.New("quickroll lookup panicked"))
	}
	return h.rollQuickroll(ctx, in, c, q, char, p)
}

// rollQuickroll makes the roll through the API's quickroll endpoint, or, when it would ignore
// the desperation dice (v1), as a manual roll.
func (h *Handlers) rollQuickroll(ctx context.Context, in *bot.Interaction, c *Caller, q *vclient.Quickroll, char *characterRef, p rollParams) *bot.Response {
	// Remembering the quickroll for autocomplete runs alongside the roll's API call, so it costs
	// no extra round trip on the way to the answer.
	pushed := h.async(ctx, in, func() {
		if err := h.Store.PushRecentQuickroll(ctx, c.Guild.ID, c.DiscordID, q.ID); err != nil {
			h.logFor(in).WarnContext(ctx, "remember recent quickroll", "err", err)
		}
	})
	defer func() { <-pushed }()
	var roll *vclient.DiceRoll
	var traits []vclient.CharacterTrait
	var fromCache bool
	var resp *bot.Response
	if p.Desperation > 0 && !h.quickrollRollsDesperation() {
		roll, traits, resp = h.desperateQuickroll(ctx, in, c, q, char, p)
	} else {
		roll, traits, resp = h.apiQuickroll(ctx, in, c, q, char, p)
		fromCache = true
	}
	if resp != nil {
		return resp
	}
	name := h.traitNamer(ctx, c)
	view := rollView{Roll: roll, Character: char.Name, Quickroll: q.Name, Roller: c.Name, Comment: p.Comment}
	if traits == nil {
		view.Pool = poolNames(q.TraitIDs, name)
	} else {
		pool, sum := buildPool(q.TraitIDs, traits, name)
		view.Pool, view.Values = pool, sum == roll.NumDice
		if !view.Values && fromCache {
			h.Lookups.InvalidateCharacterTraits(ctx, c.CompanyID(), char.ID)
		}
	}
	spec := rerollSpec{Kind: prefixQuickrollReroll, Quickroll: compactID(q.ID), Character: compactID(char.ID),
		Difficulty: p.Difficulty, Desperation: p.Desperation, Hidden: p.Hidden, Owner: c.DiscordID}
	return rollResponse(view, spec)
}

// apiQuickroll rolls through POST .../dicerolls/quickroll (with the desperation dice where the
// endpoint honours them), reading the cached traits for the
// embed at the same time (nil traits when they cannot be read).
func (h *Handlers) apiQuickroll(ctx context.Context, in *bot.Interaction, c *Caller, q *vclient.Quickroll, char *characterRef, p rollParams) (*vclient.DiceRoll, []vclient.CharacterTrait, *bot.Response) {
	var traits []vclient.CharacterTrait
	done := h.async(ctx, in, func() {
		t, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), char.Campaign.ID, char.ID, c.Viewer())
		if err == nil {
			traits = t
		}
	})
	roll, err := h.as(c).DiceRolls(c.CompanyID()).CreateFromQuickroll(writeContext(ctx, in, "roll"),
		&vclient.QuickrollRoll{QuickrollID: q.ID, CharacterID: char.ID, Difficulty: p.Difficulty,
			NumDesperationDice: p.Desperation, Comment: commentPtr(p.Comment)})
	<-done
	if err != nil {
		return nil, nil, h.failAsCaller(ctx, in, c, err)
	}
	return roll, traits, nil
}

// desperateQuickroll rolls the quickroll's pool itself through POST .../dicerolls, with the pool
// summed from a fresh trait list.
func (h *Handlers) desperateQuickroll(ctx context.Context, in *bot.Interaction, c *Caller, q *vclient.Quickroll, char *characterRef, p rollParams) (*vclient.DiceRoll, []vclient.CharacterTrait, *bot.Response) {
	traits, err := h.freshTraits(ctx, c, char)
	if err != nil {
		return nil, nil, h.failAsCaller(ctx, in, c, err)
	}
	pool, sum := buildPool(q.TraitIDs, traits, func(string) string { return "" })
	if matched(pool) == 0 {
		r := bot.Private(msgNoQuickrollTraits)
		r.Outcome = outcomeAPIError
		return nil, nil, r
	}
	if sum < 1 {
		return nil, nil, userError("%s has 0 dice in %s: nothing to roll.", char.Name, q.Name)
	}
	comment := p.Comment
	if comment == "" {
		comment = quickrollCommentPrefix + q.Name
	}
	campaignID := char.CampaignID
	if campaignID == "" {
		campaignID = char.Campaign.ID
	}
	difficulty, charID := p.Difficulty, char.ID
	roll, err := h.as(c).DiceRolls(c.CompanyID()).Create(writeContext(ctx, in, "roll"), &vclient.DiceRollCreate{
		DiceSize: 10, NumDice: sum, Difficulty: &difficulty, NumDesperationDice: p.Desperation,
		Comment: &comment, TraitIDs: q.TraitIDs, CharacterID: &charID, CampaignID: &campaignID,
	})
	if err != nil {
		return nil, nil, h.failAsCaller(ctx, in, c, err)
	}
	return roll, traits, nil
}

// quickrollReroll repeats a quickroll from its Re-roll button, re-validating every id in the
// custom_id like a command option.
func (h *Handlers) quickrollReroll(ctx context.Context, in *bot.Interaction) *bot.Response {
	spec, c, resp := h.rerollCaller(ctx, in, prefixQuickrollReroll)
	if resp != nil {
		return resp
	}
	q, resp := h.ownQuickrollByToken(ctx, in, c, spec.Quickroll)
	if resp != nil {
		return resp
	}
	char, resp := h.usableCharacterByToken(ctx, in, c, spec.Character)
	if resp != nil {
		return resp
	}
	p := rollParams{Difficulty: spec.Difficulty, Desperation: spec.Desperation, Hidden: spec.Hidden}
	return h.rollQuickroll(ctx, in, c, q, char, p)
}

package commands

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// rollCommand defines /roll: an ad-hoc pool of d10s (SPEC §4.3).
func rollCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name:        "roll",
			Description: "Roll a pool of d10s",
			Contexts:    guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "pool", Description: "Number of dice",
					Required: true, MinValue: new(1.0), MaxValue: maxPool},
				rollOptDifficulty(),
				rollOptDesperation(),
				rollOptCharacter(),
				rollOptComment(),
				rollOptHidden(),
			},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/roll", bot.HandlerFunc(h.roll), hiddenOption(false))
			m.Autocomplete("/roll", h.autocomplete(choiceSources{"character": h.characterChoices}))
			m.Component(prefixRollReroll, bot.HandlerFunc(h.rollReroll), rerollRoute())
		},
	}
}

// roll rolls an ad-hoc pool, with the character if one is given.
func (h *Handlers) roll(ctx context.Context, in *bot.Interaction) *bot.Response {
	pool, ok := in.IntOption("pool")
	if !ok || pool < 1 || pool > maxPool {
		return userError("`pool` must be between 1 and %d dice.", maxPool)
	}
	p, resp := parseRollParams(in)
	if resp != nil {
		return resp
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	char, resp := h.characterOption(ctx, in, c)
	if resp != nil {
		return resp
	}
	return h.adhocRoll(ctx, in, c, int(pool), char, p)
}

// adhocRoll makes the roll through POST .../dicerolls. Without a character it carries no
// character_id, and the campaign only when one resolves here.
func (h *Handlers) adhocRoll(ctx context.Context, in *bot.Interaction, c *Caller, pool int, char *characterRef, p rollParams) *bot.Response {
	req := &vclient.DiceRollCreate{DiceSize: 10, NumDice: pool, Difficulty: &p.Difficulty,
		NumDesperationDice: p.Desperation, Comment: commentPtr(p.Comment)}
	view := rollView{Roller: c.Name, Comment: p.Comment}
	token := noCharacter
	if char != nil {
		charID, campID := char.ID, char.Campaign.ID
		req.CharacterID, req.CampaignID = &charID, &campID
		view.Character, token = char.Name, compactID(char.ID)
	} else if camp, resp := h.resolveCampaign(ctx, in, c); resp == nil {
		campID := camp.ID
		req.CampaignID = &campID
	}
	roll, err := h.as(c).DiceRolls(c.CompanyID()).Create(writeContext(ctx, in, "roll"), req)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	view.Roll = roll
	spec := rerollSpec{Kind: prefixRollReroll, Pool: pool, Character: token, Difficulty: p.Difficulty,
		Desperation: p.Desperation, Hidden: p.Hidden, Owner: c.DiscordID}
	return rollResponse(view, spec)
}

// rollReroll repeats an ad-hoc roll from its Re-roll button; the character is re-validated.
func (h *Handlers) rollReroll(ctx context.Context, in *bot.Interaction) *bot.Response {
	spec, c, resp := h.rerollCaller(ctx, in, prefixRollReroll)
	if resp != nil {
		return resp
	}
	var char *characterRef
	if spec.Character != noCharacter {
		if char, resp = h.usableCharacterByToken(ctx, in, c, spec.Character); resp != nil {
			return resp
		}
	}
	p := rollParams{Difficulty: spec.Difficulty, Desperation: spec.Desperation, Hidden: spec.Hidden}
	return h.adhocRoll(ctx, in, c, spec.Pool, char, p)
}

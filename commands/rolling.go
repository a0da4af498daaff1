package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// Bounds and defaults shared by /quickroll and /roll (SPEC §4.3).
const (
	defaultDifficulty = 6
	maxDifficulty     = 10
	maxDesperation    = 5
	maxPool           = 30
	maxComment        = 200
)

// rollParams are the options every roll takes.
type rollParams struct {
	Difficulty  int
	Desperation int
	Comment     string
	Hidden      bool
}

// parseRollParams reads difficulty, desperation, comment and hidden, checking bounds before
// anything else is done.
func parseRollParams(in *bot.Interaction) (rollParams, *bot.Response) {
	p := rollParams{Difficulty: defaultDifficulty}
	if v, ok := in.IntOption("difficulty"); ok {
		if v < 1 || v > maxDifficulty {
			return p, userError("`difficulty` must be between 1 and %d, got %d.", maxDifficulty, v)
		}
		p.Difficulty = int(v)
	}
	if v, ok := in.IntOption("desperation"); ok {
		if v < 0 || v > maxDesperation {
			return p, userError("`desperation` must be between 0 and %d, got %d.", maxDesperation, v)
		}
		p.Desperation = int(v)
	}
	if v, ok := in.StringOption("comment"); ok {
		if n := runeLen(v); n > maxComment {
			return p, userError("`comment` can be at most %d characters, got %d.", maxComment, n)
		}
		p.Comment = strings.TrimSpace(v)
	}
	p.Hidden, _ = in.BoolOption("hidden")
	return p, nil
}

// commentPtr is the comment to send, nil when empty (the API then uses its default).
func commentPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// rollResponse is the roll embed with its Re-roll button, as a new message.
func rollResponse(v rollView, spec rerollSpec) *bot.Response {
	return &bot.Response{
		Kind:      bot.NewMessage,
		Ephemeral: spec.Hidden,
		Message: bot.Message{
			Embeds:     []*discordgo.MessageEmbed{rollEmbed(v)},
			Components: rerollButton(spec.customID()),
		},
		Outcome: outcomeOK,
	}
}

// traitNamer names blueprint traits from the cache ("Unknown trait" when that fails).
func (h *Handlers) traitNamer(ctx context.Context, c *Caller) func(string) string {
	return func(id string) string {
		n, err := h.Lookups.TraitName(ctx, c.CompanyID(), id, c.Viewer())
		if err != nil || n == "" {
			return "Unknown trait"
		}
		return n
	}
}

// freshTraits lists the character's traits from the API (never the cache) and puts the fresh
// list into the cache for the next roll's embed.
func (h *Handlers) freshTraits(ctx context.Context, c *Caller, char *characterRef) ([]vclient.CharacterTrait, error) {
	traits, err := h.as(c).CharacterTraits(c.CompanyID(), char.Campaign.ID, char.ID).ListAll(ctx)
	if err != nil {
		return nil, err
	}
	h.Lookups.PutCharacterTraits(ctx, c.CompanyID(), char.ID, c.Viewer(), traits)
	return traits, nil
}

// rerollRoute is the route option of Re-roll buttons: the button says whether the roll was
// private, so the deferred acknowledgement matches it.
func rerollRoute() bot.RouteOption {
	return bot.EphemeralIf(func(in *bot.Interaction) bool { return rerollHidden(in.CustomID()) })
}

// rerollCaller reads a Re-roll click of the given kind: a custom_id that does not parse is
// stale, a click by anyone but the roller is refused, and the clicker must be linked.
func (h *Handlers) rerollCaller(ctx context.Context, in *bot.Interaction, kind string) (rerollSpec, *Caller, *bot.Response) {
	spec, err := parseRerollID(in.CustomID())
	if err != nil || spec.Kind != kind {
		return spec, nil, userError("This button is not valid any more. Roll again with `/quickroll` or `/roll`.")
	}
	if in.UserID() != spec.Owner {
		return spec, nil, denied("This is not your roll.")
	}
	c, resp := h.caller(ctx, in)
	return spec, c, resp
}

// rollOptCharacter is the `character` option /quickroll and /roll share (autocompleted).
func rollOptCharacter() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "character",
		Description: "Character to roll with (default: yours in this campaign)", Autocomplete: true}
}

// rollOptDifficulty is the `difficulty` option (1–10, default 6).
func rollOptDifficulty() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "difficulty",
		Description: "Difficulty (default 6)", MinValue: new(1.0), MaxValue: maxDifficulty}
}

// rollOptDesperation is the `desperation` option (0–5, default 0).
func rollOptDesperation() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "desperation",
		Description: "Desperation dice (default 0)", MinValue: new(0.0), MaxValue: maxDesperation}
}

// rollOptComment is the `comment` option (at most 200 characters).
func rollOptComment() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "comment",
		Description: "A comment shown with the roll", MaxLength: maxComment}
}

// rollOptHidden is the `hidden` option (default false: rolls are public).
func rollOptHidden() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionBoolean, Name: "hidden",
		Description: "Only you see the roll (default false)"}
}

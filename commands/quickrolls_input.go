package commands

import (
	"context"
	"strconv"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// quickrollInput is what create and edit were given, already checked against the bounds.
type quickrollInput struct {
	Name, Description *string
	Traits            []string // raw trait option values, in option order
}

// readQuickrollInput checks the name and description bounds before anything else is done.
func readQuickrollInput(in *bot.Interaction) (quickrollInput, *bot.Response) {
	var qi quickrollInput
	if v, ok := in.StringOption("name"); ok {
		v = strings.TrimSpace(v)
		if n := runeLen(v); n < quickrollNameMin || n > quickrollNameMax {
			return qi, userError(msgQRNameLength, quickrollNameMin, quickrollNameMax, n)
		}
		qi.Name = &v
	}
	if v, ok := in.StringOption("description"); ok {
		v = strings.TrimSpace(v)
		if n := runeLen(v); n < quickrollDescMin || n > quickrollDescMax {
			return qi, userError(msgQRDescLength, quickrollDescMin, quickrollDescMax, n)
		}
		qi.Description = &v
	}
	for _, name := range traitOptionNames {
		if v, ok := in.StringOption(name); ok && strings.TrimSpace(v) != "" {
			qi.Traits = append(qi.Traits, v)
		}
	}
	return qi, nil
}

// qrsCharacterTraits is the traits of the caller's resolved character, which quickroll traits
// are chosen from.
func (h *Handlers) qrsCharacterTraits(ctx context.Context, in *bot.Interaction, c *Caller) (*characterRef, []vclient.CharacterTrait, *bot.Response) {
	ref, resp := h.rollTarget(ctx, in, c)
	if resp != nil && (resp.Outcome == outcomeUserError || resp.Outcome == outcomeNotFound) {
		return nil, nil, userError(msgQRNoCharacter, resp.Content)
	}
	if resp != nil {
		return nil, nil, resp // Valentina or the bot's state failed: say that, not "which character"
	}
	traits, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), ref.Campaign.ID, ref.ID, c.Viewer())
	if err != nil {
		return nil, nil, h.failAsCaller(ctx, in, c, err)
	}
	return ref, traits, nil
}

// qrsResolveTraits turns trait option values (blueprint trait ids from autocomplete, or typed
// names) into blueprint trait ids of the character, dropping duplicates.
func qrsResolveTraits(values []string, traits []vclient.CharacterTrait) ([]string, []poolTrait, *bot.Response) {
	ids := make([]string, 0, len(values))
	labels := make([]poolTrait, 0, len(values))
	seen := map[string]bool{}
	for _, v := range values {
		t, err := findByIDOrName("trait", v, traits,
			func(t vclient.CharacterTrait) string { return t.Trait.ID },
			func(t vclient.CharacterTrait) string { return t.Trait.Name })
		if err != nil {
			return nil, nil, unresolved(err)
		}
		if seen[t.Trait.ID] {
			continue
		}
		seen[t.Trait.ID] = true
		ids = append(ids, t.Trait.ID)
		labels = append(labels, poolTrait{Name: t.Trait.Name, Value: t.Value, Has: true})
	}
	return ids, labels, nil
}

// quickrollWriteFailed explains an API refusal of a quickroll write; a duplicate name is
// said plainly.
// msgQRNameExists is v1's 400 detail for a name the caller already uses; v2 accepts duplicate
// names, so the bot refuses them itself with the same words.
const msgQRNameExists = "Quick roll name already exists"

// quickrollNameFree refuses a name another of the caller's quickrolls (not self) already has,
// checked against the caller's cached list (no call when warm) before anything is written.
func (h *Handlers) quickrollNameFree(ctx context.Context, in *bot.Interaction, c *Caller, name, self string) *bot.Response {
	mine, err := h.ownQuickrolls(ctx, c)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	for _, q := range mine {
		if q.Name == name && q.ID != self {
			r := userError(msgQRNameTaken, name, msgQRNameExists)
			r.Outcome = outcomeAPIError
			return r
		}
	}
	return nil
}

// quickrollWriteFailed maps a failed quickroll write; a name the API says is taken gets the
// same answer as quickrollNameFree's.
func (h *Handlers) quickrollWriteFailed(ctx context.Context, in *bot.Interaction, c *Caller, name string, err error) *bot.Response {
	if apiErr, ok := asAPIError(err); ok && apiErr.StatusCode == 400 && strings.Contains(apiErr.Detail, "already exists") {
		h.logFor(in).InfoContext(ctx, "quickroll name taken", "err", err)
		r := userError(msgQRNameTaken, name, apiErr.Detail)
		r.Outcome = outcomeAPIError
		return r
	}
	return h.failAsCaller(ctx, in, c, err)
}

// traitChoices is the trait1–trait5 autocomplete: the traits of the caller's resolved
// character, labelled "Strength (3)", values blueprint trait ids.
func (h *Handlers) traitChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	_, traits, resp := h.qrsCharacterTraits(ctx, in, c)
	if resp != nil {
		return noChoices()
	}
	items := make([]choice, 0, len(traits))
	for _, t := range traits {
		items = append(items, choice{Name: t.Trait.Name + " (" + strconv.Itoa(t.Value) + ")", Value: t.Trait.ID})
	}
	return choices(query, items)
}

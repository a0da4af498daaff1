package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// The caller's own lists (SPEC §4.3 "ids are untrusted"): every quickroll, note, character and
// campaign named by an option or a custom_id is looked up here and nowhere else, because the API
// hands out anyone's thing by id. Options take an id or a typed name; custom_ids only an id.

// ownQuickrolls is the caller's quickroll list, keeping only those the API says are theirs.
func (h *Handlers) ownQuickrolls(ctx context.Context, c *Caller) ([]vclient.Quickroll, error) {
	all, err := h.Lookups.Quickrolls(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return nil, err
	}
	return filter(all, func(q vclient.Quickroll) bool { return q.UserID == c.UserID }), nil
}

// ownQuickroll resolves a quickroll option (id or typed name) within the caller's own.
func (h *Handlers) ownQuickroll(ctx context.Context, in *bot.Interaction, c *Caller, input string) (*vclient.Quickroll, *bot.Response) {
	mine, err := h.ownQuickrolls(ctx, c)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	q, err := findByIDOrName("quickroll", input, mine,
		func(q vclient.Quickroll) string { return q.ID },
		func(q vclient.Quickroll) string { return q.Name })
	if err != nil {
		return nil, unresolved(err)
	}
	return &q, nil
}

// ownQuickrollByToken finds the quickroll a custom_id names within the caller's own.
func (h *Handlers) ownQuickrollByToken(ctx context.Context, in *bot.Interaction, c *Caller, token string) (*vclient.Quickroll, *bot.Response) {
	mine, err := h.ownQuickrolls(ctx, c)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	q, ok := byToken(mine, func(q vclient.Quickroll) string { return q.ID }, token)
	if !ok {
		return nil, notFound("Quickroll")
	}
	return q, nil
}

// quickrollChoices is the quickroll autocomplete: the caller's quickrolls, the recently rolled
// ones first (newest first) when nothing is typed.
func (h *Handlers) quickrollChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	mine, err := h.ownQuickrolls(ctx, c)
	if err != nil {
		h.choicesFailed(ctx, in, err)
		return noChoices()
	}
	recent, _ := h.Store.RecentQuickrolls(ctx, c.Guild.ID, c.DiscordID)
	items := make([]choice, 0, len(mine))
	for _, q := range recentFirst(mine, recent) {
		items = append(items, choice{Name: q.Name, Value: q.ID})
	}
	return choices(query, items)
}

// recentFirst orders quickrolls with the recently rolled ones (newest first) ahead of the rest,
// which keep their order. Unknown recent ids are ignored.
func recentFirst(qrs []vclient.Quickroll, recent []string) []vclient.Quickroll {
	out := make([]vclient.Quickroll, 0, len(qrs))
	used := make(map[string]bool, len(recent))
	for _, id := range recent {
		for _, q := range qrs {
			if q.ID == id && !used[id] {
				used[id] = true
				out = append(out, q)
			}
		}
	}
	for _, q := range qrs {
		if !used[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// ownNote resolves a note option (id or typed title) within the caller's own notes: a Note has
// no owner field, so the caller's own list is the only proof of ownership.
func (h *Handlers) ownNote(ctx context.Context, in *bot.Interaction, c *Caller, input string) (*vclient.Note, *bot.Response) {
	notes, err := h.Lookups.Notes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	n, err := findByIDOrName("note", input, notes,
		func(n vclient.Note) string { return n.ID },
		func(n vclient.Note) string { return n.Title })
	if err != nil {
		return nil, unresolved(err)
	}
	return &n, nil
}

// ownNoteByToken finds the note a custom_id names within the caller's own notes.
func (h *Handlers) ownNoteByToken(ctx context.Context, in *bot.Interaction, c *Caller, token string) (*vclient.Note, *bot.Response) {
	notes, err := h.Lookups.Notes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	n, ok := byToken(notes, func(n vclient.Note) string { return n.ID }, token)
	if !ok {
		return nil, notFound("Note")
	}
	return n, nil
}

// noteChoices is the note autocomplete: the caller's notes by title.
func (h *Handlers) noteChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	notes, err := h.Lookups.Notes(ctx, c.CompanyID(), c.UserID)
	if err != nil {
		h.choicesFailed(ctx, in, err)
		return noChoices()
	}
	items := make([]choice, 0, len(notes))
	for _, n := range notes {
		items = append(items, choice{Name: strings.TrimSpace(n.Title), Value: n.ID})
	}
	return choices(query, items)
}

// namedCampaign fills in the campaign of a character found through a shortcut that knows
// only its id (a player's played characters, as usableCharacterByToken and soleCharacter
// use them), for answers that name it. It reads the cached campaign list, so only those
// answers pay for it; a roll does not. When the list cannot be read the name stays empty.
func (h *Handlers) namedCampaign(ctx context.Context, c *Caller, ref *characterRef) {
	if ref.Campaign.Name != "" {
		return
	}
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return
	}
	if i := slices.IndexFunc(camps, func(camp vclient.Campaign) bool { return camp.ID == ref.Campaign.ID }); i >= 0 {
		ref.Campaign = camps[i]
	}
}

// usableCharacterByToken finds the character a custom_id names among those the caller may use.
func (h *Handlers) usableCharacterByToken(ctx context.Context, in *bot.Interaction, c *Caller, token string) (*characterRef, *bot.Response) {
	if !c.IsStoryteller() {
		// A player may use exactly the characters they play: the identity load cached them.
		if played, ok := h.Lookups.PlayedCharacters(ctx, c.CompanyID(), c.UserID); ok {
			if ch, ok := byToken(played, func(ch vclient.Character) string { return ch.ID }, token); ok {
				return &characterRef{Character: *ch, Campaign: vclient.Campaign{ID: ch.CampaignID}}, nil
			}
		}
	}
	chars, err := h.usableCharacters(ctx, c)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	ref, ok := byToken(chars, func(r characterRef) string { return r.ID }, token)
	if !ok {
		return nil, notFound("Character")
	}
	return ref, nil
}

// findCampaign resolves a campaign option (id or typed name) among the company's campaigns.
func findCampaign(input string, camps []vclient.Campaign) (*vclient.Campaign, *bot.Response) {
	camp, err := findByIDOrName("campaign", input, camps,
		func(c vclient.Campaign) string { return c.ID },
		func(c vclient.Campaign) string { return c.Name })
	if err != nil {
		return nil, unresolved(err)
	}
	return &camp, nil
}

// callerAnd resolves the caller, then the option through find (one of the own* lookups, so the
// thing is looked for only in the caller's own list). A non-nil response ends the command.
func callerAnd[T any](ctx context.Context, h *Handlers, in *bot.Interaction, option string,
	find func(context.Context, *bot.Interaction, *Caller, string) (*T, *bot.Response)) (*Caller, *T, *bot.Response) {
	input, _ := in.StringOption(option)
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return nil, nil, resp
	}
	v, resp := find(ctx, in, c, input)
	if resp != nil {
		return nil, nil, resp
	}
	return c, v, nil
}

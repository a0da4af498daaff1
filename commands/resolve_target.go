package commands

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// characterRef is a character together with its campaign.
type characterRef struct {
	vclient.Character
	Campaign vclient.Campaign
}

// label is how a character appears in choices and lists: "Name — Campaign".
func (r characterRef) label() string { return r.Name + " — " + r.Campaign.Name }

// usableCharacters lists the characters the caller may act with: their own characters in every
// company campaign; storytellers and admins may use any character of the company.
func (h *Handlers) usableCharacters(ctx context.Context, c *Caller) ([]characterRef, error) {
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return nil, err
	}
	player := c.UserID
	if c.IsStoryteller() {
		player = ""
	}
	var out []characterRef
	for _, camp := range camps {
		chars, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, player, c.Viewer())
		if err != nil {
			return nil, err
		}
		for _, ch := range chars {
			out = append(out, characterRef{Character: ch, Campaign: camp})
		}
	}
	return out, nil
}

// characterOption resolves the `character` option, if given, against the characters the caller
// may use. It returns (nil, nil) when the option is absent.
func (h *Handlers) characterOption(ctx context.Context, in *bot.Interaction, c *Caller) (*characterRef, *bot.Response) {
	v, ok := in.StringOption("character")
	if !ok || strings.TrimSpace(v) == "" {
		return nil, nil
	}
	chars, err := h.usableCharacters(ctx, c)
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	ref, err := findByIDOrName("character", v, chars,
		func(r characterRef) string { return r.ID },
		func(r characterRef) string { return r.Name })
	if err != nil {
		return nil, unresolved(err)
	}
	return &ref, nil
}

// resolveCampaign applies SPEC §4.4 after the `character` option (whose campaign wins; see
// rollTarget): the `campaign` option, the channel's binding (a thread falls back to its
// parent), the guild's default, the company's only campaign.
func (h *Handlers) resolveCampaign(ctx context.Context, in *bot.Interaction, c *Caller) (*vclient.Campaign, *bot.Response) {
	option, _ := in.StringOption("campaign")
	if option = strings.TrimSpace(option); option != "" {
		camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
		if err != nil {
			return nil, h.failAsCaller(ctx, in, c, err)
		}
		return findCampaign(option, camps)
	}
	// The campaign list and the channel's binding are independent reads: do them at once, so a
	// warm roll waits for one Redis round trip here, not two.
	var (
		bound, boundIn string
		bindErr        = errors.New("binding not read")
	)
	done := h.async(ctx, in, func() { bound, boundIn, bindErr = h.channelCampaign(ctx, in, c) })
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	<-done
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	if bindErr != nil && len(camps) == 1 {
		// A binding can only name a campaign of the company: with one campaign the answer does
		// not depend on the state we could not read.
		return &camps[0], nil
	}
	if bindErr != nil {
		return nil, userError("I can't read this channel's campaign right now (bot state is unavailable). Pass `campaign:` or `character:` explicitly.")
	}
	if bound != "" && !slices.ContainsFunc(camps, func(camp vclient.Campaign) bool { return camp.ID == bound }) {
		return nil, h.dropStaleBinding(ctx, in, c, boundIn, bound)
	}
	for _, id := range []string{bound, c.Guild.DefaultCampaignID} {
		for i := range camps {
			if id != "" && camps[i].ID == id {
				return &camps[i], nil
			}
		}
	}
	if len(camps) == 1 {
		return &camps[0], nil
	}
	return nil, userError("I don't know which campaign you mean here. Pass `character:` or `campaign:`, or ask a storyteller to bind this channel with `/campaign set`.")
}

// channelCampaign reads the channel's campaign binding and the channel that holds it; a
// thread without its own binding uses its parent channel's.
func (h *Handlers) channelCampaign(ctx context.Context, in *bot.Interaction, c *Caller) (campaignID, channelID string, err error) {
	id, err := h.Store.ChannelCampaign(ctx, c.Guild.ID, in.ChannelID)
	if err != nil || id != "" {
		return id, in.ChannelID, err
	}
	if parent := in.ParentChannelID(); parent != "" {
		id, err = h.Store.ChannelCampaign(ctx, c.Guild.ID, parent)
		return id, parent, err
	}
	return "", "", nil
}

// msgStaleBinding answers a command whose channel is bound to a campaign that no longer
// resolves (deleted, or an id from before the API's migration).
const msgStaleBinding = "This channel's campaign no longer exists in Valentina; a storyteller can bind it again with `/campaign set`."

// dropStaleBinding forgets a channel binding that no longer resolves, so the next command is
// not stopped by it, and says so.
func (h *Handlers) dropStaleBinding(ctx context.Context, in *bot.Interaction, c *Caller, channelID, campaignID string) *bot.Response {
	h.logFor(in).WarnContext(ctx, "stale channel binding dropped", "channel", channelID, "campaign", campaignID)
	if err := h.Store.UnbindStaleChannel(ctx, c.Guild.ID, channelID, campaignID); err != nil {
		h.logFor(in).ErrorContext(ctx, "drop stale channel binding", "err", err)
	}
	r := userError(msgStaleBinding)
	r.Outcome = outcomeNotFound
	return r
}

// resolveCharacter picks the character to roll with in a campaign: the caller's default there
// (`/character set`), else their only character in it.
func (h *Handlers) resolveCharacter(ctx context.Context, in *bot.Interaction, c *Caller, camp *vclient.Campaign) (*characterRef, *bot.Response) {
	// The character list and the stored default are independent reads: do them at once.
	var (
		def    string
		defErr = errors.New("default character not read")
	)
	done := h.async(ctx, in, func() { def, defErr = h.Store.DefaultCharacter(ctx, c.Guild.ID, c.DiscordID, camp.ID) })
	mine, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, c.UserID, c.Viewer())
	<-done
	if err != nil {
		return nil, h.failAsCaller(ctx, in, c, err)
	}
	if err := defErr; err != nil && len(mine) == 1 && !c.IsStoryteller() {
		// A player's default can only be one of their own characters: with one, the unread
		// state cannot change the answer. (A storyteller's default may be any character.)
		return &characterRef{Character: mine[0], Campaign: *camp}, nil
	}
	if defErr != nil {
		return nil, userError("I can't read your default character right now (bot state is unavailable). Pass `character:` explicitly.")
	}
	if def != "" {
		usable, known := mine, true
		if c.IsStoryteller() {
			// Storytellers may set any character of the campaign as their default.
			all, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, "", c.Viewer())
			if err == nil {
				usable = all
			}
			known = err == nil
		}
		for _, ch := range usable {
			if ch.ID == def {
				return &characterRef{Character: ch, Campaign: *camp}, nil
			}
		}
		if known {
			return nil, h.dropStaleDefault(ctx, in, c, camp, def)
		}
	}
	switch len(mine) {
	case 1:
		return &characterRef{Character: mine[0], Campaign: *camp}, nil
	case 0:
		return nil, userError("You have no character in %s. Pass `character:` to choose one.", camp.Name)
	}
	list := make([]string, 0, 5)
	for i, ch := range mine {
		if i == 5 {
			break
		}
		list = append(list, ch.Name)
	}
	return nil, userError("You have several characters in %s (%s). Pass `character:` or set a default with `/character set`.", camp.Name, strings.Join(list, ", "))
}

// dropStaleDefault forgets a default character that is no longer among the caller's usable
// characters of the campaign (deleted, given away, or an id from before the API's
// migration), and asks for it to be set again.
func (h *Handlers) dropStaleDefault(ctx context.Context, in *bot.Interaction, c *Caller, camp *vclient.Campaign, characterID string) *bot.Response {
	h.logFor(in).WarnContext(ctx, "stale default character dropped", "campaign", camp.ID, "character", characterID)
	if err := h.Store.DropStaleDefaultCharacter(ctx, c.Guild.ID, c.DiscordID, camp.ID, characterID); err != nil {
		h.logFor(in).ErrorContext(ctx, "drop stale default character", "err", err)
	}
	r := userError("Your default character in %s no longer exists in Valentina; set it again with `/character set` (or pass `character:`).", camp.Name)
	r.Outcome = outcomeNotFound
	return r
}

// quickrollTarget is rollTarget for /quickroll, whose embed needs no campaign name: a player's
// sole character is found without listing campaigns and characters.
func (h *Handlers) quickrollTarget(ctx context.Context, in *bot.Interaction, c *Caller) (*characterRef, *bot.Response) {
	if _, given := in.StringOption("character"); !given {
		if ref := h.soleCharacter(ctx, in, c); ref != nil {
			return ref, nil
		}
	}
	return h.rollTarget(ctx, in, c)
}

// rollTarget resolves the character (and so the campaign) a roll uses.
func (h *Handlers) rollTarget(ctx context.Context, in *bot.Interaction, c *Caller) (*characterRef, *bot.Response) {
	if ref, resp := h.characterOption(ctx, in, c); resp != nil || ref != nil {
		return ref, resp
	}
	camp, resp := h.resolveCampaign(ctx, in, c)
	if resp != nil {
		return nil, resp
	}
	return h.resolveCharacter(ctx, in, c, camp)
}

// soleCharacter is the roll target of a player who plays exactly one character in the company,
// when nothing in this channel or the guild names another campaign and their default (if
// any) is that character: the character and its campaign, from the characters the identity
// load cached, with no campaign or character listing (SPEC §11.4's cold /quickroll). A live
// character proves its campaign exists (deleting a campaign deletes its characters). nil
// whenever any of that is unknown: the caller then resolves the campaign as usual.
func (h *Handlers) soleCharacter(ctx context.Context, in *bot.Interaction, c *Caller) *characterRef {
	if c.IsStoryteller() || c.Guild.DefaultCampaignID != "" {
		return nil
	}
	if v, _ := in.StringOption("campaign"); strings.TrimSpace(v) != "" {
		return nil
	}
	var (
		bound   string
		bindErr error
	)
	done := h.async(ctx, in, func() { bound, _, bindErr = h.channelCampaign(ctx, in, c) })
	played, ok := h.Lookups.PlayedCharacters(ctx, c.CompanyID(), c.UserID)
	<-done
	if !ok || len(played) != 1 || bindErr != nil {
		return nil
	}
	ch := played[0]
	if bound != "" && bound != ch.CampaignID {
		return nil
	}
	def, err := h.Store.DefaultCharacter(ctx, c.Guild.ID, c.DiscordID, ch.CampaignID)
	if err != nil || def != "" && def != ch.ID {
		return nil
	}
	return &characterRef{Character: ch, Campaign: vclient.Campaign{ID: ch.CampaignID}}
}

// characterChoices is the `character` autocomplete: the caller's characters in every campaign,
// and for storytellers the other characters of the resolved campaign too.
func (h *Handlers) characterChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		h.choicesFailed(ctx, in, err)
		return noChoices()
	}
	var items []choice
	for _, camp := range camps {
		chars, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, c.UserID, c.Viewer())
		if err != nil {
			continue
		}
		for _, ch := range chars {
			items = append(items, choice{Name: characterRef{ch, camp}.label(), Value: ch.ID})
		}
	}
	if c.IsStoryteller() {
		if camp, resp := h.resolveCampaign(ctx, in, c); resp == nil {
			if chars, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, "", c.Viewer()); err == nil {
				for _, ch := range chars {
					items = append(items, choice{Name: characterRef{ch, *camp}.label(), Value: ch.ID})
				}
			}
		}
	}
	return choices(query, items)
}

// campaignChoices is the `campaign` autocomplete: the company's campaigns.
func (h *Handlers) campaignChoices(ctx context.Context, in *bot.Interaction, c *Caller, query string) *bot.Response {
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		h.choicesFailed(ctx, in, err)
		return noChoices()
	}
	items := make([]choice, 0, len(camps))
	for _, camp := range camps {
		items = append(items, choice{Name: camp.Name, Value: camp.ID})
	}
	return choices(query, items)
}

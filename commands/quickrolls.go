package commands

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
)

// Custom-id prefixes and bounds of /quickrolls.
const (
	quickrollsListPrefix = "ql" // ql:<page>:<owner>
	quickrollDelPrefix   = "qd" // qd:<quickroll id>:<owner>
	quickrollKeepPrefix  = "qk" // qk:<owner>
	quickrollNameMin     = 3
	quickrollNameMax     = 50
	quickrollDescMin     = 3
	quickrollDescMax     = 100
	maxQuickrollTraits   = 5
)

// What /quickrolls says (its embeds are in quickrolls_view.go).
const (
	msgQRNameLength      = "`name` must be %d–%d characters (it was %d)."
	msgQRDescLength      = "`description` must be %d–%d characters (it was %d)."
	msgQRNoCharacter     = "Traits come from your character, and I can't tell which one: %s"
	msgQRNameTaken       = "You already have a quickroll named **%s** (Valentina: %s). Choose another name."
	msgQRNeedsName       = "Give the quickroll a `name` (%d–%d characters)."
	msgQRNeedsTrait      = "Choose at least one trait with `trait1`."
	msgQRCreated         = "Created quickroll **%s**: %s on %s."
	msgQRNothingToChange = "Nothing to change: give a new `name`, `description` or traits (`trait1`…`trait5`)."
	msgQRUpdated         = "Updated quickroll **%s** (%s)."
	msgQRDeleted         = "Deleted your quickroll **%s**."
)

// traitOptionNames are the trait options of create and edit, in order.
var traitOptionNames = [maxQuickrollTraits]string{"trait1", "trait2", "trait3", "trait4", "trait5"}

// quickrollsCommand defines /quickrolls: manage the caller's quickrolls.
func quickrollsCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name: "quickrolls", Description: "Manage your quickrolls", Contexts: guildOnly(),
			Options: quickrollsSubcommands(),
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/quickrolls/list", h.listCommand(h.quickrollsPage), hiddenOption(true))
			m.Command("/quickrolls/create", bot.HandlerFunc(h.quickrollsCreate), bot.Ephemeral())
			m.Command("/quickrolls/edit", bot.HandlerFunc(h.quickrollsEdit), bot.Ephemeral())
			m.Command("/quickrolls/delete", bot.HandlerFunc(h.quickrollsDelete), bot.Ephemeral())
			sources := choiceSources{"quickroll": h.quickrollChoices}
			for _, t := range traitOptionNames {
				sources[t] = h.traitChoices
			}
			for _, p := range []string{"/quickrolls/create", "/quickrolls/edit", "/quickrolls/delete"} {
				m.Autocomplete(p, h.autocomplete(sources))
			}
			m.Component(quickrollsListPrefix, h.pageClick("/quickrolls list", h.quickrollsPage), bot.Updates())
			m.Component(quickrollDelPrefix, bot.HandlerFunc(h.quickrollDeleteClick), bot.Updates())
			m.Component(quickrollKeepPrefix, keepClick("quickroll"), bot.Updates())
		},
	}
}

// quickrollsSubcommands are list, create, edit and delete with their options (SPEC §4.3).
func quickrollsSubcommands() []*discordgo.ApplicationCommandOption {
	str := func(name, desc string, required, ac bool, minLen, maxLen int) *discordgo.ApplicationCommandOption {
		o := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name,
			Description: desc, Required: required, Autocomplete: ac}
		if minLen > 0 {
			o.MinLength = new(minLen)
			o.MaxLength = maxLen
		}
		return o
	}
	traits := func(firstRequired bool) []*discordgo.ApplicationCommandOption {
		out := make([]*discordgo.ApplicationCommandOption, 0, maxQuickrollTraits)
		for i, n := range traitOptionNames {
			out = append(out, str(n, fmt.Sprintf("Trait %d of the pool", i+1), firstRequired && i == 0, true, 0, 0))
		}
		return out
	}
	name := func(required bool) *discordgo.ApplicationCommandOption {
		return str("name", "Quickroll name (3–50 characters)", required, false, quickrollNameMin, quickrollNameMax)
	}
	desc := str("description", "What it is for (3–100 characters)", false, false, quickrollDescMin, quickrollDescMax)
	qrOpt := str("quickroll", "One of your quickrolls", true, true, 0, 0)
	minPage := 1.0
	create := append([]*discordgo.ApplicationCommandOption{name(true)}, traits(true)...)
	create = append(create, desc)
	edit := append([]*discordgo.ApplicationCommandOption{qrOpt, name(false), desc}, traits(false)...)
	return []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List your quickrolls with their pools",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Page number (1)", MinValue: &minPage},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "hidden", Description: "Only you see the list (true)"},
			}},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "create", Description: "Create a quickroll from up to five traits", Options: create},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "edit", Description: "Change one of your quickrolls", Options: edit},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete", Description: "Delete one of your quickrolls",
			Options: []*discordgo.ApplicationCommandOption{qrOpt}},
	}
}

// quickrollsPage is one page of the caller's quickrolls, with pools on the resolved character.
func (h *Handlers) quickrollsPage(ctx context.Context, in *bot.Interaction, c *Caller, page int, kind bot.ResponseKind) *bot.Response {
	qrs, err := h.ownQuickrolls(ctx, c)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	pages := pageCount(len(qrs))
	page = clampPage(page, pages)
	lo, hi := pageBounds(page, len(qrs))
	pools := h.qrsPoolInfo(ctx, in, c)
	rows := make([]quickrollRow, 0, hi-lo)
	for _, q := range qrs[lo:hi] {
		rows = append(rows, quickrollRow{Quickroll: q, Traits: h.qrsTraitLabels(ctx, c, q.TraitIDs, pools)})
	}
	return &bot.Response{Kind: kind, Ephemeral: hidden(in, true), Message: bot.Message{
		Embeds:     []*discordgo.MessageEmbed{quickrollsEmbed(rows, pools, page, pages, len(qrs))},
		Components: orEmpty(pagerRow(quickrollsListPrefix, page, pages, c.DiscordID)),
	}}
}

// qrsPoolInfo is the character whose pools the list shows, with its traits by blueprint trait id;
// nil when no character resolves here (the list then shows trait names only).
func (h *Handlers) qrsPoolInfo(ctx context.Context, in *bot.Interaction, c *Caller) *characterPools {
	ref, resp := h.rollTarget(ctx, in, c)
	if resp != nil {
		return nil
	}
	traits, err := h.Lookups.CharacterTraits(ctx, c.CompanyID(), ref.Campaign.ID, ref.ID, c.Viewer())
	if err != nil {
		return nil
	}
	return &characterPools{Character: *ref, Traits: traits}
}

// qrsTraitLabels names a quickroll's traits: with their values when a character resolves here,
// else by their (cached) blueprint names.
func (h *Handlers) qrsTraitLabels(ctx context.Context, c *Caller, ids []string, pools *characterPools) []poolTrait {
	name := h.traitNamer(ctx, c)
	if pools == nil {
		return poolNames(ids, name)
	}
	pool, _ := buildPool(ids, pools.Traits, name)
	return pool
}

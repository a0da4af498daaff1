package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// /character sheet shows a character's full sheet (GET …/full-sheet, v2), one page per sheet
// section: a section too big for one message continues on the next page. Prev/Next carry the
// character and the page in their custom_id, "cs:<character>:<page>:<owner>", so they work
// after a restart and on any replica; the character is found again in what the clicker may use.

// characterSheetPrefix routes the sheet's Prev/Next buttons.
const characterSheetPrefix = "cs"

// Budgets of one sheet page, below Discord's limits with room for the title and footer.
const (
	sheetPageChars = 5000
	sheetLineName  = 60 // a trait name is cut to this many characters on its line
)

// characterSheetSubcommand is the definition of /character sheet.
func characterSheetSubcommand() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "sheet",
		Description: "Show a character's full sheet",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "character", Description: "Whose sheet (default: yours here)",
				Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "hidden", Description: "Only you see it (default true)"},
		},
	}
}

// mountCharacterSheet adds /character sheet's routes: the v1 API has no full sheet.
func (h *Handlers) mountCharacterSheet(m *bot.Mux) {
	m.Command("/character/sheet", h.needsV2(bot.HandlerFunc(h.characterSheet)), hiddenOption(true))
	m.Autocomplete("/character/sheet", h.autocomplete(choiceSources{"character": h.characterChoices}))
	m.Component(characterSheetPrefix, h.needsV2(bot.HandlerFunc(h.characterSheetClick)), bot.Updates())
}

// characterSheet shows the first page of the sheet of the resolved character.
func (h *Handlers) characterSheet(ctx context.Context, in *bot.Interaction) *bot.Response {
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	char, resp := h.rollTarget(ctx, in, c)
	if resp != nil {
		return resp
	}
	r := h.sheetPage(ctx, in, c, char, 1, bot.NewMessage)
	if r.Kind == bot.NewMessage && r.Outcome == outcomeOK {
		r.Ephemeral = hidden(in, true)
	}
	return r
}

// characterSheetClick turns a sheet's page.
func (h *Handlers) characterSheetClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	parts := strings.Split(in.CustomID(), ":")
	if len(parts) != 4 || !isIDToken(parts[1]) {
		return userError("This button is broken. Run `/character sheet` again.")
	}
	page, ok := boundedInt(parts[2], 1, 1000)
	if !ok {
		return userError("This button is broken. Run `/character sheet` again.")
	}
	if parts[3] != in.UserID() {
		return notYours()
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	char, resp := h.usableCharacterByToken(ctx, in, c, parts[1])
	if resp != nil {
		return resp
	}
	h.namedCampaign(ctx, c, char) // the footer names it
	return h.sheetPage(ctx, in, c, char, page, bot.UpdateMessage)
}

// sheetPage reads the sheet on the caller's behalf and renders one page of it.
func (h *Handlers) sheetPage(ctx context.Context, in *bot.Interaction, c *Caller, char *characterRef, page int, kind bot.ResponseKind) *bot.Response {
	sheet, err := h.as(c).Characters(c.CompanyID(), char.Campaign.ID).FullSheet(ctx, char.ID)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	pages := sheetPages(sheet)
	page = clampPage(page, len(pages))
	e := pages[page-1]
	e.Title = truncate(fmt.Sprintf("%s — %s", char.Name, e.Title), maxEmbedTitle)
	e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %s", page, len(pages), truncate(char.Campaign.Name, 100))}
	prefix := characterSheetPrefix + ":" + compactID(char.ID)
	return &bot.Response{Kind: kind, Outcome: outcomeOK, Message: bot.Message{
		Embeds: []*discordgo.MessageEmbed{e}, Components: orEmpty(pagerRow(prefix, page, len(pages), c.DiscordID)),
	}}
}

// sheetGroup is one field's worth of traits: a category or a subcategory.
type sheetGroup struct {
	name  string
	lines []string
}

// sheetPages lays a sheet out as embeds, one or more per section in the API's order, each
// within Discord's limits: a group's lines are split across fields of ≤1024 characters, and a
// page closes before 25 fields or sheetPageChars characters. Empty groups are left out; a
// sheet without any trait is one page saying so.
func sheetPages(sheet *vclient.FullSheet) []*discordgo.MessageEmbed {
	sections := slices.Clone(sheet.Sections)
	slices.SortStableFunc(sections, func(a, b vclient.SheetSection) int { return a.Order - b.Order })
	var pages []*discordgo.MessageEmbed
	for _, s := range sections {
		fields := sectionFields(s)
		if len(fields) == 0 {
			continue
		}
		title := truncate(oneLine(s.Name), 100)
		cur := &discordgo.MessageEmbed{Title: title, Color: colorInfo}
		size := 0
		for _, f := range fields {
			n := runeLen(f.Name) + runeLen(f.Value)
			if len(cur.Fields) == maxFields || (len(cur.Fields) > 0 && size+n > sheetPageChars) {
				pages = append(pages, cur)
				cur = &discordgo.MessageEmbed{Title: title + " (cont.)", Color: colorInfo}
				size = 0
			}
			cur.Fields = append(cur.Fields, f)
			size += n
		}
		pages = append(pages, cur)
	}
	if len(pages) == 0 {
		return []*discordgo.MessageEmbed{{Title: "Sheet", Description: "No traits on this sheet yet.", Color: colorInfo}}
	}
	return pages
}

// sectionFields is a section's categories and subcategories as fields, in sheet order.
func sectionFields(s vclient.SheetSection) []*discordgo.MessageEmbedField {
	cats := slices.Clone(s.Categories)
	slices.SortStableFunc(cats, func(a, b vclient.SheetCategory) int { return a.Order - b.Order })
	var out []*discordgo.MessageEmbedField
	for _, cat := range cats {
		groups := []sheetGroup{{name: cat.Name, lines: traitLines(cat.CharacterTraits)}}
		for _, sub := range cat.Subcategories {
			groups = append(groups, sheetGroup{name: cat.Name + " · " + sub.Name, lines: traitLines(sub.CharacterTraits)})
		}
		for _, g := range groups {
			out = append(out, groupFields(g)...)
		}
	}
	return out
}

// traitLines is one line per trait, "Strength ●●●○○", in name order.
func traitLines(traits []vclient.CharacterTrait) []string {
	ts := slices.Clone(traits)
	slices.SortStableFunc(ts, func(a, b vclient.CharacterTrait) int { return strings.Compare(a.Trait.Name, b.Trait.Name) })
	lines := make([]string, 0, len(ts))
	for _, t := range ts {
		scale := t.Trait.MaxValue
		if scale <= 0 {
			scale = 5
		}
		lines = append(lines, fmt.Sprintf("%s %s", truncate(oneLine(nameOr(t.Trait.Name, "?")), sheetLineName), dots(t.Value, scale)))
	}
	return lines
}

// groupFields packs a group's lines into fields of at most 1024 characters.
func groupFields(g sheetGroup) []*discordgo.MessageEmbedField {
	if len(g.lines) == 0 {
		return nil
	}
	name := truncate(oneLine(nameOr(g.name, "Traits")), 200)
	var out []*discordgo.MessageEmbedField
	var b strings.Builder
	flush := func() {
		fname := name
		if len(out) > 0 {
			fname = name + " (cont.)"
		}
		out = append(out, &discordgo.MessageEmbedField{Name: fname, Value: b.String(), Inline: true})
		b.Reset()
	}
	for _, l := range g.lines {
		if b.Len() > 0 && runeLen(b.String())+1+runeLen(l) > maxFieldValue {
			flush()
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	flush()
	return out
}

package commands

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/vclient"
)

// characterPools is the character a quickrolls list measures pools on, with its traits.
type characterPools struct {
	Character characterRef
	Traits    []vclient.CharacterTrait
}

// quickrollRow is one quickroll of a list page with its traits named.
type quickrollRow struct {
	vclient.Quickroll
	Traits []poolTrait
}

// Per-field caps keep ten quickrolls well inside the 6000-character message total.
const (
	quickrollFieldName  = 100
	quickrollFieldValue = 400
)

// quickrollsEmbed is one page of the quickrolls list: each quickroll's traits, and its pool on
// the resolved character when there is one.
func quickrollsEmbed(rows []quickrollRow, pools *characterPools, page, pages, total int) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "Your quickrolls", Color: colorInfo}
	switch {
	case total == 0:
		e.Description = "You have no quickrolls yet. Create one with `/quickrolls create`."
		return e
	case pools != nil:
		e.Description = fmt.Sprintf("Pools for **%s**.", truncate(pools.Character.label(), 200))
	default:
		e.Description = "No character resolves here, so pools are not shown. Set one with `/character set`."
	}
	for _, r := range rows {
		e.Fields = append(e.Fields, field(truncate(r.Name, quickrollFieldName), truncate(quickrollLine(r, pools != nil), quickrollFieldValue), false))
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d/%d · %s", page, pages, plural(total, "quickroll", "quickrolls"))}
	return e
}

// quickrollLine is "Strength 3 + Brawl 2 = 5" (with a character) or "Strength + Brawl", then
// the description on its own line.
func quickrollLine(r quickrollRow, withPool bool) string {
	var b strings.Builder
	b.WriteString(qrsPoolText(r.Traits, withPool))
	if d := strings.TrimSpace(r.Description); d != "" {
		b.WriteString("\n*" + oneLine(d) + "*")
	}
	return b.String()
}

// qrsPoolText is a quickroll's pool: "Strength 3 + Brawl 2 = 5" on a character (a trait it
// lacks shows as "Name —"), or "Strength + Brawl" without one.
func qrsPoolText(pool []poolTrait, withPool bool) string {
	switch {
	case len(pool) == 0:
		return "no traits"
	case withPool:
		return poolText(pool, true, poolSum(pool))
	}
	return traitNames(pool, " + ")
}

// traitNames joins the names of a pool's traits ("—" for none).
func traitNames(pool []poolTrait, sep string) string {
	if len(pool) == 0 {
		return "—"
	}
	names := make([]string, 0, len(pool))
	for _, t := range pool {
		names = append(names, t.Name)
	}
	return strings.Join(names, sep)
}

// quickrollAuditEmbed is the audit-channel post of a quickroll change.
func quickrollAuditEmbed(action string, c *Caller, name string, traits []poolTrait, desc string) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title: "Quickroll " + action,
		Color: colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			field("By", fmt.Sprintf("%s (%s)", c.Name, mention(c.DiscordID)), true),
			field("Quickroll", name, true),
		},
	}
	if traits != nil {
		e.Fields = append(e.Fields, field("Traits", traitNames(traits, ", "), false))
	}
	if desc != "" {
		e.Fields = append(e.Fields, field("Description", desc, false))
	}
	return e
}

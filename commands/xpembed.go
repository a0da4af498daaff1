package commands

import (
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/vclient"
)

// coolPointXP is the API's fixed exchange rate: 1 cool point = 10 XP (contract §4.6).
const coolPointXP = 10

// person is someone named in an XP message: their Valentina name, and a mention (which never
// pings) when the Discord id is known.
type person struct {
	Name, DiscordID string
}

// String is the Valentina name, with the mention after it when known.
func (p person) String() string {
	switch {
	case p.Name != "" && p.DiscordID != "":
		return fmt.Sprintf("%s (%s)", p.Name, mention(p.DiscordID))
	case p.Name != "":
		return p.Name
	case p.DiscordID != "":
		return mention(p.DiscordID)
	}
	return "someone"
}

// xpChange is one applied XP or cool-point write, as shown in the channel and the audit post.
type xpChange struct {
	Op            xpOp
	Amount        int
	Reason        string
	Campaign      string
	Actor, Target person
	Before, After vclient.CampaignExperience
}

// before derives the experience before the write from the API's answer and the delta, never
// from the cache or a second read (SPEC §4.3).
func (ch xpChange) before() vclient.CampaignExperience {
	b, a := ch.After, ch.Amount
	switch {
	case ch.Op.cool:
		b.XPCurrent -= coolPointXP * a
		b.XPTotal -= coolPointXP * a
		b.CoolPoints -= a
	case ch.Op.remove:
		b.XPCurrent += a
	default:
		b.XPCurrent -= a
		b.XPTotal -= a
	}
	return b
}

// summary is the one-line description of the change.
func (ch xpChange) summary() string {
	switch {
	case ch.Op.cool:
		return fmt.Sprintf("%s gave %s %s (+%d XP) in %s.", ch.Actor, ch.Target,
			plural(ch.Amount, "cool point", "cool points"), coolPointXP*ch.Amount, ch.Campaign)
	case ch.Op.remove:
		return fmt.Sprintf("%s removed %d XP from %s in %s.", ch.Actor, ch.Amount, ch.Target, ch.Campaign)
	}
	return fmt.Sprintf("%s awarded %d XP to %s in %s.", ch.Actor, ch.Amount, ch.Target, ch.Campaign)
}

// title is the embed title, e.g. "+5 XP for Alice".
func (ch xpChange) title() string {
	name := nameOr(ch.Target.Name, "member")
	switch {
	case ch.Op.cool:
		return fmt.Sprintf("+%s for %s", plural(ch.Amount, "cool point", "cool points"), name)
	case ch.Op.remove:
		return fmt.Sprintf("−%d XP for %s", ch.Amount, name)
	}
	return fmt.Sprintf("+%d XP for %s", ch.Amount, name)
}

// experienceFields shows current XP, total XP and cool points, before → after.
func experienceFields(before, after vclient.CampaignExperience) []*discordgo.MessageEmbedField {
	arrow := func(b, a int) string { return fmt.Sprintf("%d → %d", b, a) }
	return []*discordgo.MessageEmbedField{
		field("Current XP", arrow(before.XPCurrent, after.XPCurrent), true),
		field("Total XP", arrow(before.XPTotal, after.XPTotal), true),
		field("Cool points", arrow(before.CoolPoints, after.CoolPoints), true),
	}
}

// xpEmbed is the public message after an XP or cool-point write.
func xpEmbed(ch xpChange) *discordgo.MessageEmbed {
	fields := experienceFields(ch.Before, ch.After)
	if ch.Reason != "" {
		fields = append(fields, field("Reason", ch.Reason, false))
	}
	color := colorSuccess
	if ch.Op.remove {
		color = colorNeutral
	}
	return &discordgo.MessageEmbed{
		Title:       truncate(ch.title(), maxEmbedTitle),
		Description: truncate(ch.summary(), maxEmbedDescription),
		Color:       color,
		Fields:      fields,
	}
}

// xpAuditEmbed is the audit-channel post: actor, target, campaign, amount, before → after, reason.
func xpAuditEmbed(ch xpChange) *discordgo.MessageEmbed {
	what := map[string]string{"add": "XP added", "remove": "XP removed", "cool": "Cool points added"}[ch.Op.sub]
	amount := fmt.Sprintf("%d XP", ch.Amount)
	if ch.Op.cool {
		amount = fmt.Sprintf("%s (%d XP)", plural(ch.Amount, "cool point", "cool points"), coolPointXP*ch.Amount)
	}
	fields := []*discordgo.MessageEmbedField{
		field("Actor", ch.Actor.String(), true),
		field("Target", ch.Target.String(), true),
		field("Campaign", ch.Campaign, true),
		field("Amount", amount, true),
	}
	fields = append(fields, experienceFields(ch.Before, ch.After)...)
	fields = append(fields, field("Reason", nameOr(ch.Reason, "—"), false))
	return &discordgo.MessageEmbed{Title: what, Color: colorInfo, Fields: fields}
}

// xpViewEmbed is the private answer of /xp view.
func xpViewEmbed(who person, campaign string, xp vclient.CampaignExperience) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{
		Title:       truncate("Experience — "+nameOr(who.Name, "member"), maxEmbedTitle),
		Description: truncate(fmt.Sprintf("%s in %s", who, campaign), maxEmbedDescription),
		Color:       colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			field("Current XP", fmt.Sprint(xp.XPCurrent), true),
			field("Total XP", fmt.Sprint(xp.XPTotal), true),
			field("Cool points", fmt.Sprint(xp.CoolPoints), true),
		},
	}
}

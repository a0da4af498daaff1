package commands

import (
	"fmt"
	"math"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/vclient"
)

// barWidth is how many blocks a full (100 %) text bar has.
const barWidth = 10

// textBar draws a percentage as blocks, e.g. "█████░░░░░ 52%".
func textBar(pct float64) string {
	pct = math.Max(0, math.Min(100, pct))
	filled := int(math.Round(pct / 100 * barWidth))
	return strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled) + fmt.Sprintf(" %d%%", int(math.Round(pct)))
}

// average formats an average, or "—" when the API has none (no rolls with that value).
func average(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f", *v)
}

// statsEmbed shows roll statistics of subject ("Alice", "Mara Voss — Chicago by Night",
// "Chicago by Night (all players)"): counts and percentages with bars, averages, top traits.
func statsEmbed(subject string, st *vclient.RollStatistics) *discordgo.MessageEmbed {
	title := truncate("Roll statistics — "+subject, maxEmbedTitle)
	if st == nil || st.TotalRolls == 0 {
		return &discordgo.MessageEmbed{Title: title, Color: colorNeutral,
			Description: "No rolls yet. Statistics appear after the first `/roll` or `/quickroll`."}
	}
	outcomes := []struct {
		name  string
		count int
		pct   float64
	}{
		{"Critical", st.Criticals, st.CriticalsPercentage},
		{"Success", st.Successes, st.SuccessPercentage},
		{"Failure", st.Failures, st.FailurePercentage},
		{"Botch", st.Botches, st.BotchPercentage},
	}
	var b strings.Builder
	for _, o := range outcomes {
		fmt.Fprintf(&b, "%-8s %4d  %s\n", o.name, o.count, textBar(o.pct))
	}
	fields := []*discordgo.MessageEmbedField{
		field("Total rolls", fmt.Sprint(st.TotalRolls), true),
		field("Average difficulty", average(st.AverageDifficulty), true),
		field("Average pool", average(st.AveragePool), true),
		field("Outcomes", "```\n"+b.String()+"```", false),
		field("Top traits", topTraitsText(st.TopTraits), false),
	}
	return &discordgo.MessageEmbed{Title: title, Color: colorInfo, Fields: fields}
}

// topTraitsText lists the most used traits by name with their usage counts.
func topTraitsText(traits []vclient.TopTrait) string {
	if len(traits) == 0 {
		return "—"
	}
	lines := make([]string, 0, len(traits))
	for i, t := range traits {
		name := strings.TrimSpace(t.Name)
		if name == "" {
			name = "Unknown trait"
		}
		lines = append(lines, fmt.Sprintf("%d. %s — %s", i+1, truncate(name, 60), plural(t.UsageCount, "roll", "rolls")))
	}
	return truncate(strings.Join(lines, "\n"), maxFieldValue)
}

package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

func TestTextBar(t *testing.T) {
	tests := []struct {
		pct  float64
		want string
	}{
		{0, "░░░░░░░░░░ 0%"},
		{52, "█████░░░░░ 52%"},
		{55, "██████░░░░ 55%"},
		{33.333, "███░░░░░░░ 33%"},
		{100, "██████████ 100%"},
		{140, "██████████ 100%"},
		{-3, "░░░░░░░░░░ 0%"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.3g%% draws %q", tt.pct, tt.want), func(t *testing.T) {
			assert.Equal(t, tt.want, textBar(tt.pct))
		})
	}
}

func TestStatsEmbed(t *testing.T) {
	diff, pool := 6.5, 5.25
	st := &vclient.RollStatistics{TotalRolls: 25, Criticals: 3, Successes: 13, Failures: 7, Botches: 2,
		CriticalsPercentage: 12, SuccessPercentage: 52, FailurePercentage: 28, BotchPercentage: 8,
		AverageDifficulty: &diff, AveragePool: &pool,
		TopTraits: []vclient.TopTrait{{Name: "Strength", UsageCount: 9}, {Name: "", UsageCount: 1, TraitID: "x"}}}

	t.Run("shows counts, bars, averages and traits by name", func(t *testing.T) {
		e := statsEmbed("Alice", st)
		assert.Equal(t, "Roll statistics — Alice", e.Title)
		out := statsTestText(e)
		for _, want := range []string{"Total rolls: 25", "Success    13  █████░░░░░ 52%", "Critical    3  █░░░░░░░░░ 12%",
			"Failure     7  ███░░░░░░░ 28%", "Botch       2  █░░░░░░░░░ 8%", "Average difficulty: 6.5", "Average pool: 5.2",
			"1. Strength — 9 rolls", "2. Unknown trait — 1 roll"} {
			assert.Contains(t, out, want)
		}
	})
	t.Run("null averages show a dash", func(t *testing.T) {
		e := statsEmbed("Alice", &vclient.RollStatistics{TotalRolls: 1, Failures: 1, FailurePercentage: 100})
		out := statsTestText(e)
		assert.Contains(t, out, "Average difficulty: —")
		assert.Contains(t, out, "Average pool: —")
		assert.Contains(t, out, "Top traits: —")
	})
	t.Run("no rolls is a friendly message", func(t *testing.T) {
		for _, empty := range []*vclient.RollStatistics{nil, {}} {
			e := statsEmbed("Chicago by Night (all players)", empty)
			assert.Contains(t, e.Description, "No rolls yet")
			assert.Empty(t, e.Fields)
		}
	})
	t.Run("stays within Discord's limits", func(t *testing.T) {
		big := *st
		big.TopTraits = nil
		for i := range 10 {
			big.TopTraits = append(big.TopTraits, vclient.TopTrait{Name: strings.Repeat("Long trait name ", 20) + fmt.Sprint(i), UsageCount: 99999})
		}
		e := statsEmbed(strings.Repeat("Someone with a very long name ", 20), &big)
		statsTestWithinLimits(t, e)
	})
}

// statsTestText flattens one embed the way a user reads it.
func statsTestText(e *discordgo.MessageEmbed) string {
	return text(&bot.Response{Message: bot.Message{Embeds: []*discordgo.MessageEmbed{e}}})
}

// statsTestWithinLimits checks an embed against Discord's limits.
func statsTestWithinLimits(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	n := func(s string) int { return len([]rune(s)) }
	total := n(e.Title) + n(e.Description)
	assert.LessOrEqual(t, n(e.Title), maxEmbedTitle)
	assert.LessOrEqual(t, n(e.Description), maxEmbedDescription)
	require.LessOrEqual(t, len(e.Fields), maxFields)
	for _, f := range e.Fields {
		assert.NotEmpty(t, f.Value)
		assert.LessOrEqual(t, n(f.Name), maxFieldName)
		assert.LessOrEqual(t, n(f.Value), maxFieldValue)
		total += n(f.Name) + n(f.Value)
	}
	assert.LessOrEqual(t, total, maxEmbedTotal)
}

package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type named struct{ id, name string }

func TestFindByIDOrName(t *testing.T) {
	items := []named{{"aaaaaaaaaaaaaaaaaaaaaaa1", "Strength + Brawl"}, {"aaaaaaaaaaaaaaaaaaaaaaa2", "Strength + Melee"}, {"aaaaaaaaaaaaaaaaaaaaaaa3", "Dexterity + Firearms"}}
	id := func(n named) string { return n.id }
	name := func(n named) string { return n.name }
	tests := []struct {
		name, input, wantID, wantErr string
	}{
		{"an id from autocomplete", "aaaaaaaaaaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaaaaaaaaaa3", ""},
		{"an exact name in any case", "strength + brawl", "aaaaaaaaaaaaaaaaaaaaaaa1", ""},
		{"a unique prefix", "dex", "aaaaaaaaaaaaaaaaaaaaaaa3", ""},
		{"an ambiguous prefix lists the matches", "Strength", "", `"Strength" matches several quickrolls: Strength + Brawl, Strength + Melee.`},
		{"a typo suggests close names", "Strenght + Brawl", "", `No quickroll called "Strenght + Brawl". Close matches: Strength + Brawl`},
		{"a foreign id is just not found", "bbbbbbbbbbbbbbbbbbbbbbbb", "", "Quickroll not found."},
		{"a foreign UUID is just not found", "123e4567-e89b-12d3-a456-426614174000", "", "Quickroll not found."},
		{"nothing given asks for one", "  ", "", "Choose a quickroll."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := findByIDOrName("quickroll", tt.input, items, id, name)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "bbbbbbbb", "a foreign id is never echoed")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantID, got.id)
		})
	}
}

func TestRankChoicesPutsPrefixBeforeSubstringAndCapsAtDiscordLimits(t *testing.T) {
	var items []choice
	for i := range 40 {
		items = append(items, choice{Name: "Brawl " + string(rune('a'+i%26)) + string(make([]byte, 0)), Value: "id" + string(rune('A'+i))})
	}
	items = append([]choice{{Name: "Strength + Brawl", Value: "s"}}, items...)
	long := choice{Name: string(make([]rune, 0)) + "Brawl " + string(make([]byte, 200)), Value: "long"}
	items = append(items, long)
	got := rankChoices("brawl", items)
	require.Len(t, got, 25)
	assert.NotEqual(t, "s", got[0].Value, "prefix matches come before substring matches")
	for _, c := range got {
		assert.LessOrEqual(t, len([]rune(c.Name)), 100)
	}
}

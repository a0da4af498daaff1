package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/noirbot/noirbot/vclient"
)

func TestDotsDrawARatingOnItsScale(t *testing.T) {
	assert.Equal(t, "●●●○○", dots(3, 5))
	assert.Equal(t, "○○○○○", dots(-2, 5), "a negative value draws no dot")
	assert.Equal(t, "●●●●●", dots(9, 5), "a value above the scale is clamped")
	assert.Len(t, []rune(dots(500, 500)), 20, "a huge scale cannot blow up a line")
}

func TestHistoryLineNeverCrashesOnOddRolls(t *testing.T) {
	six, two := 6, 2
	when := time.Unix(1_800_000_000, 0)
	for _, tt := range []struct {
		name string
		roll vclient.DiceRoll
		want string
	}{
		{"a scored roll", vclient.DiceRoll{NumDice: 5, NumDesperationDice: 1, Difficulty: &six, DateCreated: when,
			Result: &vclient.RollResult{TotalResult: &two, TotalResultType: vclient.ResultSuccess}},
			"**Success** · 2 successes · pool 5 + 1 desperation · difficulty 6 · Mara · <t:1800000000:R>"},
		{"a migrated roll", vclient.DiceRoll{NumDice: 3, Difficulty: &six, DateCreated: when,
			Result: &vclient.RollResult{TotalResultType: vclient.ResultBotch, TotalResultHumanized: "Botch"}},
			"**Botch** · successes not recorded · pool 3 · difficulty 6 · Mara · <t:1800000000:R>"},
		{"a roll without a result or a date", vclient.DiceRoll{NumDice: 1}, "**Rolled** · pool 1 · Mara"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, historyLine(tt.roll, "Mara"))
		})
	}
}

func TestSpendChoiceLabelShowsTheNextDotsCost(t *testing.T) {
	trait := vclient.Trait{Name: "Firearms", MaxValue: 5, InitialCost: 1, UpgradeCost: 2}
	assert.Equal(t, "Firearms 0 → 1 · 1 XP", spendChoiceLabel(vclient.CharacterTrait{Value: 0, Trait: trait}))
	assert.Equal(t, "Firearms 3 → 4 · 8 XP", spendChoiceLabel(vclient.CharacterTrait{Value: 3, Trait: trait}))
	assert.Equal(t, "Firearms 5 (max)", spendChoiceLabel(vclient.CharacterTrait{Value: 5, Trait: trait}))
}

func TestSheetPagesOfAnEmptySheetIsOnePage(t *testing.T) {
	pages := sheetPages(&vclient.FullSheet{Sections: []vclient.SheetSection{{Name: "Attributes",
		Categories: []vclient.SheetCategory{{Name: "Physical"}}}}})
	assert.Len(t, pages, 1)
	assert.Equal(t, "No traits on this sheet yet.", pages[0].Description)
}

func FuzzParseSpendID(f *testing.F) {
	f.Add("xs:" + strings.Repeat("a", 32) + ":" + strings.Repeat("b", 32) + ":5:300")
	f.Add("xs::::")
	f.Add("xs:a:b:-1:300")
	f.Fuzz(func(t *testing.T, id string) {
		c, ok := parseSpendID(id)
		if ok {
			assert.True(t, c.target >= 1 && c.target <= 100, "target %d", c.target)
			assert.NotEmpty(t, c.character)
			assert.NotEmpty(t, c.trait)
		}
	})
}
